// The doctor follows redirects as a browser does: a hop to another origin must not carry the
// user's Authorization header (Fetch Standard, HTTP-redirect fetch). Two real loopback servers on
// two ports: the first redirects, the second records everything it receives.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { runCli } from '../cli/run-cli.js';

const PAGE = 'http://localhost:5173';
const SECRET = 'Bearer SECRET-7f3a';
const GRANT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization',
  'Access-Control-Allow-Methods': 'GET, PUT',
};

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; base: string }> {
  const server = createServer(handler!);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('doctor: Authorization on redirects', () => {
  let first: { server: Server; base: string };
  let second: { server: Server; base: string };
  const received: Array<{
    port: 'first' | 'second';
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
  }> = [];
  before(async () => {
    second = await listen((req, res) => {
      received.push({ port: 'second', method: req.method!, url: req.url!, headers: req.headers });
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, GRANT).end();
    });
    first = await listen((req, res) => {
      received.push({ port: 'first', method: req.method!, url: req.url!, headers: req.headers });
      if (req.method === 'OPTIONS') return void res.writeHead(204, GRANT).end();
      // /cross → the other port (another origin); /same → this origin.
      const target = req.url === '/cross' ? `${second.base}/landing` : req.url === '/same' ? '/landed' : null;
      if (target) return void res.writeHead(302, { ...GRANT, Location: target }).end();
      res.writeHead(200, GRANT).end('ok');
    });
  });
  after(() => {
    for (const s of [first, second]) {
      s.server.closeAllConnections();
      s.server.close();
    }
  });

  const doctor = async (path: string): Promise<DoctorReport> => {
    const run = await runCli([
      'doctor',
      `${first.base}${path}`,
      '--origin',
      PAGE,
      '-H',
      `Authorization: ${SECRET}`,
      '--json',
    ]);
    assert.ok(run.stdout.startsWith('{'), run.stderr);
    return JSON.parse(run.stdout) as DoctorReport;
  };

  test('a cross-origin 302 drops Authorization: the second origin never receives the secret', async () => {
    received.length = 0;
    const report = await doctor('/cross');
    assert.equal(report.verdict, 'allowed');
    const atSecond = received.filter((r) => r.port === 'second');
    assert.ok(atSecond.length > 0, 'the redirect was followed');
    for (const r of atSecond) {
      assert.equal(r.headers.authorization, undefined, `${r.method} ${r.url} got the secret`);
      assert.ok(!JSON.stringify(r.headers).includes('SECRET'));
    }
    // The first origin did get it (that is where the page sent it), and the hop's Origin is tainted.
    assert.ok(received.some((r) => r.port === 'first' && r.headers.authorization === SECRET));
    const hop = report.redirects.at(-1)!;
    assert.ok(!hop.request.headers.some(([n]) => n.toLowerCase() === 'authorization'));
    assert.deepEqual(
      hop.request.headers.find(([n]) => n.toLowerCase() === 'origin'),
      ['Origin', 'null'],
    );
  });

  test('a same-origin 302 keeps Authorization', async () => {
    received.length = 0;
    const report = await doctor('/same');
    assert.equal(report.verdict, 'allowed');
    // One probe per browser profile (Chromium, Firefox, WebKit), each carrying the token to its own origin.
    const landed = received.filter((r) => r.url === '/landed' && r.method === 'GET');
    assert.equal(landed.length, 3);
    for (const r of landed) assert.equal(r.headers.authorization, SECRET);
  });
});
