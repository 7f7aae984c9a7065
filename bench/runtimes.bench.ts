// Requests per second through each CORS layer inside each runtime: Node, Deno, Bun and workerd,
// side by side with hono/cors in the same runtime. One esbuild bundle (bench/support/
// runtime-bench-app.ts) runs everywhere; each runtime times rounds of n in-process requests, the
// implementations rotated per round, and the table shows the median of 5 rounds.
// workerd freezes clocks inside a request, so there each round is timed from outside around one
// dispatchFetch that runs the whole loop (n is large enough that the dispatch itself is noise).
// Run: node --import tsx bench/runtimes.bench.ts   (writes bench/results/runtimes.md)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { Log, LogLevel, Miniflare } from 'miniflare';

const ROUNDS = 5;
const N = 20_000;
const IMPLS = ['hono/cors (Hono app)', 'corskit/hono (Hono app)', 'corskit/fetch', 'corskit/edge (compiled)'];
const CASES = ['allowed', 'preflight'];
type Samples = Record<string, Record<string, number[]>>;

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'corskit-bench-'));
const bundle = join(dir, 'app.js');
buildSync({
  entryPoints: [new URL('./support/runtime-bench-app.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  minify: true,
  outfile: bundle,
});

// The same driver for Node, Deno and Bun: rounds of n requests per (impl, case), rotated.
const DRIVER = `import { run } from './app.js';
const impls = ${JSON.stringify(IMPLS)}, cases = ${JSON.stringify(CASES)}, out = {};
for (let round = 0; round < ${ROUNDS}; round++)
  for (let k = 0; k < impls.length; k++) {
    const impl = impls[(k + round) % impls.length];
    for (const kind of cases) {
      await run(impl, kind, 2000);
      const t = performance.now();
      await run(impl, kind, ${N});
      ((out[impl] ??= {})[kind] ??= []).push(${N} / ((performance.now() - t) / 1000));
    }
  }
console.log(JSON.stringify(out));
`;
writeFileSync(join(dir, 'driver.mjs'), DRIVER);

function inProcess(command: string, args: string[]): Samples {
  const r = spawnSync(command, [...args, 'driver.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'deno') },
  });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Samples;
}

function record(out: Samples, impl: string, kind: string, opsPerSecond: number): void {
  out[impl] ??= {};
  out[impl][kind] ??= [];
  out[impl][kind].push(opsPerSecond);
}

async function inWorkerd(): Promise<Samples> {
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'app.js', contents: readFileSync(bundle, 'utf8') }],
    cf: false,
    compatibilityDate: '2026-04-01',
    log: new Log(LogLevel.ERROR),
  });
  const out: Samples = {};
  const once = async (impl: string, kind: string, n: number) => {
    const res = await mf.dispatchFetch(
      `http://bench/run?impl=${encodeURIComponent(impl)}&kind=${kind}&n=${n}`,
    );
    if ((await res.text()) !== 'done') throw new Error(`workerd run failed for ${impl}`);
  };
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < IMPLS.length; k++) {
      const impl = IMPLS[(k + round) % IMPLS.length]!;
      for (const kind of CASES) {
        await once(impl, kind, 2000);
        const t = performance.now();
        await once(impl, kind, N);
        record(out, impl, kind, N / ((performance.now() - t) / 1000));
      }
    }
  await mf.dispose();
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const deno = (require('deno/install_api.cjs') as { runInstall(): string }).runInstall();
const bun = join(require.resolve('bun/package.json'), '..', 'bin', 'bun.exe');
const versions = {
  node: process.version,
  deno: spawnSync(deno, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
  bun: spawnSync(bun, ['--version'], { encoding: 'utf8' }).stdout.trim(),
  hono: (JSON.parse(readFileSync('node_modules/hono/package.json', 'utf8')) as { version: string }).version,
  miniflare: (require('miniflare/package.json') as { version: string }).version,
};

const results: Record<string, Samples> = {
  Node: inProcess(process.execPath, []),
  Deno: inProcess(deno, ['run', '--allow-read']),
  Bun: inProcess(bun, []),
  'workerd (miniflare)': await inWorkerd(),
};
rmSync(dir, { recursive: true, force: true });

const rows: string[] = [];
for (const [runtime, samples] of Object.entries(results))
  for (const kind of CASES) {
    const ops = IMPLS.map((i) => median(samples[i]![kind]!));
    rows.push(
      `| ${runtime} | ${kind} | ${ops.map(fmt).join(' | ')} | ${(ops[1]! / ops[0]!).toFixed(2)}× | ${(ops[3]! / ops[0]!).toFixed(2)}× |`,
    );
  }
const md = `## Runtimes: requests per second inside Node, Deno, Bun and workerd

Each runtime runs one esbuild bundle and answers the same request ${N.toLocaleString('en-US')} times per round
through each CORS layer (a 3-origin allow-list, same options everywhere), implementations rotated per
round; median of ${ROUNDS} rounds, higher is better. The last two columns compare with hono/cors in
the same runtime. workerd is timed from outside around one dispatchFetch per round (Workers freeze
clocks during a request).

| runtime | case | ${IMPLS.join(' | ')} | corskit/hono ÷ hono/cors | corskit/edge ÷ hono/cors |
|---|---|${IMPLS.map(() => '---:').join('|')}|---:|---:|
${rows.join('\n')}

Machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${versions.node}, ${versions.deno}, Bun ${versions.bun}, miniflare ${versions.miniflare}, hono ${versions.hono}.
Command: \`node --import tsx bench/runtimes.bench.ts\`.
`;
writeFileSync(new URL('./results/runtimes.md', import.meta.url), md);
process.stdout.write(md);
