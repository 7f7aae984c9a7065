// corskit gateway vs cors-anywhere vs nginx, in front of the same upstream, loaded by the same
// autocannon settings in one run, and by wrk right after autocannon in every round. Rounds are interleaved (A B C, A B C, …) so background noise
// hits every contender alike; the table reports medians and ratios. Under wrk, each round also
// loads the gateway with --workers 2 and two references that bound what Node can do here (a bare
// node:http + undici pass-through, and node:http answering by itself). A final streaming run
// measures the gateway's RSS while 256 MiB pass through it.
//
// Run: npm run build && node --import tsx bench/gateway.bench.ts   (writes bench/results/gateway.md)
// The gateway runs from dist/ (the built CLI), as users run it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from '../test/gateway/autocannon-run.js';
import { startNginxProxy } from './nginx-proxy.js';
import {
  freePort,
  median,
  root,
  start,
  startGatewayProcess,
  stopChildren,
  waitForHttp,
} from './processes.js';

const APP = 'https://app.example.com';
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 4);
const CONNECTIONS = 100;
const STREAM_BYTES = 256 * 1024 * 1024;

const upstreamScript = `
const http = require('node:http');
const body = JSON.stringify({ items: [{ id: 1, name: 'first' }, { id: 2, name: 'second' }] });
const chunk = Buffer.alloc(64 * 1024, 120);
http.createServer((req, res) => {
  if (req.url === '/stream') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    let left = ${STREAM_BYTES} / chunk.length;
    const pump = () => { while (left > 0) { left--; if (!res.write(chunk)) return res.once('drain', pump); } res.end(); };
    return pump();
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const corsAnywhereScript = `
require('cors-anywhere').createServer({ originWhitelist: [${JSON.stringify(APP)}] })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

// Node's own limit on this machine, under the same wrk load (references, not contenders): a
// node:http server that only answers (the gateway's exact response, no upstream at all), and the
// least a node:http + undici pass-through can do (Pool.dispatch, copy the headers, add the CORS
// ones, stream). The gateway can be no faster than the second; the first bounds any Node server.
const answerOnlyScript = `
const http = require('node:http');
const body = Buffer.from(JSON.stringify({ items: [{ id: 1, name: 'first' }, { id: 2, name: 'second' }] }));
const allowed = ['content-type', 'application/json', 'content-length', String(body.length),
  'Access-Control-Allow-Origin', ${JSON.stringify(APP)}, 'Access-Control-Allow-Credentials', 'true', 'Vary', 'Origin'];
const refused = ['content-type', 'application/json', 'content-length', String(body.length), 'Vary', 'Origin'];
http.createServer((req, res) => {
  res.writeHead(200, req.headers.origin === ${JSON.stringify(APP)} ? allowed : refused);
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const passThroughScript = `
const http = require('node:http');
const { Pool } = require('undici');
const pool = new Pool(process.env.UPSTREAM, { connections: 128, pipelining: 1 });
const hop = new Set(['connection', 'keep-alive', 'transfer-encoding']);
http.createServer((req, res) => {
  const allowed = req.headers.origin === ${JSON.stringify(APP)};
  pool.dispatch({ path: req.url, method: req.method, headers: req.rawHeaders }, {
    onConnect() {},
    onHeaders(status, raw) {
      const headers = [];
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toString('latin1');
        if (!hop.has(name.toLowerCase())) headers.push(name, raw[i + 1].toString('latin1'));
      }
      if (allowed) headers.push('Access-Control-Allow-Origin', ${JSON.stringify(APP)}, 'Access-Control-Allow-Credentials', 'true');
      headers.push('Vary', 'Origin');
      res.writeHead(status, headers);
      return true;
    },
    onData(chunk) { return res.write(chunk); },
    onComplete() { res.end(); },
    onError(error) { res.destroy(error); },
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

interface Sample {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The proxy process's CPU time per request (µs, user + system), when measured. */
  cpuPerRequest?: number;
  /** The part of it spent in the kernel (system time: socket reads and writes, TCP), µs. */
  kernelPerRequest?: number;
}

/** User + system CPU time of a process and its children (nginx's worker), in µs; /proc ticks are 10 ms. */
async function cpuTimes(pid: number): Promise<{ total: number; kernel: number }> {
  const pids = [pid];
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.trim().split(/\s+/)) if (child) pids.push(Number(child));
  let ticks = 0;
  let kernel = 0;
  for (const p of pids) {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    kernel += Number(fields[12] ?? 0);
  }
  return { total: ticks * 10_000, kernel: kernel * 10_000 };
}

async function load(url: string): Promise<Sample> {
  const result = await runLoad({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { origin: APP },
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** wrk (Debian `wrk`): one thread, so that the load generator takes less of the machine than autocannon. */
async function wrkLoad(url: string, pid: number): Promise<Sample> {
  const cpuBefore = await cpuTimes(pid);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${DURATION}s`,
      '--latency',
      '-H',
      `Origin: ${APP}`,
      url,
    ]);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}`))));
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const scale = { us: 0.001, ms: 1, s: 1000 } as const;
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  if (!Number.isFinite(rps) || !p99) throw new Error(`cannot read wrk's output:\n${out}`);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return {
    ...(await cpuPerRequest(pid, cpuBefore, requests)),
    rps,
    p99: Number(p99[1]) * scale[p99[2] as keyof typeof scale],
    errors: errors ? errors.slice(1).reduce((n, x) => n + Number(x), 0) : 0,
    non2xx,
  };
}

async function cpuPerRequest(
  pid: number,
  before: { total: number; kernel: number },
  requests: number,
): Promise<{ cpuPerRequest: number; kernelPerRequest: number }> {
  const after = await cpuTimes(pid);
  if (!requests) return { cpuPerRequest: 0, kernelPerRequest: 0 };
  return {
    cpuPerRequest: (after.total - before.total) / requests,
    kernelPerRequest: (after.kernel - before.kernel) / requests,
  };
}

const hasWrk = () =>
  new Promise<boolean>((resolve) => {
    const child = spawn('wrk', ['--version']);
    child.on('error', () => resolve(false));
    child.on('close', () => resolve(true));
  });

async function procKiB(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
}

async function streamThrough(
  url: string,
  pid: number,
): Promise<{ beforeMiB: number; maxMiB: number; mbps: number }> {
  const before = await procKiB(pid, 'VmRSS');
  let max = before;
  const sampler = setInterval(() => {
    void procKiB(pid, 'VmRSS').then((kib) => {
      max = Math.max(max, kib);
    });
  }, 50);
  const started = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    httpRequest(url, { headers: { origin: APP } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', resolve);
    })
      .on('error', reject)
      .end();
  });
  clearInterval(sampler);
  if (bytes !== STREAM_BYTES) throw new Error(`streamed ${bytes} bytes, expected ${STREAM_BYTES}`);
  const seconds = (performance.now() - started) / 1000;
  return { beforeMiB: before / 1024, maxMiB: max / 1024, mbps: bytes / 2 ** 20 / seconds };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-gateway-bench-'));
  try {
    const [upstreamPort, gatewayPort, anywherePort, nginxPort, workersPort, passPort, answerPort] =
      await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    start(process.execPath, ['-e', upstreamScript], { PORT: String(upstreamPort) });
    const upstream = `http://127.0.0.1:${upstreamPort}`;
    await waitForHttp(`${upstream}/items`);

    const policy = join(dir, 'cors.json');
    await writeFile(policy, JSON.stringify({ origins: [APP], credentials: true }));
    // The built CLI, as users run it (`npm run bench` builds first). Running src through tsx would
    // measure esbuild's keepNames wrappers on every closure, not the gateway.
    const cli = join(root, 'dist/cli/main.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    const serve = (port: number, extra: string[] = []) =>
      startGatewayProcess(cli, { upstream, policy, port }, extra);
    const gateway = serve(gatewayPort);
    const gatewayWorkers = serve(workersPort, ['--workers', '2']);
    const passThrough = start(process.execPath, ['-e', passThroughScript], {
      PORT: String(passPort),
      UPSTREAM: upstream,
    });
    const answerOnly = start(process.execPath, ['-e', answerOnlyScript], { PORT: String(answerPort) });
    const anywhere = start(process.execPath, ['-e', corsAnywhereScript], { PORT: String(anywherePort) });
    const nginx = startNginxProxy({
      dir,
      upstreamPort,
      origin: APP,
      listen: [`127.0.0.1:${nginxPort}`],
      answerPreflights: true,
    });

    const targets = [
      { name: 'corskit gateway', url: `http://127.0.0.1:${gatewayPort}/items`, pid: gateway.pid! },
      {
        name: 'cors-anywhere 0.4.4',
        url: `http://127.0.0.1:${anywherePort}/${upstream}/items`,
        pid: anywhere.pid!,
      },
      {
        name: 'nginx (reverse proxy + CORS map)',
        url: `http://127.0.0.1:${nginxPort}/items`,
        pid: nginx.pid!,
      },
    ];
    // Under wrk only, beside nginx in every round: the gateway with 2 workers, and Node's limits.
    const references = [
      {
        name: 'corskit gateway, --workers 2',
        url: `http://127.0.0.1:${workersPort}/items`,
        pid: gatewayWorkers.pid!,
      },
      {
        name: 'node:http + undici pass-through (no policy, the least a Node proxy does)',
        url: `http://127.0.0.1:${passPort}/items`,
        pid: passThrough.pid!,
      },
      {
        name: 'node:http answering directly (no upstream)',
        url: `http://127.0.0.1:${answerPort}/items`,
        pid: answerOnly.pid!,
      },
    ];
    for (const t of [...targets, ...references]) await waitForHttp(t.url, { origin: APP });
    const referenceSamples = new Map<string, Sample[]>(references.map((t) => [t.name, []]));
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    const wrkSamples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    const withWrk = await hasWrk();
    if (!withWrk) process.stderr.write('gateway bench: wrk is not installed, the wrk table is skipped\n');
    for (const t of targets) await load(t.url); // warm-up, discarded
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const s = await load(t.url);
        samples.get(t.name)!.push(s);
        process.stdout.write(
          `round ${round + 1} ${t.name}: ${s.rps.toFixed(0)} req/s, p99 ${s.p99} ms, errors ${s.errors}, non2xx ${s.non2xx}\n`,
        );
        if (!withWrk) continue;
        const w = await wrkLoad(t.url, t.pid);
        wrkSamples.get(t.name)!.push(w);
        process.stdout.write(
          `round ${round + 1} ${t.name} (wrk): ${w.rps.toFixed(0)} req/s, p99 ${w.p99.toFixed(2)} ms, ${w.cpuPerRequest?.toFixed(1)} µs CPU/req, errors ${w.errors}, non2xx ${w.non2xx}\n`,
        );
      }
      if (!withWrk) continue;
      for (const t of references) {
        if (round === 0) await wrkLoad(t.url, t.pid); // warm-up, discarded
        const w = await wrkLoad(t.url, t.pid);
        referenceSamples.get(t.name)!.push(w);
        process.stdout.write(
          `round ${round + 1} ${t.name} (wrk): ${w.rps.toFixed(0)} req/s, p99 ${w.p99.toFixed(2)} ms, ${w.cpuPerRequest?.toFixed(1)} µs CPU/req, errors ${w.errors}, non2xx ${w.non2xx}\n`,
        );
      }
    }
    const stream = await streamThrough(`http://127.0.0.1:${gatewayPort}/stream`, gateway.pid!);
    const peak = (await procKiB(gateway.pid!, 'VmHWM')) / 1024;

    const rows = targets.map((t) => {
      const s = samples.get(t.name)!;
      return {
        name: t.name,
        rps: median(s.map((x) => x.rps)),
        p99: median(s.map((x) => x.p99)),
        errors: s.reduce((n, x) => n + x.errors + x.non2xx, 0),
      };
    });
    const gw = rows[0]!;
    const table = rows
      .map(
        (r) =>
          `| ${r.name} | ${r.rps.toFixed(0)} | ${(gw.rps / r.rps).toFixed(2)}× | ${r.p99} | ${r.errors} |`,
      )
      .join('\n');
    const wrkSection = withWrk
      ? wrkTable(targets, wrkSamples) +
        referenceTable(wrkSamples.get(targets[2]!.name)!, wrkSamples.get(targets[0]!.name)!, referenceSamples)
      : '';
    const anywhereRatio = gw.rps / rows[1]!.rps;
    const nginxRatio = gw.rps / rows[2]!.rps;
    const md = `## Gateway: corskit serve vs cors-anywhere vs nginx

Same upstream (a Node http server answering a small JSON document), same load: autocannon, ${CONNECTIONS} connections,
${DURATION} s per run, \`Origin: ${APP}\` (allowed by every contender's CORS config). ${ROUNDS} interleaved rounds after
one warm-up round; medians shown. One process each: the gateway is the built CLI (\`node dist/cli/main.js serve … --access-log off\`,
what users run), nginx with
\`worker_processes 1\` and \`access_log off\`, cors-anywhere with an origin whitelist. Upstream, proxy and load generator
share the machine's ${cpus().length} cores, so absolute numbers are low and noisy; the ratios are the result.

| proxy | req/s (median) | corskit ÷ this | p99 latency ms (median) | errors + non-2xx |
|---|---|---|---|---|
${table}

Targets: ≥ 2× cors-anywhere — **${anywhereRatio.toFixed(2)}×, ${anywhereRatio >= 2 ? 'met' : 'not met'}**; ≥ 0.6× nginx — **${nginxRatio.toFixed(2)}×, ${nginxRatio >= 0.6 ? 'met' : 'not met'}**.

${wrkSection}
Streaming: ${STREAM_BYTES / 2 ** 20} MiB downloaded through the gateway at ${stream.mbps.toFixed(0)} MiB/s; gateway RSS
${stream.beforeMiB.toFixed(0)} MiB before, at most ${stream.maxMiB.toFixed(0)} MiB during (sampled every 50 ms), peak over the whole
run (VmHWM) ${peak.toFixed(0)} MiB. The rise (${(stream.maxMiB - stream.beforeMiB).toFixed(0)} MiB for ${STREAM_BYTES / 2 ** 20} MiB streamed) is bounded, not proportional
to the body: chunks are written on as they arrive and freed by the GC; the 1 GiB test in
test/gateway/big-body.server.test.ts asserts a peak below 200 MB.

Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}, nginx 1.22; load average
${loadavg()[0]!.toFixed(1)} at the end of the run (other work was running on the machine).
Command: \`npm run build && node --import tsx bench/gateway.bench.ts\` (or \`npm run bench -- gateway\`, which builds first;
env ROUNDS, DURATION change the run length).
`;
    await writeFile(join(root, 'bench/results/gateway.md'), md);
    process.stdout.write(`\n${md}`);
  } finally {
    await stopChildren();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same rounds under wrk, as medians of the per-round ratios (load changes between rounds). */
function wrkTable(
  targets: ReadonlyArray<{ name: string; pid: number }>,
  samples: Map<string, Sample[]>,
): string {
  const gw = samples.get(targets[0]!.name)!;
  const rows = targets.map((t) => {
    const s = samples.get(t.name)!;
    const ratio = median(gw.map((g, i) => g.rps / s[i]!.rps));
    const p99Ratio = median(gw.map((g, i) => g.p99 / s[i]!.p99));
    const errors = s.reduce((n, x) => n + x.errors + x.non2xx, 0);
    const cpu = median(s.map((x) => x.cpuPerRequest ?? 0));
    const kernel = median(s.map((x) => x.kernelPerRequest ?? 0));
    // This proxy's CPU per request ÷ the gateway's, per round: the throughput ratio the CPU cost
    // alone allows once both are CPU-bound, and far less disturbed by other load than req/s.
    const cpuRatio = median(gw.map((g, i) => (s[i]!.cpuPerRequest ?? 0) / (g.cpuPerRequest ?? 1)));
    return {
      name: t.name,
      rps: median(s.map((x) => x.rps)),
      p99: median(s.map((x) => x.p99)),
      ratio,
      p99Ratio,
      errors,
      cpu,
      kernel,
      cpuRatio,
    };
  });
  const nginx = rows[2]!;
  return `
### The same, under wrk

wrk 4.1 (1 thread, ${CONNECTIONS} connections, ${DURATION} s), run right after autocannon against the same target in every
round: autocannon saturates a core of this machine by itself and caps what nginx can show; wrk does not.
Ratios are medians of the per-round ratios. CPU is the proxy process's own user + system time per
request (nginx: master and worker; the upstream's is left out, it is the same for all), in brackets
the part spent in the kernel (socket system calls, loopback TCP; the rest is user space: for Node,
JavaScript, the HTTP parsers and GC); "CPU: this ÷
corskit" is the throughput ratio the CPU cost alone allows once both proxies are CPU-bound, the
figure other load on a shared machine disturbs least (req/s and p99 move with that load).

| proxy | req/s (median) | corskit ÷ this (per-round median) | p99 ms (median) | corskit p99 ÷ this | CPU µs/req (of which kernel) | CPU: this ÷ corskit | errors + non-2xx |
|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.p99.toFixed(2)} | ${r.p99Ratio.toFixed(2)}× | ${r.cpu.toFixed(1)} (${r.kernel.toFixed(1)}) | ${r.cpuRatio.toFixed(2)}× | ${r.errors} |`).join('\n')}

Targets under wrk: ≥ 0.6× nginx — **${nginx.ratio.toFixed(2)}×, ${nginx.ratio >= 0.6 ? 'met' : 'not met'}**; p99 within 1.5× of nginx's — **${nginx.p99Ratio.toFixed(2)}×, ${nginx.p99Ratio <= 1.5 ? 'met' : 'not met'}**.
`;
}

await main();

/**
 * Node's limit beside nginx, from the same rounds: each reference's req/s, p99 and CPU per request
 * as medians of per-round ratios to nginx's (and the gateway's own row for comparison).
 */
function referenceTable(nginx: Sample[], gateway: Sample[], references: Map<string, Sample[]>): string {
  const row = (name: string, s: Sample[]) => {
    const rps = median(s.map((x, i) => x.rps / nginx[i]!.rps));
    const p99 = median(s.map((x, i) => x.p99 / nginx[i]!.p99));
    const cpu = median(s.map((x, i) => (x.cpuPerRequest ?? 0) / (nginx[i]!.cpuPerRequest ?? 1)));
    const errors = s.reduce((n, x) => n + x.errors + x.non2xx, 0);
    return `| ${name} | ${median(s.map((x) => x.rps)).toFixed(0)} | ${rps.toFixed(2)}× | ${median(s.map((x) => x.p99)).toFixed(2)} | ${p99.toFixed(2)}× | ${median(s.map((x) => x.cpuPerRequest ?? 0)).toFixed(1)} (${median(s.map((x) => x.kernelPerRequest ?? 0)).toFixed(1)}) | ${cpu.toFixed(2)}× | ${errors} |`;
  };
  return `
### Node's limit on this machine, beside nginx (wrk, same rounds)

The same wrk load, in every round right after the contenders above, against the gateway with
\`--workers 2\` and two reference servers that are not proxies anyone would run: the least a
node:http + undici pass-through can do (\`Pool.dispatch\`, 128 connections, copy the headers, add the
CORS ones, stream; no policy, no header filtering beyond hop-by-hop, no error handling), and a
node:http server that answers the gateway's exact response itself, with no upstream. The gateway
cannot beat the first; nothing written on node:http can beat the second. Ratios are per-round
medians against nginx in the same round. Where a request's time goes (system calls per request,
the CPU profile, why p99 follows throughput under wrk) and the \`--workers\` recommendation:
docs/gateway.md, "Under wrk, and where a request's time goes".

| server | req/s (median) | ÷ nginx (per-round median) | p99 ms (median) | p99 ÷ nginx | CPU µs/req (of which kernel) | CPU ÷ nginx | errors + non-2xx |
|---|---|---|---|---|---|---|---|
${row('corskit gateway (1 process, as above)', gateway)}
${[...references].map(([name, s]) => row(name, s)).join('\n')}
`;
}
