// Decisions per second, side by side in one process: corskit vs `cors` (expressjs) vs `hono/cors`.
// Run: node --import tsx bench/engine.bench.ts   (writes bench/results/engine.md)
//
// Fairness: every library is driven through its own middleware entry with the smallest request
// and response objects it accepts, fresh for every call:
//  - corskit: `cors()` from corskit/node with a Map-backed fake ServerResponse (setHeader/getHeader/end);
//  - cors:    the expressjs middleware `(req, res, next)` with the same fake req/res;
//  - hono:    the `cors()` middleware `(c, next)` with a minimal Context whose `res.headers` is a
//             Map-backed Headers stand-in (Hono itself builds a real `Response` for preflights).
// Origins: N exact origins plus 100 subdomain patterns. corskit gets them as patterns; cors as an
// array of strings and anchored RegExps (its documented form); hono as a function doing what its
// own array mode does (`includes`) plus the same RegExps (it has no pattern syntax).
// The allowed origin is the middle one of the exact list; the refused one matches nothing.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import expressCors from 'cors';
import { cors as honoCors } from 'hono/cors';
import { cors as corskitCors } from '../src/adapters/node.js';

type Scenario = 'allowed' | 'refused' | 'preflight';
type Impl = 'corskit' | 'cors' | 'hono';
interface Req {
  method: string;
  headers: Record<string, string>;
}

/**
 * The smallest ServerResponse both Node middlewares accept: header names are stored as given
 * (both libraries read back the exact names they write), so no library pays for a lookup it
 * would not pay on a real response.
 */
class FakeResponse {
  statusCode = 200;
  ended = false;
  readonly headers: Record<string, string | number | readonly string[]> = {};
  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers[name] = value;
    return this;
  }
  getHeader(name: string): string | number | readonly string[] | undefined {
    return this.headers[name];
  }
  removeHeader(name: string): void {
    delete this.headers[name];
  }
  end(): void {
    this.ended = true;
  }
}

/** Enough of `Headers` for hono/cors, iterable so `new Response(null, { headers })` accepts it. */
class FakeHeaders {
  private readonly map = new Map<string, string>();
  set(k: string, v: string): void {
    this.map.set(k, v);
  }
  get(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  append(k: string, v: string): void {
    const cur = this.map.get(k);
    this.map.set(k, cur === undefined ? v : `${cur}, ${v}`);
  }
  delete(k: string): void {
    this.map.delete(k);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

const PATTERNS = 100;
const SIZES = [1, 100, 10_000];
const SCENARIOS: Scenario[] = ['allowed', 'refused', 'preflight'];
const IMPLS: Impl[] = ['corskit', 'cors', 'hono'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);

function origins(n: number) {
  const exact = Array.from({ length: n }, (_, i) => `https://app${i}.example.com`);
  const patterns = Array.from({ length: PATTERNS }, (_, i) => `https://*.tenant${i}.example.org`);
  const regexps = Array.from(
    { length: PATTERNS },
    (_, i) => new RegExp(`^https:\\/\\/(?:[a-z0-9-]+\\.)+tenant${i}\\.example\\.org$`),
  );
  return { exact, patterns, regexps, allowed: exact[Math.floor(n / 2)]! };
}

function request(s: Scenario, allowed: string): Req {
  if (s === 'refused') return { method: 'GET', headers: { origin: 'https://evil.example.net' } };
  if (s === 'allowed') return { method: 'GET', headers: { origin: allowed } };
  return {
    method: 'OPTIONS',
    headers: {
      origin: allowed,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-token',
    },
  };
}

type Run = (req: Req) => unknown;

function build(impl: Impl, n: number): Run {
  const o = origins(n);
  if (impl === 'corskit') {
    const handle = corskitCors({
      origins: [...o.exact, ...o.patterns],
      methods: ['PUT'],
      requestHeaders: ['x-token'],
    });
    return (req) => {
      const res = new FakeResponse();
      handle(req as never, res as never);
      return res;
    };
  }
  if (impl === 'cors') {
    const mw = expressCors({
      origin: [...o.exact, ...o.regexps],
      methods: ['GET', 'HEAD', 'POST', 'PUT'],
      allowedHeaders: ['x-token'],
    });
    const next = () => {};
    return (req) => {
      const res = new FakeResponse();
      mw(req as never, res as never, next);
      return res;
    };
  }
  const exact = o.exact;
  const regexps = o.regexps;
  const mw = honoCors({
    origin: (origin) => (exact.includes(origin) || regexps.some((r) => r.test(origin)) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT'],
    allowHeaders: ['x-token'],
  });
  const next = async () => {};
  return (req) => {
    const headers = new FakeHeaders();
    const c = {
      req: { method: req.method, header: (name: string) => req.headers[name.toLowerCase()] },
      res: { headers },
      header: (k: string, v: string, opts?: { append?: boolean }) =>
        opts?.append ? headers.append(k, v) : headers.set(k, v),
    };
    return mw(c as never, next as never).then(() => headers);
  };
}

/** Checks that every implementation gives the expected answer before anything is timed. */
async function acao(run: Run, req: Req): Promise<string | undefined> {
  const out = await run(req);
  if (out instanceof FakeResponse) return out.getHeader('Access-Control-Allow-Origin') as string | undefined;
  if (out instanceof FakeHeaders) return out.get('Access-Control-Allow-Origin') ?? undefined;
  throw new Error('unexpected result');
}

async function opsPerSecond(run: Run, req: Req, ms: number): Promise<number> {
  const isAsync = (await run(req)) instanceof FakeHeaders;
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    if (isAsync) for (let i = 0; i < 500; i++) await run(req);
    else for (let i = 0; i < 500; i++) run(req);
    ops += 500;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const rows: string[] = [];
  const results: Record<string, number> = {};
  for (const n of SIZES) {
    const runs = Object.fromEntries(IMPLS.map((impl) => [impl, build(impl, n)])) as Record<Impl, Run>;
    const allowed = origins(n).allowed;
    for (const s of SCENARIOS) {
      const req = request(s, allowed);
      for (const impl of IMPLS) {
        const got = await acao(runs[impl], req);
        if ((s === 'refused') !== (got === undefined)) throw new Error(`${impl} ${s} n=${n}: ACAO ${got}`);
      }
      const samples: Record<Impl, number[]> = { corskit: [], cors: [], hono: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Interleaved and rotated, so drift on a shared machine hits every library alike.
        for (let k = 0; k < IMPLS.length; k++) {
          const impl = IMPLS[(round + k) % IMPLS.length]!;
          samples[impl].push(await opsPerSecond(runs[impl], req, ROUND_MS));
        }
      }
      const m = Object.fromEntries(IMPLS.map((i) => [i, median(samples[i])])) as Record<Impl, number>;
      for (const i of IMPLS) results[`${i}/${s}/${n}`] = m[i];
      const line = `| ${s} | ${n.toLocaleString('en')} | ${fmt(m.corskit)} | ${fmt(m.cors)} | ${fmt(m.hono)} | ${(m.corskit / m.cors).toFixed(1)}× | ${(m.corskit / m.hono).toFixed(1)}× |`;
      rows.push(line);
      console.log(line);
    }
  }
  const scaling = SCENARIOS.map((s) => {
    const r = results[`corskit/${s}/1`]! / results[`corskit/${s}/10000`]!;
    return `| ${s} | ${r.toFixed(2)}× |`;
  });
  const md = `## Engine: decisions per second (corskit vs cors vs hono/cors)

Each library's middleware driven in one process with minimal request/response objects
(see the header of \`bench/engine.bench.ts\` for exactly how). Every size also has ${PATTERNS} subdomain
patterns. Median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms; higher is better. Targets: corskit ≥ 3× \`cors\`;
corskit's cost at 10,000 origins within 1.5× of 1 origin.

| case | exact origins | corskit ops/s | cors ops/s | hono ops/s | vs cors | vs hono |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

corskit cost at 10,000 origins relative to 1 origin (time per decision, lower is better; target ≤ 1.5×):

| case | cost ratio |
|---|---:|
${scaling.join('\n')}

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, shared with other work: numbers are noisy), Node ${process.version}.
Command: \`node --import tsx bench/engine.bench.ts\`. Versions: cors 2.8.6, hono ${await honoVersion()}.
`;
  writeFileSync(new URL('./results/engine.md', import.meta.url), md);
  console.log(scaling.join('\n'));
}

async function honoVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(new URL('../node_modules/hono/package.json', import.meta.url), 'utf8'))
    .version;
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en');
}

await main();
