// Requests no browser sends: bad header bytes, oversized heads, Content-Length + Transfer-Encoding
// smuggling. Each is refused with a clean status, never reaches the upstream, and the gateway
// keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import {
  rawExchange,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

describe('malformed requests', () => {
  let upstream: TestUpstream;
  let gateway: TestGateway;
  const seen: string[] = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    gateway = await startTestGateway(testConfig(upstream.url, [{ prefix: '/', policy: { origins: '*' } }]));
  });
  after(async () => {
    await gateway.drain();
    await upstream.close();
  });

  const cases: Array<{ name: string; bytes: string | Buffer; status: number }> = [
    {
      name: 'NUL byte in a header value',
      bytes: 'GET /a HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n',
      status: 400,
    },
    {
      name: 'space inside a header name',
      bytes: 'GET /a HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n',
      status: 400,
    },
    {
      name: 'bare LF line endings mixed with CR',
      bytes: 'GET /a HTTP/1.1\r\nHost: x\r\nX-A: 1\rX-B: 2\r\n\r\n',
      status: 400,
    },
    {
      name: 'headers over the 16 KiB limit',
      bytes: `GET /a HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 431,
    },
    {
      name: 'Content-Length and Transfer-Encoding together (CL.TE smuggling)',
      bytes:
        'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n',
      status: 400,
    },
    {
      name: 'Transfer-Encoding then Content-Length (TE.CL smuggling)',
      bytes:
        'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n',
      status: 400,
    },
    {
      name: 'obfuscated Transfer-Encoding',
      bytes: 'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
      status: 400,
    },
    {
      name: 'two different Content-Length values',
      bytes: 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      status: 400,
    },
    { name: 'not HTTP at all', bytes: 'HELLO THERE\r\n\r\n', status: 400 },
  ];

  for (const c of cases) {
    test(`${c.name} → ${c.status}`, async () => {
      const before = seen.length;
      const response = await rawExchange(gateway.url, c.bytes);
      assert.equal(response.status, c.status, response.raw.slice(0, 200));
      assert.equal(response.headers.get('connection')?.[0], 'close');
      assert.match(response.body, /"error":"malformed-request"/);
      assert.equal(seen.length, before, 'nothing reached the upstream');
      assert.ok(!seen.some((s) => s.includes('smuggled')));
    });
  }

  test('the gateway still serves after all of them', async () => {
    const response = await request(`${gateway.url}/after`);
    assert.equal(response.statusCode, 200);
    assert.equal(await response.body.text(), 'ok');
    const refusals = gateway.access.filter((e) => e.error?.startsWith('malformed-request'));
    assert.equal(refusals.length, cases.length, 'each refusal is logged');
  });
});
