// The TLS listener: HTTP/2 by ALPN with HTTP/1.1 as the fallback, the same policy on both, with a
// certificate made at test time. Browsers over h2 are in tls-h2.browser.test.ts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { connect as h2connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { writeSelfSignedCertificate } from '../support/tls-cert.js';
import {
  eventually,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  tempDir,
  testConfig,
} from './support.js';

const APP = 'https://app.example.com';

describe('TLS listener with HTTP/2', () => {
  let upstream: TestUpstream;
  let gateway: TestGateway;
  let ca: Buffer;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const seen: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 300);
          return;
        }
        seen.push({ url: req.url!, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'text/plain', 'keep-alive': 'timeout=5' }).end(`echo:${body}`);
      });
    });
    dir = await tempDir();
    const tls = writeSelfSignedCertificate(dir.dir);
    ca = await readFile(tls.cert);
    gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy: { origins: [APP], credentials: true } }], { tls }),
    );
  });
  after(async () => {
    await gateway.drain();
    await upstream.close();
    await dir.remove();
  });

  function h2(path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const session = h2connect(gateway.url, { ca });
      session.on('error', reject);
      const stream = session.request({ ':path': path, ...headers }, { endStream: body === undefined });
      let text = '';
      let head: Record<string, unknown> = {};
      stream.on('response', (h) => {
        head = h;
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        text += chunk;
      });
      stream.on('end', () => {
        session.close();
        resolve({ headers: head, body: text });
      });
      stream.on('error', reject);
      if (body !== undefined) stream.end(body);
    });
  }

  test('h2: the policy applies, bodies stream without a length, forwarding headers say https', async () => {
    assert.match(gateway.url, /^https:/);
    const got = await h2('/items?x=1', { origin: APP });
    assert.equal(got.headers[':status'], 200);
    assert.equal(got.headers['access-control-allow-origin'], APP);
    assert.equal(got.headers['keep-alive'], undefined);
    assert.equal(seen.at(-1)!.headers['x-forwarded-proto'], 'https');
    assert.match(String(seen.at(-1)!.headers.forwarded), /proto=https;host="127\.0\.0\.1:\d+"/);
    assert.ok(!Object.keys(seen.at(-1)!.headers).some((n) => n.startsWith(':')), 'no pseudo-header upstream');
    const posted = await h2('/upload', { ':method': 'POST', origin: APP }, 'streamed body');
    assert.equal(posted.body, 'echo:streamed body');
    const preflight = await h2('/items', {
      ':method': 'OPTIONS',
      origin: 'https://evil.example',
      'access-control-request-method': 'PUT',
    });
    assert.equal(preflight.headers[':status'], 403);
    assert.equal(gateway.access.find((e) => e.path === '/items')?.http, '2.0');
  });

  test('streams the client resets give their upstream connection back', async () => {
    const session = h2connect(gateway.url, { ca });
    session.on('error', () => {});
    for (let i = 0; i < 5; i++) session.request({ ':path': '/slow' }).on('error', () => {});
    await eventually(() => gateway.inFlight() === 5);
    session.destroy();
    await eventually(async () => {
      const health = await h2('/healthz', {});
      return (JSON.parse(health.body) as { upstream: { active: number } }).upstream.active === 0;
    });
    await eventually(() => gateway.inFlight() === 0);
  });

  test('HTTP/1.1 over TLS still works (ALPN fallback)', async () => {
    const result = await new Promise<{ status: number; acao: unknown; alpn: unknown }>((resolve, reject) => {
      const req = httpsRequest(`${gateway.url}/items`, { ca, headers: { origin: APP } }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            acao: res.headers['access-control-allow-origin'],
            alpn: (req.socket as unknown as { alpnProtocol: unknown }).alpnProtocol,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepEqual(result, { status: 200, acao: APP, alpn: false });
  });
});
