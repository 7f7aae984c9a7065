// corskit gateway vs nginx, both terminating TLS with HTTP/2 in front of the same HTTP/1.1 upstream,
// loaded by h2load (nghttp2) with the same settings; and both again over plain HTTP/1.1 through the
// same load generator, so the cost of h2 + TLS is visible next to it. Rounds are interleaved so
// background noise hits every contender alike; the table reports medians and ratios.
//
// Run: npm run build && node --import tsx bench/gateway-h2.bench.ts   (writes bench/results/gateway-h2.md)
// Needs h2load (Debian: nghttp2-client) and nginx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSelfSignedCertificate } from '../test/support/tls-cert.js';
import { NGINX, startNginxProxy } from './nginx-proxy.js';
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
const CLIENTS = 50;
const STREAMS = 10;
const H2LOAD = '/usr/bin/h2load';

const upstreamScript = `
const http = require('node:http');
const body = JSON.stringify({ items: [{ id: 1, name: 'first' }, { id: 2, name: 'second' }] });
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

interface Sample {
  rps: number;
  failed: number;
  non2xx: number;
}

/** One h2load run; HTTP/1.1 runs use --h1 with one request at a time per connection. */
function load(url: string, h1: boolean): Sample {
  // No --warm-up-time: with it, h2load 1.52 sent no request at all to Node's HTTP/2 server.
  const args = ['-c', String(CLIENTS), '-D', String(DURATION), '-H', `origin: ${APP}`];
  args.push(...(h1 ? ['--h1', '-m', '1'] : ['-m', String(STREAMS)]), url);
  const out = execFileSync(H2LOAD, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  const rps = Number(/finished in [\d.]+\w*, ([\d.]+) req\/s/.exec(out)?.[1]);
  const failed = Number(/(\d+) failed/.exec(out)?.[1] ?? Number.NaN);
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
  const protocol = /Application protocol: (\S+)/.exec(out)?.[1];
  if (!Number.isFinite(rps) || !codes) throw new Error(`unexpected h2load output:\n${out}`);
  if (protocol !== (h1 ? 'http/1.1' : 'h2'))
    throw new Error(`${url} spoke ${protocol}, not ${h1 ? 'http/1.1' : 'h2'}`);
  return { rps, failed, non2xx: Number(codes[2]) + Number(codes[3]) + Number(codes[4]) };
}

async function main(): Promise<void> {
  for (const binary of [H2LOAD, NGINX])
    if (!existsSync(binary)) throw new Error(`${binary} is missing (Debian: nghttp2-client, nginx)`);
  const cli = join(root, 'dist/cli/main.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const dir = await mkdtemp(join(tmpdir(), 'corskit-gateway-h2-bench-'));
  try {
    const tls = writeSelfSignedCertificate(dir);
    const upstreamPort = await freePort();
    const tlsGatewayPort = await freePort();
    const plainGatewayPort = await freePort();
    const nginxTlsPort = await freePort();
    const nginxPlainPort = await freePort();
    start(process.execPath, ['-e', upstreamScript], { PORT: String(upstreamPort) });
    const upstream = `http://127.0.0.1:${upstreamPort}`;
    await waitForHttp(`${upstream}/items`);
    const policy = join(dir, 'cors.json');
    await writeFile(policy, JSON.stringify({ origins: [APP], credentials: true }));
    const gateway = (port: number, tls: string[]) =>
      startGatewayProcess(cli, { upstream, policy, port }, tls);
    gateway(tlsGatewayPort, ['--tls-cert', tls.cert, '--tls-key', tls.key]);
    gateway(plainGatewayPort, []);
    startNginxProxy({
      dir,
      upstreamPort,
      origin: APP,
      listen: [`127.0.0.1:${nginxTlsPort} ssl http2`, `127.0.0.1:${nginxPlainPort}`],
      serverLines: [`ssl_certificate ${tls.cert};`, `ssl_certificate_key ${tls.key};`],
    });
    await waitForHttp(`http://127.0.0.1:${plainGatewayPort}/items`);
    await waitForHttp(`http://127.0.0.1:${nginxPlainPort}/items`);

    const targets = [
      { name: 'corskit gateway, TLS + h2', url: `https://127.0.0.1:${tlsGatewayPort}/items`, h1: false },
      { name: 'nginx, TLS + h2', url: `https://127.0.0.1:${nginxTlsPort}/items`, h1: false },
      { name: 'corskit gateway, HTTP/1.1', url: `http://127.0.0.1:${plainGatewayPort}/items`, h1: true },
      { name: 'nginx, HTTP/1.1', url: `http://127.0.0.1:${nginxPlainPort}/items`, h1: true },
    ];
    // The TLS gateway listens once it has read its certificate; one discarded run each warms up.
    for (let i = 0; i < 100; i++) {
      try {
        load(targets[0]!.url, false);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const t of targets.slice(1)) load(t.url, t.h1);
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const s = load(t.url, t.h1);
        samples.get(t.name)!.push(s);
        process.stdout.write(
          `round ${round + 1} ${t.name}: ${s.rps.toFixed(0)} req/s, failed ${s.failed}, non-2xx ${s.non2xx}\n`,
        );
      }
    }
    const rows = targets.map((t) => {
      const s = samples.get(t.name)!;
      return {
        name: t.name,
        rps: median(s.map((x) => x.rps)),
        bad: s.reduce((n, x) => n + x.failed + x.non2xx, 0),
      };
    });
    const [gwH2, nginxH2, gwH1, nginxH1] = rows as [
      (typeof rows)[0],
      (typeof rows)[0],
      (typeof rows)[0],
      (typeof rows)[0],
    ];
    const table = rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.bad} |`).join('\n');
    const md = `## Gateway over TLS + HTTP/2: corskit serve vs nginx

Same upstream (a Node http server answering a small JSON document over HTTP/1.1), same load: h2load,
${CLIENTS} clients, ${DURATION} s per run, \`Origin: ${APP}\` (allowed by both CORS configs); over h2
${STREAMS} concurrent streams per connection, over HTTP/1.1 one request at a time per connection. ${ROUNDS} interleaved
rounds after one discarded warm-up run each; medians shown. One process each: the gateway is the built CLI (\`node dist/cli/main.js serve --tls-cert … --tls-key …
--access-log off\`), nginx \`worker_processes 1\`, \`access_log off\`, \`listen … ssl http2\` with the same self-signed
P-256 certificate. Load generator, proxies and upstream share the machine's ${cpus().length} cores.

| proxy | req/s (median) | failed + non-2xx |
|---|---|---|
${table}

Ratios: gateway ÷ nginx over TLS + h2 **${(gwH2.rps / nginxH2.rps).toFixed(2)}×**; over HTTP/1.1 (same load generator)
**${(gwH1.rps / nginxH1.rps).toFixed(2)}×**. The gateway over h2 ÷ itself over HTTP/1.1: ${(gwH2.rps / gwH1.rps).toFixed(2)}×.
The autocannon comparison with cors-anywhere (HTTP/1.1, as before) is the section above.

Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}, nginx 1.22, h2load (nghttp2 1.52);
load average ${loadavg()[0]!.toFixed(1)} at the end of the run (other work was running on the machine).
Command: \`npm run build && node --import tsx bench/gateway-h2.bench.ts\` (or \`npm run bench -- gateway-h2\`;
env ROUNDS, DURATION change the run length).
`;
    await writeFile(join(root, 'bench/results/gateway-h2.md'), md);
    process.stdout.write(`\n${md}`);
  } finally {
    await stopChildren();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
