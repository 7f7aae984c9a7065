// Requests per second of Express, Fastify, Koa and Hono (@hono/node-server) with corskit vs with
// the framework's usual CORS plugin (cors, @fastify/cors, @koa/cors, hono/cors), vs the same
// headers written by hand in the framework's own idiom (the real limit: a CORS layer can only be
// as cheap as setting its headers), vs no CORS at all.
// Run: node --import tsx bench/frameworks.bench.ts   (writes bench/results/frameworks.md)
// All servers run in one child process; autocannon drives them from this process, one at a
// time, interleaved (every round visits every server, in a rotated order) so that drift on a
// shared machine hits all variants alike. Medians over the rounds are reported, for req/s and for
// the server process's CPU time per request (less sensitive to other load on a shared machine).
// Hono also gets two reference servers: a pass-through middleware, and one that sets a single
// static header with c.header(): the floor any Hono middleware (and any header via c.header) costs.
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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

// corskit is loaded from the built package (dist/, what users run; `npm run bench` builds first):
// under tsx, esbuild's keepNames adds bookkeeping to every closure that production code lacks.
const built = (path: string) => new URL(`../dist/${path}`, import.meta.url);
if (!existsSync(built('index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
const { cors: expressCorskit } = (await import(
  built('adapters/express.js').href
)) as typeof import('../src/adapters/express.js');
const { cors: fastifyCorskit } = (await import(
  built('adapters/fastify.js').href
)) as typeof import('../src/adapters/fastify.js');
const { cors: honoCorskit } = (await import(
  built('adapters/hono.js').href
)) as typeof import('../src/adapters/hono.js');
const { cors: koaCorskit } = (await import(
  built('adapters/koa.js').href
)) as typeof import('../src/adapters/koa.js');
const { createPolicy } = (await import(built('index.js').href)) as typeof import('../src/index.js');

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
// autocannon ships no types; the specifier is a variable so TypeScript does not look for them.
const autocannonModule = 'autocannon';

const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono'] as const;
const VARIANTS = ['none', 'plugin', 'hand', 'corskit'] as const;
/** Reference servers for Hono only: a middleware that does nothing, and one that sets one header. */
const HONO_REFERENCES = ['passthrough', 'c.header'] as const;
type Framework = (typeof FRAMEWORKS)[number];
type Variant = (typeof VARIANTS)[number] | (typeof HONO_REFERENCES)[number];
const variantsOf = (f: Framework): readonly Variant[] =>
  f === 'hono' ? [...VARIANTS, ...HONO_REFERENCES] : VARIANTS;
const PLUGIN: Record<Framework, string> = {
  express: 'cors',
  fastify: '@fastify/cors',
  koa: '@koa/cors',
  hono: 'hono/cors',
};

const ORIGINS = ['https://app.example.com', 'https://admin.example.com', 'https://b.example.org'];
const ALLOWED = ORIGINS[0]!;
/** What the hand-written variants check: the allow-list, as a Set (the fastest honest lookup). */
const ORIGIN_SET = new Set(ORIGINS);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = 10;
const BODY = { ok: true };

async function expressApp(variant: Variant): Promise<RequestListener> {
  const app = express();
  if (variant === 'plugin') app.use(corsPackage({ origin: ORIGINS }));
  if (variant === 'corskit') app.use(expressCorskit(createPolicy({ origins: ORIGINS })));
  // By hand: exactly the headers corskit writes for this request (ACAO for a listed origin, Vary: Origin).
  if (variant === 'hand')
    app.use((req, res, next) => {
      const origin = req.headers.origin;
      if (origin !== undefined && ORIGIN_SET.has(origin))
        res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      next();
    });
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
  if (variant === 'hand')
    app.use((ctx, next) => {
      const origin = ctx.get('Origin');
      if (ORIGIN_SET.has(origin)) ctx.set('Access-Control-Allow-Origin', origin);
      ctx.vary('Origin');
      return next();
    });
  app.use((ctx) => {
    ctx.body = BODY;
  });
  return app.callback();
}

async function honoApp(variant: Variant): Promise<RequestListener> {
  const app = new Hono();
  if (variant === 'plugin') app.use('*', honoCors({ origin: ORIGINS }));
  if (variant === 'corskit') app.use('*', honoCorskit(createPolicy({ origins: ORIGINS })));
  if (variant === 'hand')
    app.use('*', async (c, next) => {
      const origin = c.req.header('origin');
      if (origin !== undefined && ORIGIN_SET.has(origin)) c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      await next();
    });
  if (variant === 'passthrough') app.use('*', (_c, next) => next());
  if (variant === 'c.header')
    app.use('*', (c, next) => {
      c.header('Access-Control-Allow-Origin', ALLOWED);
      return next();
    });
  app.get('/', (c) => c.json(BODY));
  return getRequestListener(app.fetch);
}

async function fastifyServer(variant: Variant): Promise<Server> {
  const app = Fastify();
  if (variant === 'plugin') await app.register(fastifyCors, { origin: ORIGINS });
  if (variant === 'corskit') await app.register(fastifyCorskit(createPolicy({ origins: ORIGINS })));
  if (variant === 'hand')
    app.addHook('onRequest', (request, reply, done) => {
      const origin = request.headers.origin;
      if (origin !== undefined && ORIGIN_SET.has(origin)) reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      done();
    });
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
    for (const variant of variantsOf(framework))
      ports[`${framework}/${variant}`] = await startServer(framework, variant);
  }
  // The driver asks for this process's CPU time (µs) before and after each run.
  process.on('message', () => {
    const used = process.cpuUsage();
    process.send?.(used.user + used.system);
  });
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

interface Run {
  rps: number;
  /** Server process CPU time (user + system, µs) per request answered. */
  cpuPerRequest: number;
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
    // Sanity: every variant answers; the CORS variants (and the c.header reference) grant the origin.
    for (const [key, port] of Object.entries(ports)) {
      const headers = await get(port);
      const acao = headers['access-control-allow-origin'];
      const bare = key.endsWith('/none') || key.endsWith('/passthrough');
      if (bare ? acao !== undefined : acao !== ALLOWED) throw new Error(`${key}: unexpected ACAO ${acao}`);
    }
    const keys = Object.keys(ports);
    const results = new Map<string, Run[]>(keys.map((k) => [k, []]));
    const serverCpu = () =>
      new Promise<number>((resolve) => {
        child.once('message', resolve as never);
        child.send('cpu');
      });
    const run = async (key: string, seconds: number): Promise<Run> => {
      const cpuBefore = await serverCpu();
      const r = await autocannon({
        url: `http://127.0.0.1:${ports[key]}/`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { origin: ALLOWED },
      });
      const cpu = (await serverCpu()) - cpuBefore;
      if (r.errors > 0 || r.non2xx > 0) throw new Error(`${key}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      return { rps: r.requests.average, cpuPerRequest: cpu / r.requests.total };
    };
    for (const key of keys) await run(key, 1); // warm-up (JIT), not recorded
    const loadBefore = loadavg()[0]!;
    // A framework's three variants run back to back (rotated each round), so each round's ratios
    // compare runs a few seconds apart: the machine's load swings far more than that between rounds.
    for (let round = 0; round < ROUNDS; round++) {
      for (const framework of FRAMEWORKS) {
        const all = variantsOf(framework);
        const variants = all.map((_, i) => all[(i + round) % all.length]!);
        for (const variant of variants) {
          const key = `${framework}/${variant}`;
          const result = await run(key, SECONDS);
          results.get(key)!.push(result);
          process.stdout.write(
            `round ${round + 1}/${ROUNDS} ${key}: ${fmt(result.rps)} req/s, ${result.cpuPerRequest.toFixed(1)} µs CPU/req\n`,
          );
        }
      }
    }
    writeReport(results, [loadBefore, loadavg()[0]!]);
  } finally {
    child.kill();
  }
}

function writeReport(results: Map<string, Run[]>, load: [number, number]): void {
  const of = (f: Framework, v: Variant) => results.get(`${f}/${v}`)!;
  const rps = (f: Framework, v: Variant) => median(of(f, v).map((r) => r.rps));
  const cpu = (f: Framework, v: Variant) => median(of(f, v).map((r) => r.cpuPerRequest));
  // Per-round ratios: a over b in req/s, and b over a in CPU per request (both > 1 when a is faster).
  const rpsRatio = (f: Framework, a: Variant, b: Variant) =>
    median(of(f, a).map((x, i) => x.rps / of(f, b)[i]!.rps));
  const cpuRatio = (f: Framework, a: Variant, b: Variant) =>
    median(of(f, a).map((x, i) => of(f, b)[i]!.cpuPerRequest / x.cpuPerRequest));
  const x = (n: number) => `${n.toFixed(3)}×`;
  const rows = FRAMEWORKS.map((f) =>
    [
      f,
      PLUGIN[f],
      ...VARIANTS.map((v) => fmt(rps(f, v))),
      x(rpsRatio(f, 'corskit', 'hand')),
      x(rpsRatio(f, 'corskit', 'plugin')),
      x(rpsRatio(f, 'corskit', 'none')),
      VARIANTS.map((v) => cpu(f, v).toFixed(1)).join(' / '),
      x(cpuRatio(f, 'corskit', 'hand')),
    ].join(' | '),
  );
  const references = (['corskit', ...HONO_REFERENCES] as const).map((v) =>
    [
      v,
      fmt(rps('hono', v)),
      x(rpsRatio('hono', v, 'none')),
      cpu('hono', v).toFixed(1),
      x(cpuRatio('hono', v, 'none')),
    ].join(' | '),
  );
  const perRound = (f: Framework) =>
    `${f} ${variantsOf(f)
      .map(
        (v) =>
          `${v} [${of(f, v)
            .map((r) => fmt(r.rps))
            .join(', ')}]`,
      )
      .join(' ')}`;
  const md = `## Frameworks: corskit vs hand-written headers vs the usual CORS plugin vs no CORS

autocannon (${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds) against ${results.size} servers in one
child process: each framework bare, with its usual plugin, with the same CORS headers written by hand
in the framework's own idiom (the limit: a Set lookup and two header writes), and with corskit (plus
two Hono reference servers, below); in every round a framework's variants run back to back in a rotated order. All
answer \`GET /\` with a small JSON body; every request is cross-origin from an allowed origin (3-origin
allow-list, same list for both plugins). Columns: median req/s, the median over rounds of the
per-round ratio (robust to the machine's load changing between rounds), the server process's median
CPU time per request (µs, user + system: less sensitive to other load than req/s), and the
per-round CPU ratio (hand-written ÷ corskit, i.e. the throughput ratio the CPU cost alone allows).
Targets: corskit ≥ 0.97× hand-written, and ≥ 1× the plugin.

| framework | usual plugin | no CORS req/s | plugin req/s | hand-written req/s | corskit req/s | corskit / hand-written | corskit / plugin | corskit / no CORS | CPU µs/req none / plugin / hand / corskit | CPU: hand ÷ corskit |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r} |`).join('\n')}

### Hono: the cost of any middleware on @hono/node-server

A Hono app with a single handler is answered synchronously by @hono/node-server; one middleware of any
kind moves the request through Hono's async \`compose\`. \`passthrough\` is \`app.use('*', (c, next) => next())\`;
\`c.header\` also sets one static header with \`c.header()\` (which makes Hono build a Fetch \`Headers\`
for the response). Same rounds as above, ratios against Hono without CORS:

| hono variant | req/s | req/s ÷ no CORS | CPU µs/req | CPU: no CORS ÷ variant |
|---|---:|---:|---:|---:|
${references.map((r) => `| ${r} |`).join('\n')}

Per-round req/s: ${FRAMEWORKS.map(perRound).join('; ')}.

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared with other work and with autocannon itself:
numbers are noisy, compare the ratios; 1-minute load average ${load[0].toFixed(1)} at the start and
${load[1].toFixed(1)} at the end of the measured rounds), Node ${process.version}. Command: \`npm run build && node --import tsx bench/frameworks.bench.ts\`
(\`BENCH_SECONDS\`, \`BENCH_ROUNDS\` override the run length).
`;
  writeFileSync(new URL('./results/frameworks.md', import.meta.url), md);
  process.stdout.write(`\n${md}`);
}

if (process.argv.includes('--serve')) await serve();
else await main();
