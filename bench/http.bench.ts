// Requests per second over real HTTP: raw node:http with corskit vs the same server without CORS.
// Run: node --import tsx bench/http.bench.ts   (writes bench/results/http.md)
// The servers run in a child process (one port each, same process, same code apart from the
// corskit call) and autocannon drives them from this process; runs alternate baseline/corskit
// so drift on a shared machine hits both alike.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { cors } from '../src/adapters/node.js';

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
// autocannon ships no types; the specifier is a variable so TypeScript does not look for them.
const autocannonModule = 'autocannon';
const { default: autocannon } = (await import(autocannonModule)) as {
  default: (options: Record<string, unknown>) => Promise<AutocannonResult>;
};

const ALLOWED = 'https://app50.example.com';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function serve(): void {
  const handle = cors({
    origins: [
      ...Array.from({ length: 100 }, (_, i) => `https://app${i}.example.com`),
      ...Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.org`),
    ],
    credentials: true,
    methods: ['PUT'],
    requestHeaders: ['x-token'],
  });
  const body = JSON.stringify({ ok: true });
  const baseline = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
  const withCors = createServer((req, res) => {
    if (handle(req, res)) return;
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
  baseline.listen(0, '127.0.0.1', () =>
    withCors.listen(0, '127.0.0.1', () => {
      const port = (s: typeof baseline) => (s.address() as AddressInfo).port;
      process.send?.({ baseline: port(baseline), corskit: port(withCors) });
    }),
  );
}

interface Case {
  name: string;
  method: string;
  headers: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'GET, allowed origin', method: 'GET', headers: { origin: ALLOWED } },
  { name: 'GET, refused origin', method: 'GET', headers: { origin: 'https://evil.example.net' } },
  { name: 'GET, no Origin', method: 'GET', headers: {} },
];

async function load(port: number, c: Case): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: c.method as 'GET',
    headers: c.headers,
    connections: 32,
    pipelining: 1,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${c.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const child = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: ['--import', 'tsx'] });
  const ports = await new Promise<{ baseline: number; corskit: number }>((resolve) =>
    child.once('message', resolve as never),
  );
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      const base: number[] = [];
      const mine: number[] = [];
      await load(ports.corskit, { ...c }); // warm-up (JIT) for both servers
      await load(ports.baseline, { ...c });
      for (let r = 0; r < ROUNDS; r++) {
        if (r % 2 === 0) {
          base.push(await load(ports.baseline, c));
          mine.push(await load(ports.corskit, c));
        } else {
          mine.push(await load(ports.corskit, c));
          base.push(await load(ports.baseline, c));
        }
      }
      const b = median(base);
      const m = median(mine);
      const line = `| ${c.name} | ${Math.round(b).toLocaleString('en')} | ${Math.round(m).toLocaleString('en')} | ${(m / b).toFixed(3)}× |`;
      rows.push(line);
      console.log(line);
    }
  } finally {
    child.kill();
  }
  writeFileSync(
    new URL('./results/http.md', import.meta.url),
    `## HTTP: raw node:http with corskit vs without CORS

autocannon (32 connections, ${SECONDS} s per run, ${ROUNDS} alternating runs per server, median) against two
servers in one child process that differ only by the corskit call. Policy: 100 exact origins + 100
subdomain patterns, credentials. Target: corskit ≥ 0.95× the baseline.

| request | baseline req/s | corskit req/s | ratio |
|---|---:|---:|---:|
${rows.join('\n')}

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared with other work and with autocannon
itself: numbers are noisy), Node ${process.version}. Command: \`node --import tsx bench/http.bench.ts\`.
`,
  );
}

if (process.argv[2] === 'serve') serve();
else await main();
