import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { HeaderList, WireResponse } from '../browser/types.js';
import { createHttpTransport } from './http-transport.js';

const token = fc.stringMatching(/^x-[a-z0-9-]{1,12}$/);
const value = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);

describe('http transport over loopback', () => {
  let server: Server;
  let base: string;
  // The next response the server sends, set by each property run.
  let next: { status: number; headers: HeaderList } = { status: 200, headers: [] };
  let seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen = req.rawHeaders;
      if (req.url === '/hang') return;
      res.writeHead(next.status, next.headers.flat());
      res.end('body');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('response headers arrive in wire order with repeats, and request headers are sent as given', async () => {
    const { transport } = createHttpTransport({ timeoutMs: 5000 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        fc.array(fc.tuple(token, value), { maxLength: 8 }),
        fc.array(fc.tuple(token, value), { maxLength: 5 }),
        async (status, responseHeaders, requestHeaders) => {
          next = { status, headers: responseHeaders };
          const response = (await transport({
            method: 'GET',
            url: `${base}/x`,
            headers: requestHeaders,
          })) as WireResponse;
          assert.equal(response.status, status);
          const custom = response.headers.filter(([n]) => n.startsWith('x-'));
          assert.deepEqual(custom, responseHeaders);
          const sent: HeaderList = [];
          for (let i = 0; i < seen.length; i += 2)
            if (seen[i]!.startsWith('x-')) sent.push([seen[i]!, seen[i + 1]!]);
          // Node groups repeated names together; compare per name.
          for (const [name] of requestHeaders)
            assert.deepEqual(
              sent.filter(([n]) => n === name).map(([, v]) => v),
              requestHeaders.filter(([n]) => n === name).map(([, v]) => v),
            );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('redirects are returned, not followed', async () => {
    next = { status: 302, headers: [['Location', '/elsewhere']] };
    const response = (await createHttpTransport().transport({
      method: 'OPTIONS',
      url: `${base}/a`,
      headers: [],
    })) as WireResponse;
    assert.equal(response.status, 302);
    assert.deepEqual(
      response.headers.find(([n]) => n === 'Location'),
      ['Location', '/elsewhere'],
    );
  });

  test('a timeout is a network failure named ERR_TIMED_OUT, with a message naming the limit', async () => {
    const http = createHttpTransport({ timeoutMs: 200 });
    const result = await http.transport({ method: 'GET', url: `${base}/hang`, headers: [] });
    assert.deepEqual(result, { networkError: 'ERR_TIMED_OUT' });
    assert.match(http.failures[0]!.message, /no response within 200 ms/);
  });

  test('connection refused', async () => {
    const http = createHttpTransport();
    const result = await http.transport({ method: 'GET', url: 'http://127.0.0.1:1/', headers: [] });
    assert.deepEqual(result, { networkError: 'ERR_CONNECTION_REFUSED' });
    assert.match(http.failures[0]!.message, /connection refused/);
  });
});
