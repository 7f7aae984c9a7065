// https like a browser: HTTP/2 when the server offers it by ALPN, HTTP/1.1 otherwise, the answer
// says which, and repeated response fields arrive as separate lines either way.
import assert from 'node:assert/strict';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { WireResponse } from '../../src/browser/types.js';
import { createHttpTransport } from '../../src/doctor/http-transport.js';
import { selfSignedCertificate } from '../support/tls-cert.js';

const TWO_ACAO = [
  'access-control-allow-origin',
  'https://a.example',
  'access-control-allow-origin',
  'https://b.example',
];

describe('https transport: ALPN', () => {
  let h2Base = '';
  let h1Base = '';
  let h2Seen: string[] = [];
  const h2 = createSecureServer({ ...selfSignedCertificate(), allowHTTP1: true }, (req, res) => {
    h2Seen = req.rawHeaders;
    res.writeHead(200, TWO_ACAO as unknown as Record<string, string>).end('x');
  });
  const h1 = createHttpsServer(selfSignedCertificate(), (_req, res) => res.writeHead(200, TWO_ACAO).end('x'));
  before(async () => {
    await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => h1.listen(0, '127.0.0.1', r));
    h2Base = `https://127.0.0.1:${(h2.address() as AddressInfo).port}`;
    h1Base = `https://127.0.0.1:${(h1.address() as AddressInfo).port}`;
  });
  after(() => {
    h2.close();
    h1.closeAllConnections();
    h1.close();
  });

  test('an h2 server answers over HTTP/2, with both lines, and two requests share one connection', async () => {
    const http = createHttpTransport({ insecure: true });
    let sessions = 0;
    h2.on('session', () => sessions++);
    try {
      for (const path of ['/a', '/b']) {
        const response = (await http.transport({
          method: 'GET',
          url: `${h2Base}${path}`,
          headers: [
            ['Host', 'ignored-on-h2'],
            ['Connection', 'keep-alive'],
            ['User-Agent', 'x'],
          ],
        })) as WireResponse;
        assert.equal(response.protocol, 'h2');
        assert.deepEqual(
          response.headers.filter(([n]) => n === 'access-control-allow-origin'),
          [
            ['access-control-allow-origin', 'https://a.example'],
            ['access-control-allow-origin', 'https://b.example'],
          ],
        );
      }
      assert.equal(sessions, 1);
      // Connection-specific fields are not sent on h2; the rest is, in lower case.
      assert.ok(!h2Seen.includes('connection'));
      assert.ok(h2Seen.includes('user-agent'));
    } finally {
      http.close();
    }
  });

  test('an https server without h2 answers over HTTP/1.1', async () => {
    const http = createHttpTransport({ insecure: true });
    try {
      const response = (await http.transport({
        method: 'GET',
        url: `${h1Base}/`,
        headers: [],
      })) as WireResponse;
      assert.equal(response.protocol, 'http/1.1');
      assert.equal(response.headers.filter(([n]) => n === 'access-control-allow-origin').length, 2);
    } finally {
      http.close();
    }
  });

  test('a self-signed certificate without --insecure is refused as a browser would', async () => {
    const http = createHttpTransport();
    try {
      const result = await http.transport({ method: 'GET', url: `${h2Base}/`, headers: [] });
      assert.deepEqual(result, { networkError: 'ERR_CERT_AUTHORITY_INVALID' });
      assert.match(http.failures[0]!.message, /certificate/);
    } finally {
      http.close();
    }
  });
});
