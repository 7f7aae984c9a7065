// Requests per second over real HTTP: raw node:http with corskit vs the same server without CORS,
// and vs a server that writes the same CORS headers by hand (the floor for any CORS code).
// Run: node --import tsx bench/http.bench.ts   (writes bench/results/http.md; `npm run bench` builds first)
// The servers run in one child process on the built package (dist/, what users run; tsx's
// transpilation adds per-closure bookkeeping that production code does not have), autocannon
// drives them from this process, each round rotates the order, and the server process's CPU time
// per request is measured too: on a shared 2-core machine it is steadier than req/s.
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
// autocannon ships no types; the specifier is a variable so TypeScript does not look for them.
const autocannonModule = 'autocannon';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ALLOWED = 'https://app50.example.com';
const VARIANTS = ['baseline', 'handwritten', 'corskit'] as const;
type Variant = (typeof VARIANTS)[number];

async function serve(): Promise<void> {
  const built = new URL('../dist/adapters/node.js', import.meta.url);
  if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` first');
  const { cors } = (await import(built.href)) as typeof import('../src/adapters/node.js');
  const allowed = new Set(Array.from({ length: 100 }, (_, i) => `https://app${i}.example.com`));
  const handle = cors({
    origins: [...allowed, ...Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.org`)],
    credentials: true,
    methods: ['PUT'],
    requestHeaders: ['x-token'],
  });
  const body = JSON.stringify({ ok: true });
  const reply = (res: ServerResponse) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  };
  // What a careful hand-written CORS block does for these requests (exact origins only).
  const handwritten = (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Vary', 'Origin');
    reply(res);
  };
  const handlers: Record<Variant, (req: IncomingMessage, res: ServerResponse) => void> = {
    baseline: (_req, res) => reply(res),
    handwritten,
    corskit: (req, res) => {
      if (handle(req, res) === true) return;
      reply(res);
    },
  };
  const ports: Partial<Record<Variant, number>> = {};
  for (const v of VARIANTS) {
    const server = createServer(handlers[v]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[v] = (server.address() as AddressInfo).port;
  }
  process.on('message', () => {
    const used = process.cpuUsage();
    process.send?.({ cpu: used.user + used.system });
  });
  process.send?.({ ports });
}

interface Case {
  name: string;
  headers: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'GET, allowed origin', headers: { origin: ALLOWED } },
  { name: 'GET, refused origin', headers: { origin: 'https://evil.example.net' } },
  { name: 'GET, no Origin', headers: {} },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { default: autocannon } = (await import(autocannonModule)) as {
    default: (options: Record<string, unknown>) => Promise<AutocannonResult>;
  };
  const child = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: ['--import', 'tsx'] });
  const messages: Array<(m: { cpu?: number; ports?: Record<Variant, number> }) => void> = [];
  child.on('message', (m) => messages.shift()?.(m as never));
  const next = () => new Promise<{ cpu?: number; ports?: Record<Variant, number> }>((r) => messages.push(r));
  const ports = (await next()).ports!;
  const serverCpu = async () => {
    const reply = next();
    child.send('cpu');
    return (await reply).cpu!;
  };
  const load = async (variant: Variant, c: Case) => {
    const before = await serverCpu();
    const result = await autocannon({
      url: `http://127.0.0.1:${ports[variant]}/`,
      headers: c.headers,
      connections: 32,
      duration: SECONDS,
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${c.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.requests.average, cpu: ((await serverCpu()) - before) / result.requests.total };
  };
  const loadStart = loadavg()[0]!;
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      for (const v of VARIANTS) await load(v, { ...c }); // warm-up (JIT)
      const runs: Record<Variant, Array<{ rps: number; cpu: number }>> = {
        baseline: [],
        handwritten: [],
        corskit: [],
      };
      for (let round = 0; round < ROUNDS; round++) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
        for (const v of order) runs[v].push(await load(v, c));
      }
      const ratio = (
        v: Variant,
        f: (r: { rps: number; cpu: number }, b: { rps: number; cpu: number }) => number,
      ) => median(runs[v].map((r, i) => f(r, runs.baseline[i]!)));
      const rps = (v: Variant) => Math.round(median(runs[v].map((r) => r.rps))).toLocaleString('en');
      const cpu = (v: Variant) => median(runs[v].map((r) => r.cpu)).toFixed(1);
      const line = `| ${c.name} | ${rps('baseline')} | ${rps('handwritten')} | ${rps('corskit')} | ${ratio('corskit', (r, b) => r.rps / b.rps).toFixed(3)}× | ${cpu('baseline')} / ${cpu('handwritten')} / ${cpu('corskit')} | ${ratio('corskit', (r, b) => b.cpu / r.cpu).toFixed(3)}× | ${ratio('handwritten', (r, b) => b.cpu / r.cpu).toFixed(3)}× |`;
      rows.push(line);
      console.log(line);
    }
  } finally {
    child.kill();
  }
  writeFileSync(
    new URL('./results/http.md', import.meta.url),
    `## HTTP: raw node:http with corskit vs without CORS

autocannon (32 connections, ${SECONDS} s per run, ${ROUNDS} rounds in rotated order, medians) against three servers
in one child process running the built package: no CORS at all; the same CORS headers written by hand
(\`Access-Control-Allow-Origin\`, \`-Credentials\` for a Set of exact origins, \`Vary: Origin\`: the floor for any
CORS code); and corskit (policy: 100 exact origins + 100 subdomain patterns, credentials). req/s ratios are
medians of per-round ratios; the CPU columns are the server process's CPU time per request (user + system),
steadier than req/s on a shared machine. Target: corskit ≥ 0.95× the no-CORS baseline.

| request | no CORS req/s | by hand req/s | corskit req/s | corskit ÷ no CORS (req/s) | CPU µs/req none / by hand / corskit | CPU: no CORS ÷ corskit | CPU: no CORS ÷ by hand |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared with autocannon itself; 1-minute load average
${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end), Node ${process.version}.
Command: \`npm run build && node --import tsx bench/http.bench.ts\` (\`BENCH_ROUNDS\`, \`BENCH_SECONDS\` change the run length).
`,
  );
}

if (process.argv[2] === 'serve') await serve();
else await main();
