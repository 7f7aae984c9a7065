// Requests per second of Express, Fastify, Koa and Hono (@hono/node-server) with corskit vs with
// the framework's usual CORS plugin (cors, @fastify/cors, @koa/cors, hono/cors) vs no CORS at all.
// Run: node --import tsx bench/frameworks.bench.ts   (writes bench/results/frameworks.md)
// All twelve servers run in one child process; autocannon drives them from this process, one at a
// time, interleaved (every round visits every server, in a rotated order) so that drift on a
// shared machine hits all variants alike. Medians over the rounds are reported.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import fastifyCors from '@fastify/cors';
import { getRequestListener } from '@hono/node-server';
import koaCors from '@koa/cors';
import corsPackage from 'cors';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import Koa from 'koa';
import { cors as expressCorskit } from '../src/adapters/express.js';
import { cors as fastifyCorskit } from '../src/adapters/fastify.js';
import { cors as honoCorskit } from '../src/adapters/hono.js';
import { cors as koaCorskit } from '../src/adapters/koa.js';
import { createPolicy } from '../src/policy/create-policy.js';

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
// autocannon ships no types; the specifier is a variable so TypeScript does not look for them.
const autocannonModule = 'autocannon';

const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono'] as const;
const VARIANTS = ['none', 'plugin', 'corskit'] as const;
type Framework = (typeof FRAMEWORKS)[number];
type Variant = (typeof VARIANTS)[number];
const PLUGIN: Record<Framework, string> = {
  express: 'cors',
  fastify: '@fastify/cors',
  koa: '@koa/cors',
  hono: 'hono/cors',
};

const ORIGINS = ['https://app.example.com', 'https://admin.example.com', 'https://b.example.org'];
const ALLOWED = ORIGINS[0]!;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = 10;
const BODY = { ok: true };

async function expressApp(variant: Variant): Promise<RequestListener> {
  const app = express();
  if (variant === 'plugin') app.use(corsPackage({ origin: ORIGINS }));
  if (variant === 'corskit') app.use(expressCorskit(createPolicy({ origins: ORIGINS })));
  app.get('/', (_req, res) => {
    res.json(BODY);
  });
  return app;
}

async function koaApp(variant: Variant): Promise<RequestListener> {
  const app = new Koa();
  if (variant === 'plugin')
    app.use(koaCors({ origin: (ctx) => (ORIGINS.includes(ctx.get('Origin')) ? ctx.get('Origin') : '') }));
  if (variant === 'corskit') app.use(koaCorskit(createPolicy({ origins: ORIGINS })));
  app.use((ctx) => {
    ctx.body = BODY;
  });
  return app.callback();
}

async function honoApp(variant: Variant): Promise<RequestListener> {
  const app = new Hono();
  if (variant === 'plugin') app.use('*', honoCors({ origin: ORIGINS }));
  if (variant === 'corskit') app.use('*', honoCorskit(createPolicy({ origins: ORIGINS })));
  app.get('/', (c) => c.json(BODY));
  return getRequestListener(app.fetch);
}

async function fastifyServer(variant: Variant): Promise<Server> {
  const app = Fastify();
  if (variant === 'plugin') await app.register(fastifyCors, { origin: ORIGINS });
  if (variant === 'corskit') await app.register(fastifyCorskit(createPolicy({ origins: ORIGINS })));
  app.get('/', async () => BODY);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

async function startServer(framework: Framework, variant: Variant): Promise<number> {
  let server: Server;
  if (framework === 'fastify') server = await fastifyServer(variant);
  else {
    const build = { express: expressApp, koa: koaApp, hono: honoApp }[framework];
    server = createServer(await build(variant));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return (server.address() as AddressInfo).port;
}

async function serve(): Promise<void> {
  const ports: Record<string, number> = {};
  for (const framework of FRAMEWORKS) {
    for (const variant of VARIANTS) ports[`${framework}/${variant}`] = await startServer(framework, variant);
  }
  process.send?.(ports);
}

function get(port: number): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/', headers: { origin: ALLOWED }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { default: autocannon } = (await import(autocannonModule)) as {
    default: (options: Record<string, unknown>) => Promise<AutocannonResult>;
  };
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const ports = await new Promise<Record<string, number>>((resolve) =>
    child.once('message', resolve as never),
  );
  try {
    // Sanity: every variant answers; the two CORS variants grant the allowed origin.
    for (const [key, port] of Object.entries(ports)) {
      const headers = await get(port);
      const acao = headers['access-control-allow-origin'];
      if (key.endsWith('/none') ? acao !== undefined : acao !== ALLOWED)
        throw new Error(`${key}: unexpected ACAO ${acao}`);
    }
    const keys = Object.keys(ports);
    const results = new Map<string, number[]>(keys.map((k) => [k, []]));
    const run = async (key: string, seconds: number) => {
      const r = await autocannon({
        url: `http://127.0.0.1:${ports[key]}/`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { origin: ALLOWED },
      });
      if (r.errors > 0 || r.non2xx > 0) throw new Error(`${key}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      return r.requests.average;
    };
    for (const key of keys) await run(key, 1); // warm-up (JIT), not recorded
    const loadBefore = loadavg()[0]!;
    // A framework's three variants run back to back (rotated each round), so each round's ratios
    // compare runs a few seconds apart: the machine's load swings far more than that between rounds.
    for (let round = 0; round < ROUNDS; round++) {
      for (const framework of FRAMEWORKS) {
        const variants = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
        for (const variant of variants) {
          const key = `${framework}/${variant}`;
          const rps = await run(key, SECONDS);
          results.get(key)!.push(rps);
          process.stdout.write(`round ${round + 1}/${ROUNDS} ${key}: ${fmt(rps)} req/s\n`);
        }
      }
    }
    writeReport(results, [loadBefore, loadavg()[0]!]);
  } finally {
    child.kill();
  }
}

function writeReport(results: Map<string, number[]>, load: [number, number]): void {
  const of = (f: Framework, v: Variant) => results.get(`${f}/${v}`)!;
  const ratios = (f: Framework, a: Variant, b: Variant) => of(f, a).map((x, i) => x / of(f, b)[i]!);
  const rows = FRAMEWORKS.map((f) => {
    const [none, plugin, corskit] = VARIANTS.map((v) => median(of(f, v)));
    const vsPlugin = median(ratios(f, 'corskit', 'plugin'));
    const vsNone = median(ratios(f, 'corskit', 'none'));
    return `| ${f} | ${PLUGIN[f]} | ${fmt(none!)} | ${fmt(plugin!)} | ${fmt(corskit!)} | ${vsPlugin.toFixed(3)}× | ${vsNone.toFixed(3)}× |`;
  });
  const md = `## Frameworks: corskit vs the usual CORS plugin vs no CORS

autocannon (${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds) against twelve servers in one
child process: each framework bare, with its usual plugin, and with corskit; in every round a
framework's three variants run back to back in a rotated order. Columns: median req/s, and the
median over rounds of the per-round ratio (robust to the machine's load changing between rounds),
all answering \`GET /\` with a small JSON body. Every request is cross-origin from an allowed origin
(3-origin allow-list, same list for both plugins). Targets: corskit ≥ the plugin, and ≥ 0.95× no CORS.

| framework | usual plugin | no CORS req/s | plugin req/s | corskit req/s | corskit / plugin | corskit / no CORS |
|---|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

Per-round figures: ${FRAMEWORKS.map((f) => `${f} ${VARIANTS.map((v) => `${v} [${results.get(`${f}/${v}`)!.map(fmt).join(', ')}]`).join(' ')}`).join('; ')}.

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared with other work and with autocannon itself:
numbers are noisy, compare the ratios; 1-minute load average ${load[0].toFixed(1)} at the start and
${load[1].toFixed(1)} at the end of the measured rounds), Node ${process.version}. Command: \`node --import tsx bench/frameworks.bench.ts\`
(\`BENCH_SECONDS\`, \`BENCH_ROUNDS\` override the run length).
`;
  writeFileSync(new URL('./results/frameworks.md', import.meta.url), md);
  process.stdout.write(`\n${md}`);
}

if (process.argv.includes('--serve')) await serve();
else await main();
