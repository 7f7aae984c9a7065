// WebSocket upgrades through the gateway with a real client and server (the `ws` package): an
// allowed origin gets a working socket, a refused one gets 403 and a log line (Cross-Site WebSocket
// Hijacking), and cookies from an origin the policy allows only without credentials are refused.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { startTestGateway, type TestGateway, testConfig } from './support.js';

const APP = 'https://app.example.com';
const PUBLIC_SITE = 'https://elsewhere.example.org';
const EVIL = 'https://evil.example';

interface Outcome {
  readonly opened: boolean;
  readonly status?: number;
  readonly echo?: string;
}

function open(url: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => ws.send('ping'));
    ws.on('message', (data) => {
      ws.close();
      resolve({ opened: true, echo: String(data) });
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ opened: false, status: res.statusCode });
    });
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('WebSocket through the gateway', () => {
  let upstream: WebSocketServer;
  let upstreamUrl: string;
  const handshakes: Array<Record<string, string | string[] | undefined>> = [];
  let gateway: TestGateway;

  before(async () => {
    upstream = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (info, done) => (info.req.url?.startsWith('/live/deny') ? done(false, 401) : done(true)),
    });
    await new Promise((resolve) => upstream.once('listening', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    upstream.on('connection', (socket, req) => {
      handshakes.push({ url: req.url, ...req.headers });
      socket.on('message', (data) => socket.send(`echo:${data}`));
    });
    gateway = await startTestGateway(
      testConfig(upstreamUrl, [
        { prefix: '/', policy: { origins: '*' } },
        { prefix: '/live', policy: { origins: [APP], credentials: true } },
      ]),
    );
  });
  after(async () => {
    await gateway.drain();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const ws = (path: string) => `${gateway.url.replace('http', 'ws')}${path}`;

  test('an allowed origin, with cookies: the socket works end to end', async () => {
    const outcome = await open(ws('/live/feed?room=1'), { origin: APP, cookie: 'session=1' });
    assert.deepEqual(outcome, { opened: true, echo: 'echo:ping' });
    const seen = handshakes.at(-1)!;
    assert.equal(seen.url, '/live/feed?room=1');
    assert.equal(seen['x-forwarded-for'], '127.0.0.1');
    assert.equal(gateway.access.at(-1)?.status, 101);
  });

  test('a refused origin gets 403, never reaches the upstream, and is logged', async () => {
    const before = handshakes.length;
    const outcome = await open(ws('/live/feed'), { origin: EVIL, cookie: 'session=1' });
    assert.deepEqual(outcome, { opened: false, status: 403 });
    assert.equal(handshakes.length, before);
    const event = gateway.events.find((e) => String(e.message).startsWith('WebSocket upgrade refused'));
    assert.equal(event?.origin, EVIL);
    assert.equal(gateway.access.at(-1)?.status, 403);
  });

  test('/live spelled otherwise is still /live', async () => {
    assert.equal((await open(ws('/LIVE/feed'), { origin: EVIL })).status, 403);
    assert.equal((await open(ws('/%6Cive/feed'), { origin: EVIL })).status, 403);
  });

  test('a public route: any origin without credentials, but cookies only if the policy grants them', async () => {
    assert.equal((await open(ws('/chat'), { origin: PUBLIC_SITE })).opened, true);
    assert.deepEqual(await open(ws('/chat'), { origin: PUBLIC_SITE, cookie: 'session=1' }), {
      opened: false,
      status: 403,
    });
  });

  test('no Origin (not a browser) and the same origin pass', async () => {
    assert.equal((await open(ws('/live/feed'), {})).opened, true);
    assert.equal((await open(ws('/live/feed'), { origin: gateway.url, cookie: 'a=1' })).opened, true);
  });

  test('an upstream that declines the upgrade: its answer reaches the client', async () => {
    assert.deepEqual(await open(ws('/live/deny'), { origin: APP }), { opened: false, status: 401 });
  });
});
