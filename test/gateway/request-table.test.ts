// The engine's shared request table, sent over real sockets through a real gateway to a real
// upstream: every case gets its own route prefix (and so its own policy) on one gateway.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CORS_RESPONSE_HEADERS, requestTable } from '../../src/engine/request-table.js';
import {
  rawExchange,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const prefixOf = (index: number) => `/case-${index}/`;

function requestBytes(
  method: string,
  path: string,
  host: string,
  headers: Record<string, string | readonly string[]>,
): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    for (const v of typeof value === 'string' ? [value] : value) head += `${name}: ${v}\r\n`;
  }
  // latin1 keeps a byte above 0x7f as that one byte, as a hostile client would send it.
  return Buffer.from(`${head}\r\n`, 'latin1');
}

describe('request table through the gateway', () => {
  let upstream: TestUpstream;
  let gateway: TestGateway;
  const seenByUpstream: string[] = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      seenByUpstream.push(`${req.method} ${req.url}`);
      const index = Number(/^\/case-(\d+)\//.exec(req.url ?? '')?.[1]);
      const prior = requestTable[index]?.priorVary;
      const headers: Record<string, string> = {
        'content-type': 'text/plain',
        // A legacy upstream's own CORS header: the gateway must replace it with the policy's answer.
        'access-control-allow-origin': 'https://upstream-says.example',
        'access-control-allow-credentials': 'true',
      };
      if (prior !== undefined) headers.vary = prior;
      res.writeHead(200, headers).end('from upstream');
    });
    gateway = await startTestGateway(
      testConfig(
        upstream.url,
        requestTable.map((c, i) => ({ prefix: prefixOf(i), policy: c.policy })),
      ),
    );
  });
  after(async () => {
    await gateway.drain();
    await upstream.close();
  });

  requestTable.forEach((c, index) => {
    test(c.name, async () => {
      const path = `${prefixOf(index)}resource`;
      const response = await rawExchange(
        gateway.url,
        requestBytes(c.request.method, path, new URL(gateway.url).host, c.request.headers),
      );
      const answeredByGateway = c.expected.status !== undefined;
      assert.equal(response.status, answeredByGateway ? c.expected.status : 200, 'status');
      assert.equal(response.body, answeredByGateway ? '' : 'from upstream', 'body');
      for (const name of CORS_RESPONSE_HEADERS) {
        const values = response.headers.get(name);
        assert.ok(!values || values.length === 1, `${name} appears once`);
        assert.equal(values?.[0] ?? null, c.expected.headers[name], name);
      }
      assert.equal((response.headers.get('vary') ?? []).join(', '), c.expected.vary, 'vary');
      const upstreamSaw = seenByUpstream.includes(`${c.request.method} ${path}`);
      assert.equal(
        upstreamSaw,
        !answeredByGateway,
        'upstream saw the request only when the gateway forwarded it',
      );
      const entry = gateway.access.find((e) => e.path === path);
      assert.ok(entry, 'access log line');
      assert.equal(entry.cors, c.expected.kind);
      assert.equal(entry.allowed, c.expected.allowed);
      assert.equal(entry.reason, c.expected.reason ?? null);
    });
  });
});
