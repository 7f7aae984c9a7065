// The gateway's own errors: upstream down (502), too slow (504), cut off mid-body. Errors before
// the response starts carry the policy's CORS headers so a browser can show the real status.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { request } from 'undici';
import { defaultTimeouts } from '../../src/gateway/types.js';
import { freePort } from '../support/free-port.js';
import {
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const APP = 'https://app.example.com';
const routes = [{ prefix: '/', policy: { origins: [APP], credentials: true } }];

describe('upstream failures', () => {
  let gateway: TestGateway | undefined;
  let upstream: TestUpstream | undefined;
  afterEach(async () => {
    await gateway?.drain();
    await upstream?.close();
    gateway = undefined;
    upstream = undefined;
  });

  test('upstream down: 502 with a JSON cause and CORS headers for an allowed origin only', async () => {
    // A port nothing listens on, below the ephemeral range so no concurrent test can take it.
    gateway = await startTestGateway(testConfig(`http://127.0.0.1:${await freePort()}`, routes));
    const allowed = await request(`${gateway.url}/x`, { headers: { origin: APP } });
    assert.equal(allowed.statusCode, 502);
    assert.equal(allowed.headers['access-control-allow-origin'], APP);
    assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
    assert.equal(allowed.headers.vary, 'Origin');
    const body = (await allowed.body.json()) as { error: string; status: number };
    assert.equal(body.error, 'upstream-unreachable');
    assert.equal(body.status, 502);
    const refused = await request(`${gateway.url}/x`, { headers: { origin: 'https://evil.example' } });
    await refused.body.text();
    assert.equal(refused.statusCode, 502);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    assert.equal(gateway.access.at(-1)?.error, 'upstream-unreachable');
  });

  test('upstream too slow: 504 after the configured header timeout', async () => {
    upstream = await startUpstream((_req, res) => {
      setTimeout(() => res.end('late'), 5_000).unref();
    });
    gateway = await startTestGateway(
      testConfig(upstream.url, routes, { timeouts: { ...defaultTimeouts, upstreamHeaders: 300 } }),
    );
    const started = Date.now();
    const response = await request(`${gateway.url}/slow`, { headers: { origin: APP } });
    const elapsed = Date.now() - started;
    assert.equal(response.statusCode, 504);
    assert.equal(response.headers['access-control-allow-origin'], APP);
    assert.equal(((await response.body.json()) as { error: string }).error, 'upstream-timeout');
    // Well before the upstream's own answer at 5 s, with room for a loaded CI machine.
    assert.ok(elapsed >= 250 && elapsed < 4_000, `answered after ${elapsed} ms`);
  });

  test('upstream resets mid-body: the client response is cut off, never completed as if whole', async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024) });
      res.write(Buffer.alloc(64 * 1024, 1));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const response = await request(`${gateway.url}/big`, { headers: { origin: APP } });
    assert.equal(response.statusCode, 200);
    await assert.rejects(response.body.arrayBuffer(), 'the client sees the truncation as an error');
    const entry = gateway.access.at(-1);
    assert.match(entry?.error ?? '', /mid-body$/);
    // The gateway stays healthy for the next request.
    const health = await request(`${gateway.url}/healthz`);
    assert.equal(health.statusCode, 200);
    await health.body.text();
  });

  test('upstream stalls mid-body: cut off after the body timeout', async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.write('first chunk');
    });
    gateway = await startTestGateway(
      testConfig(upstream.url, routes, { timeouts: { ...defaultTimeouts, upstreamBody: 300 } }),
    );
    const response = await request(`${gateway.url}/stall`);
    await assert.rejects(response.body.text());
    assert.equal(gateway.access.at(-1)?.error, 'upstream-body-timeout-mid-body');
  });
});
