// A client must not be able to tell the upstream who it is, how it connected or which URL it
// asked for: without --trust-proxy every forwarding header it sends is dropped or replaced, and
// `Forwarded` (RFC 7239) says what X-Forwarded-* say. Also: a request with more header lines
// than the limit is refused with 431, never forwarded without the headers Node dropped.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  rawExchange,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const spoofed = [
  'Forwarded: for=6.6.6.6;proto=https;host=bank.example',
  'X-Real-IP: 6.6.6.6',
  'X-Forwarded-Port: 443',
  'X-Forwarded-Prefix: /evil',
  'X-Client-IP: 6.6.6.6',
  'True-Client-IP: 6.6.6.6',
  'X-Original-URL: /admin',
  'X-Rewrite-URL: /admin',
  'X-Forwarded-Server: evil',
  'X-Forwarded-Ssl: on',
  'X-Forwarded-For: 6.6.6.6',
  'X-Forwarded-Proto: https',
  'X-Forwarded-Host: bank.example',
  'CF-Connecting-IP: 6.6.6.6',
];

describe('forwarding headers a client sends', () => {
  let upstream: TestUpstream;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  before(async () => {
    upstream = await startUpstream((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body });
        res.end('ok');
      });
    });
  });
  after(() => upstream.close());

  async function send(gateway: TestGateway, extra: string[]) {
    seen.length = 0;
    const response = await rawExchange(
      gateway.url,
      `GET /p HTTP/1.1\r\nHost: gw.example:8787\r\n${extra.map((l) => `${l}\r\n`).join('')}Connection: close\r\n\r\n`,
    );
    assert.equal(response.status, 200);
    return seen[0]!.headers;
  }

  test('without --trust-proxy none reaches the upstream; Forwarded matches X-Forwarded-*', async () => {
    const gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy: { origins: '*' } }]),
    );
    try {
      const headers = await send(gateway, spoofed);
      assert.doesNotMatch(JSON.stringify(headers), /6\.6\.6\.6|evil|bank\.example|\/admin|https/);
      for (const name of [
        'x-real-ip',
        'x-forwarded-port',
        'x-forwarded-prefix',
        'x-client-ip',
        'true-client-ip',
        'x-original-url',
        'x-rewrite-url',
        'x-forwarded-server',
        'x-forwarded-ssl',
        'cf-connecting-ip',
      ])
        assert.equal(headers[name], undefined, name);
      assert.equal(headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(headers['x-forwarded-proto'], 'http');
      assert.equal(headers['x-forwarded-host'], 'gw.example:8787');
      assert.equal(headers.forwarded, 'for=127.0.0.1;proto=http;host="gw.example:8787"');
    } finally {
      await gateway.drain();
    }
  });

  test('with --trust-proxy the chain is kept and this hop appended to both', async () => {
    const gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy: { origins: '*' } }], { trustProxy: true }),
    );
    try {
      const headers = await send(gateway, ['X-Forwarded-For: 203.0.113.7', 'X-Real-IP: 203.0.113.7']);
      assert.equal(headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
      assert.equal(headers['x-real-ip'], '203.0.113.7');
      assert.equal(headers.forwarded, 'for=203.0.113.7, for=127.0.0.1;proto=http;host="gw.example:8787"');
      const withForwarded = await send(gateway, ['Forwarded: for="[2001:db8::1]";proto=https']);
      assert.equal(
        withForwarded.forwarded,
        'for="[2001:db8::1]";proto=https, for=127.0.0.1;proto=http;host="gw.example:8787"',
      );
    } finally {
      await gateway.drain();
    }
  });
});

describe('header line count', () => {
  let upstream: TestUpstream;
  let gateway: TestGateway;
  const seen: string[] = [];
  before(async () => {
    upstream = await startUpstream((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} body=${body.length}`);
        res.end('ok');
      });
    });
    gateway = await startTestGateway(
      testConfig(upstream.url, [{ prefix: '/', policy: { origins: '*' } }], {
        limits: { ...testConfig('', []).limits, maxHeaderSize: 64 * 1024 },
      }),
    );
  });
  after(async () => {
    await gateway.drain();
    await upstream.close();
  });

  const post = (lines: number) =>
    `POST /upload HTTP/1.1\r\nHost: x\r\n${'A: b\r\n'.repeat(lines)}Content-Length: 5\r\nConnection: close\r\n\r\nhello`;

  test('more than 2,000 header lines: 431, and the upstream sees nothing', async () => {
    seen.length = 0;
    const response = await rawExchange(gateway.url, post(2_001));
    assert.equal(response.status, 431);
    assert.match(response.body, /"error":"too-many-headers"/);
    assert.deepEqual(seen, []);
    assert.equal(gateway.events.filter((e) => e.level === 'error').length, 0);
  });

  test('up to the limit the request goes through with its body', async () => {
    seen.length = 0;
    const response = await rawExchange(gateway.url, post(1_990));
    assert.equal(response.status, 200);
    assert.deepEqual(seen, ['POST /upload body=5']);
  });
});
