// What crosses the gateway and what does not: forwarded headers, hop-by-hop headers, the
// upstream's own CORS headers, routes, path normalisation, preflight handling, health checks.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, afterEach, before, describe, test } from 'node:test';
import { request } from 'undici';
import {
  rawExchange,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const APP = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('gateway proxying', () => {
  let upstream: TestUpstream;
  const seen: Seen[] = [];
  let gateway: TestGateway | undefined;

  before(async () => {
    upstream = await startUpstream((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(200, [
          'Content-Type',
          'text/plain',
          'Connection',
          'keep-alive, X-Upstream-Private',
          'X-Upstream-Private',
          'must not reach the client',
          'Keep-Alive',
          'timeout=5',
          'Access-Control-Allow-Origin',
          '*',
          'Access-Control-Expose-Headers',
          'x-everything',
          'Vary',
          'Accept-Encoding',
          'X-Kept',
          'yes',
        ]);
        res.end(`echo:${body}`);
      });
    });
  });
  afterEach(async () => {
    await gateway?.drain();
    gateway = undefined;
    seen.length = 0;
  });
  after(() => upstream.close());

  const routes = [
    { prefix: '/public/', policy: { origins: '*' as const } },
    { prefix: '/api', policy: { origins: [APP], credentials: true, methods: ['PUT'] } },
    { prefix: '/api/admin/', policy: { origins: [ADMIN] } },
  ];

  test('sets X-Forwarded-*, drops hop-by-hop headers both ways, keeps end-to-end ones', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const response = await rawExchange(
      gateway.url,
      'GET /public/x?q=1 HTTP/1.1\r\nHost: gw.example:8787\r\nConnection: close, X-Client-Private\r\n' +
        'X-Client-Private: secret\r\nKeep-Alive: timeout=9\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n' +
        'X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-End-To-End: kept\r\nTE: trailers\r\n\r\n',
    );
    assert.equal(response.status, 200);
    const sent = seen[0]!;
    assert.equal(sent.url, '/public/x?q=1');
    assert.equal(sent.headers['x-end-to-end'], 'kept');
    for (const name of ['x-client-private', 'keep-alive', 'proxy-authorization', 'te']) {
      assert.equal(sent.headers[name], undefined, `${name} not forwarded`);
    }
    assert.equal(sent.headers['x-forwarded-for'], '127.0.0.1', 'a client cannot forge its address');
    assert.equal(sent.headers['x-forwarded-proto'], 'http');
    assert.equal(sent.headers['x-forwarded-host'], 'gw.example:8787');
    assert.equal(sent.headers.host, new URL(upstream.url).host, 'Host names the upstream');
    assert.equal(response.headers.get('x-upstream-private'), undefined);
    assert.equal(response.headers.get('keep-alive'), undefined);
    assert.deepEqual(response.headers.get('x-kept'), ['yes']);
    assert.deepEqual(response.headers.get('vary'), ['Accept-Encoding'], 'the upstream Vary is kept');
  });

  test('trustProxy appends to X-Forwarded-For and keeps the load balancer proto and host', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes, { trustProxy: true }));
    await request(`${gateway.url}/public/x`, {
      headers: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example',
      },
    }).then((r) => r.body.text());
    assert.equal(seen[0]!.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(seen[0]!.headers['x-forwarded-proto'], 'https');
    assert.equal(seen[0]!.headers['x-forwarded-host'], 'api.example');
  });

  test("the upstream's Access-Control-* headers are replaced by the policy's, logged once", async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const base = gateway.url;
    for (let i = 0; i < 3; i++) {
      const r = await request(`${base}/api/items`, { headers: { origin: APP } });
      await r.body.text();
      assert.equal(r.headers['access-control-allow-origin'], APP);
      assert.equal(r.headers['access-control-allow-credentials'], 'true');
      assert.equal(r.headers['access-control-expose-headers'], undefined, 'upstream value dropped');
      assert.equal(r.headers.vary, 'Accept-Encoding, Origin');
    }
    const refused = await request(`${gateway.url}/api/items`, {
      headers: { origin: 'https://evil.example' },
    });
    await refused.body.text();
    assert.equal(
      refused.headers['access-control-allow-origin'],
      undefined,
      "the upstream's * never leaks through",
    );
    const warnings = gateway.events.filter((e) => String(e.message).includes('single source of truth'));
    assert.equal(warnings.length, 1);
  });

  test('the longest matching prefix wins, on whole path segments', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const acao = async (path: string, origin: string): Promise<string | string[] | null> => {
      const r = await request(gateway!.url + path, { headers: { origin } });
      await r.body.text();
      return r.headers['access-control-allow-origin'] ?? null;
    };
    assert.equal(await acao('/api/admin/users', ADMIN), ADMIN);
    assert.equal(await acao('/api/admin/users', APP), null);
    assert.equal(await acao('/api/users', APP), APP);
    assert.equal(await acao('/api', APP), APP);
    assert.equal(await acao('/apix', APP), null, '/api does not cover /apix');
    assert.equal(await acao('/public/a', 'https://anyone.example'), '*');
    const noRoute = gateway.access.find((e) => e.path === '/apix');
    assert.equal(noRoute?.reason, 'no-route');
  });

  test('dot segments are resolved before matching, and the upstream gets the same path', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const response = await rawExchange(
      gateway.url,
      `GET /public/../api/admin/%2e%2e/secret HTTP/1.1\r\nHost: x\r\nOrigin: ${APP}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(seen[0]!.url, '/api/secret');
    assert.deepEqual(
      response.headers.get('access-control-allow-origin'),
      [APP],
      'the /api policy applied, not /public/',
    );
  });

  test('an absolute-form target cannot choose another host: it is not an open proxy', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const response = await rawExchange(
      gateway.url,
      'GET http://169.254.169.254/public/meta HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n',
    );
    assert.equal(response.status, 200);
    assert.equal(seen[0]!.url, '/public/meta');
    assert.equal(seen[0]!.headers.host, new URL(upstream.url).host);
    const star = await rawExchange(gateway.url, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(star.status, 400);
    assert.equal(seen.length, 1);
  });

  test('preflights are answered by the gateway unless forwarding is configured', async () => {
    const preflight = { origin: APP, 'access-control-request-method': 'PUT' };
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const answered = await request(`${gateway.url}/api/items`, { method: 'OPTIONS', headers: preflight });
    await answered.body.text();
    assert.equal(answered.statusCode, 204);
    assert.equal(answered.headers['access-control-allow-methods'], 'PUT');
    assert.equal(seen.length, 0, 'the upstream never saw it');
    await gateway.drain();

    gateway = await startTestGateway(testConfig(upstream.url, routes, { forwardPreflight: true }));
    const forwarded = await request(`${gateway.url}/api/items`, { method: 'OPTIONS', headers: preflight });
    await forwarded.body.text();
    assert.equal(forwarded.statusCode, 200, "the upstream's status");
    assert.equal(forwarded.headers['access-control-allow-methods'], 'PUT', "the policy's headers");
    assert.equal(seen.length, 1);
    const refused = await request(`${gateway.url}/api/items`, {
      method: 'OPTIONS',
      headers: { ...preflight, origin: 'https://evil.example' },
    });
    await refused.body.text();
    assert.equal(refused.statusCode, 403, 'refused preflights are always answered by the gateway');
    assert.equal(seen.length, 1);
  });

  test('the health path is answered without the upstream, on its configured path', async () => {
    gateway = await startTestGateway(testConfig(upstream.url, routes, { healthPath: '/_gw/health' }));
    const r = await request(`${gateway.url}/_gw/health`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(await r.body.json(), {
      status: 'ok',
      upstream: { connections: 32, active: 0, queued: 0 },
    });
    assert.equal(seen.length, 0);
  });

  test('request bodies are forwarded, chunked or with a length, and an upstream base path is kept', async () => {
    gateway = await startTestGateway(testConfig(`${upstream.url}/base/`, routes));
    const withLength = await request(`${gateway.url}/public/upload`, { method: 'POST', body: 'hello' });
    assert.equal(await withLength.body.text(), 'echo:hello');
    const chunked = await rawExchange(
      gateway.url,
      'POST /public/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
    );
    assert.equal(chunked.body, 'echo:abcde');
    assert.deepEqual(
      seen.map((s) => s.url),
      ['/base/public/upload', '/base/public/chunked'],
    );
  });
});
