// Slow clients must not take the upstream connections away from everyone else: the head of each
// body is read before a connection is taken (against a deadline), a streamed body must keep a
// minimum rate, and past a bound on queued requests the gateway answers 503 with Retry-After
// (and CORS headers, so a page can read it). /healthz says when the gateway is saturated.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Agent, request } from 'undici';
import { defaultLimits, defaultTimeouts } from '../../src/gateway/types.js';
import {
  eventually,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const APP = 'https://app.example.com';
const policy = { origins: [APP] };

interface SlowClient {
  readonly socket: Socket;
  received(): string;
}

/** Opens a connection that sends a request head, then its body one byte every `everyMs`. */
function slowClient(url: string, head: string, firstChunk: string, everyMs: number): SlowClient {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => {});
  socket.write(head + firstChunk);
  const timer = setInterval(() => {
    if (socket.writable) socket.write('x');
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
  return { socket, received: () => received };
}

describe('slow uploads', () => {
  let upstream: TestUpstream;
  const uploads: string[] = [];
  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.method === 'POST') uploads.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('ok'));
    });
  });
  after(() => upstream.close());

  test('140 clients trickling their bodies: an ordinary request is still answered at once', async () => {
    const gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy }], {
        upstreamConnections: 128,
        timeouts: { ...defaultTimeouts, clientBody: 3_000 },
      }),
    );
    const head = `POST /upload HTTP/1.1\r\nHost: x\r\nOrigin: ${APP}\r\nContent-Length: 100\r\n\r\n`;
    const clients = Array.from({ length: 140 }, () => slowClient(gateway.url, head, 'x', 1_000));
    // A deadline for the answer: the agent gives up after 2 s without response headers.
    const impatient = new Agent({ headersTimeout: 2_000, bodyTimeout: 2_000 });
    try {
      await eventually(() => clients.every((c) => c.socket.bytesWritten > head.length), 5_000);
      const ordinary = await request(`${gateway.url}/items`, {
        headers: { origin: APP },
        dispatcher: impatient,
      });
      assert.equal(ordinary.statusCode, 200);
      assert.equal(ordinary.headers['access-control-allow-origin'], APP);
      await ordinary.body.dump();
      const health = await request(`${gateway.url}/healthz`, { dispatcher: impatient });
      const report = (await health.body.json()) as { status: string; upstream: { active: number } };
      assert.equal(health.statusCode, 200);
      assert.equal(report.upstream.active, 0, 'no slow upload holds an upstream connection');
      // The body deadline then answers every one of them with 408 and closes.
      await eventually(() => clients.every((c) => c.received().startsWith('HTTP/1.1 408')), 10_000);
      assert.match(
        clients[0]!.received(),
        new RegExp(`access-control-allow-origin: ${APP.replace(/\./g, '\\.')}`, 'i'),
      );
      assert.deepEqual(uploads, [], 'no trickled body reached the upstream');
    } finally {
      for (const c of clients) c.socket.destroy();
      await impatient.close();
      await gateway.drain();
    }
  });

  test('a streamed body that falls below the minimum rate is cut off with 408', async () => {
    const gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy }], {
        limits: { ...defaultLimits, bodyBuffer: 1024, minBodyRate: 1024 },
      }),
    );
    const head = `POST /big HTTP/1.1\r\nHost: x\r\nOrigin: ${APP}\r\nContent-Length: 1000000\r\n\r\n`;
    const client = slowClient(gateway.url, head, 'y'.repeat(4096), 200);
    try {
      await eventually(() => client.received().startsWith('HTTP/1.1 408'), 15_000);
      assert.match(client.received(), /"error":"client-body-too-slow"/);
      await eventually(() => upstream.openSockets() >= 0 && gateway.access.some((e) => e.status === 408));
      assert.equal(gateway.access.at(-1)?.error, 'client-body-too-slow');
    } finally {
      client.socket.destroy();
      await gateway.drain();
    }
  });
});

describe('bounded queue', () => {
  let upstream: TestUpstream;
  const held: Array<() => void> = [];
  let gateway: TestGateway;
  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hold') held.push(() => res.end('released'));
      else res.end('ok');
    });
    gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy }], {
        upstreamConnections: 2,
        limits: { ...defaultLimits, maxQueued: 2 },
      }),
    );
  });
  after(async () => {
    for (const release of held) release();
    await gateway.drain();
    await upstream.close();
  });

  test('past the bound: 503 with Retry-After and the CORS headers; /healthz says saturated', async () => {
    const waiting = Array.from({ length: 4 }, () => request(`${gateway.url}/hold`));
    await eventually(() => held.length === 2);
    const health = await request(`${gateway.url}/healthz`);
    assert.equal(health.statusCode, 503);
    assert.deepEqual(await health.body.json(), {
      status: 'saturated',
      upstream: { connections: 2, active: 2, queued: 2 },
    });
    const refused = await request(`${gateway.url}/items`, { headers: { origin: APP } });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.headers['access-control-allow-origin'], APP);
    assert.match(await refused.body.text(), /"error":"gateway-saturated"/);
    for (let released = 0; released < 4; released++) {
      await eventually(() => held.length > 0);
      held.shift()!();
    }
    for (const r of await Promise.all(waiting)) assert.equal(await r.body.text(), 'released');
    const calm = await request(`${gateway.url}/healthz`);
    assert.equal(calm.statusCode, 200);
    await calm.body.dump();
  });
});
