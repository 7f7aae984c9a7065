// Builds and starts the real Next.js fixture app (test/next/fixture) on loopback, as a user's app
// runs in production: `next build`, then `next start`. The app imports `corskit/next` from this
// package's built output through a node_modules link, exactly as an installed copy would.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tablePolicies } from '../../runtimes/support/table-policies.js';

const root = new URL('../../../', import.meta.url).pathname;
const fixture = join(root, 'test/next/fixture');
const nextBin = join(root, 'node_modules/.bin/next');

export interface RunningNext {
  origin: string;
  close(): Promise<void>;
}

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}

/** The core package as `corskit/next` resolves it; rebuilt when src/ changed since (a developer's tree). */
function ensureBuiltPackage(): void {
  let stale = true;
  try {
    stale = newest(join(root, 'src')) > newest(join(root, 'dist'));
  } catch {}
  if (!stale) return;
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`building the package failed:\n${r.stdout}${r.stderr}`);
  const assembled = spawnSync(process.execPath, [join(root, 'scripts/assemble-packages.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (assembled.status !== 0) throw new Error(`assembling the packages failed:\n${assembled.stderr}`);
}

function prepareFixture(): void {
  writeFileSync(join(fixture, 'app/table-policies.json'), JSON.stringify(tablePolicies));
  mkdirSync(join(fixture, 'node_modules'), { recursive: true });
  // The published core package (packages/corskit), as `npm install corskit` would place it.
  const link = join(fixture, 'node_modules/corskit');
  try {
    unlinkSync(link); // an older checkout linked the repository root here
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  symlinkSync(join(root, 'packages/corskit'), link, 'dir');
}

export function buildNextApp(): void {
  ensureBuiltPackage();
  prepareFixture();
  const r = spawnSync(nextBin, ['build'], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
}

/** `next start` on a free loopback port; env reaches both the route handlers and the middleware. */
export function startNextApp(env: Record<string, string>): Promise<RunningNext> {
  const child = spawn(nextBin, ['start', '-p', '0', '-H', '127.0.0.1'], {
    cwd: fixture,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start gave no port in 30 s:\n${output}`)), 30_000);
    const read = (c: Buffer) => {
      output += c.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!m || m[1] === '0') return;
      clearTimeout(timer);
      resolve({ origin: `http://127.0.0.1:${m[1]}`, close: () => stop(child) });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`next start exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
