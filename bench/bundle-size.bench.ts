// Bytes a Worker pays for CORS: esbuild bundles (minified, ESM, platform neutral) of the smallest
// Worker using each option, and gzip of each. Sizes are exact and repeatable, unlike timings.
// Run: node --import tsx bench/bundle-size.bench.ts   (writes bench/results/bundle-size.md)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { compilePolicyData } from '../src/engine/compiled-policy.js';
import { createPolicy } from '../src/engine/create-policy.js';

const src = (p: string) => JSON.stringify(new URL(`../src/${p}`, import.meta.url).pathname);
const OPTIONS = { origins: ['https://app.example.com', 'https://*.preview.example.com'], credentials: true };
const HONO_OPTIONS = "{ origin: ['https://app.example.com'], credentials: true }";

const WORKERS: Record<string, string> = {
  'no CORS (baseline)': `export default { fetch: () => new Response('ok') };`,
  'corskit/fetch, policy options': `import { cors } from ${src('adapters/fetch.ts')};
export default { fetch: cors(${JSON.stringify(OPTIONS)})(() => new Response('ok')) };`,
  'corskit/edge, compiled policy': `import compiled from './compiled.json';
import { cors } from ${src('adapters/edge.ts')};
export default { fetch: cors(compiled)(() => new Response('ok')) };`,
  'Hono app, no CORS (baseline)': `import { Hono } from 'hono';
const app = new Hono(); app.get('*', (c) => c.text('ok')); export default app;`,
  'Hono app + hono/cors': `import { Hono } from 'hono'; import { cors } from 'hono/cors';
const app = new Hono(); app.use('*', cors(${HONO_OPTIONS})); app.get('*', (c) => c.text('ok')); export default app;`,
  'Hono app + corskit/hono': `import { Hono } from 'hono'; import { cors } from ${src('adapters/hono.ts')};
const app = new Hono(); app.use('*', cors(${JSON.stringify(OPTIONS)})); app.get('*', (c) => c.text('ok')); export default app;`,
};

const dir = mkdtempSync(join(tmpdir(), 'corskit-size-'));
writeFileSync(join(dir, 'compiled.json'), JSON.stringify(compilePolicyData(createPolicy(OPTIONS))));
const nodeModules = new URL('../node_modules', import.meta.url).pathname;

const rows = Object.entries(WORKERS).map(([name, code]) => {
  const entry = join(dir, 'worker.js');
  writeFileSync(entry, code);
  const outfile = join(dir, 'out.js');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    nodePaths: [nodeModules],
    outfile,
    logLevel: 'silent',
  });
  const bytes = readFileSync(outfile);
  return { name, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
rmSync(dir, { recursive: true, force: true });

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const base = (name: string) => rows.find((r) => r.name === name)!;
const delta = (r: (typeof rows)[number]) => {
  const b = r.name.startsWith('Hono') ? base('Hono app, no CORS (baseline)') : base('no CORS (baseline)');
  return r === b ? '—' : `+${kb(r.min - b.min)} / +${kb(r.gzip - b.gzip)}`;
};
const md = `## Bundle size: what a Worker pays for CORS

esbuild ${'0.28'} bundles (minified, ESM, platform neutral) of the smallest Worker for each option;
"added" is the difference from the matching baseline without CORS. corskit/edge takes a policy
compiled by \`corskit compile\`, so validation and the Public Suffix List stay at build time.
Target: a Worker using a precompiled policy ≤ 8 kB minified.

| Worker | minified | gzip | added (min / gzip) |
|---|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${kb(r.min)} | ${kb(r.gzip)} | ${delta(r)} |`).join('\n')}

Command: \`node --import tsx bench/bundle-size.bench.ts\`.
`;
writeFileSync(new URL('./results/bundle-size.md', import.meta.url), md);
process.stdout.write(md);
