// Real non-Node runtimes for tests: the request-table app (table-app.ts) bundled once by esbuild,
// then served on loopback by workerd (through miniflare), Deno and Bun, each from its npm package.
// Every runtime runs the same bundle, so a difference between them is the runtime's, not ours.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export type RuntimeName = 'workerd' | 'deno' | 'bun';

export interface RunningRuntime {
  readonly name: RuntimeName;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** workerd only: the same app through miniflare's dispatchFetch, without a socket of ours. */
  readonly dispatch?: (url: string, init: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

const ENTRY = new URL('./table-app.ts', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** Bundles the table app for Fetch-API runtimes: ESM, no Node built-ins (platform neutral). */
export async function bundleTableApp(dir: string): Promise<string> {
  const outfile = join(dir, 'table-app.js');
  await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** The path of an npm package's binary, as its own bin script resolves it. */
function npmBin(pkg: string): string {
  return join(require.resolve(`${pkg}/package.json`), '..', 'bin');
}

/** Starts a child runtime whose launcher prints `{"port":N}` on its first stdout line. */
function startChild(
  name: RuntimeName,
  command: string,
  args: string[],
  cwd: string,
): Promise<RunningRuntime> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(cwd, 'deno-dir'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('no port within 30 s'), 30_000);
    // The timer goes too: a runtime that exited must not keep the test file waiting 30 s.
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${name} did not start: ${why}\n${stderr}`));
    };
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = /\{"port":(\d+)\}/.exec(stdout);
      if (!line) return;
      clearTimeout(timer);
      resolve({ name, origin: `http://127.0.0.1:${line[1]}`, close: () => stop(child) });
    });
    child.on('exit', (code) => fail(`exited with ${code}`));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const DENO_MAIN = `import { handle } from './table-app.js';
Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, handle);
`;
const BUN_MAIN = `import { handle } from './table-app.js';
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handle });
console.log(JSON.stringify({ port: server.port }));
`;

export async function startDeno(dir: string): Promise<RunningRuntime> {
  await writeFile(join(dir, 'deno-main.js'), DENO_MAIN);
  // The package's own resolver: it finds (or links) the platform binary inside node_modules,
  // so the test runs deno itself rather than a node wrapper that would outlive a kill.
  const deno = (require('deno/install_api.cjs') as { runInstall(): string }).runInstall();
  return startChild('deno', deno, ['run', '--allow-net=127.0.0.1', '--no-prompt', 'deno-main.js'], dir);
}

export async function startBun(dir: string): Promise<RunningRuntime> {
  await writeFile(join(dir, 'bun-main.js'), BUN_MAIN);
  return startChild('bun', join(npmBin('bun'), 'bun.exe'), ['bun-main.js'], dir);
}

export async function startWorkerd(bundle: string): Promise<RunningRuntime> {
  const { Miniflare, Log, LogLevel } = await import('miniflare');
  const mf = new Miniflare({
    // Given as contents: workerd refuses module paths that climb out of its starting directory.
    modules: [{ type: 'ESModule', path: 'worker.js', contents: await readFile(bundle, 'utf8') }],
    // The default would fetch Cloudflare's `request.cf` data from the internet.
    cf: false,
    compatibilityDate: '2026-04-01',
    host: '127.0.0.1',
    port: 0,
    log: new Log(LogLevel.ERROR),
  });
  const url = await mf.ready;
  return {
    name: 'workerd',
    origin: url.origin,
    dispatch: async (target, init) => (await mf.dispatchFetch(target, init as never)) as unknown as Response,
    close: () => mf.dispose(),
  };
}

/** A scratch directory for one test file's bundle and launchers. */
export async function scratch(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-runtimes-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
