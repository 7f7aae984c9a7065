// The Node adapter over real loopback HTTP, against the shared request table and its own options.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CORS_RESPONSE_HEADERS, requestTable } from '../engine/request-table.js';
import type { CorsDecision } from '../policy/types.js';
import { cors, type NodeCorsHandler } from './node.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  method: string,
  headers: Record<string, string | readonly string[]>,
  path = '/',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: headers as Record<string, string | string[]> },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('node adapter: request table over loopback', () => {
  const handlers = requestTable.map((c) => cors(c.policy));
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((req, res) => {
      const index = Number(req.headers['x-case']);
      const c = requestTable[index]!;
      if (c.priorVary) res.setHeader('Vary', c.priorVary);
      if (handlers[index]!(req, res)) return;
      res.end('app');
    });
    port = await listen(server);
  });
  after(() => server.close());

  requestTable.forEach((c, index) => {
    test(c.name, async () => {
      const reply = await send(port, c.request.method, { ...c.request.headers, 'x-case': String(index) });
      assert.equal(reply.status, c.expected.status ?? 200, 'status');
      assert.equal(reply.body, c.expected.status === undefined ? 'app' : '', 'body');
      for (const name of CORS_RESPONSE_HEADERS)
        assert.equal(reply.headers[name] ?? null, c.expected.headers[name], name);
      assert.equal(reply.headers.vary ?? '', c.expected.vary, 'vary');
    });
  });
});

describe('node adapter options', () => {
  const refused: CorsDecision[] = [];
  const failures: unknown[] = [];
  let server: Server;
  let port = 0;
  const routes: Record<string, NodeCorsHandler> = {
    '/continue': cors({ origins: ['https://a.example'], methods: ['PUT'] }, { preflightContinue: true }),
    '/hook': cors({ origins: ['https://a.example'] }, { onRefuse: (d) => refused.push(d) }),
    '/async': cors({
      origins: async (origin) => {
        await new Promise((r) => setTimeout(r, 1));
        return origin.endsWith('.tenant.example');
      },
      credentials: true,
    }),
    '/throws': cors(
      {
        origins: () => {
          throw new Error('database down');
        },
      },
      { onError: (error) => failures.push(error) },
    ),
  };
  before(async () => {
    server = createServer(async (req, res) => {
      const handler = routes[req.url ?? '']!;
      if (await handler(req, res)) return;
      res.statusCode = 299;
      res.end('app');
    });
    port = await listen(server);
  });
  after(() => server.close());

  test('preflightContinue leaves the preflight to the app, headers set', async () => {
    const r = await send(
      port,
      'OPTIONS',
      { origin: 'https://a.example', 'access-control-request-method': 'PUT' },
      '/continue',
    );
    assert.equal(r.status, 299);
    assert.equal(r.body, 'app');
    assert.equal(r.headers['access-control-allow-origin'], 'https://a.example');
    assert.equal(r.headers['access-control-allow-methods'], 'PUT');
  });
  test('onRefuse sees the decision with its reason', async () => {
    refused.length = 0;
    const r = await send(port, 'GET', { origin: 'https://evil.example' }, '/hook');
    assert.equal(r.status, 299);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.reason, 'origin-not-allowed');
    assert.equal(refused[0]!.origin, 'https://evil.example');
    await send(port, 'GET', {}, '/hook');
    await send(port, 'GET', { origin: 'https://a.example' }, '/hook');
    assert.equal(refused.length, 1, 'no Origin and allowed origins are not refusals');
  });
  test('async predicate: allowed, refused, and a preflight', async () => {
    const ok = await send(port, 'GET', { origin: 'https://x.tenant.example' }, '/async');
    assert.equal(ok.headers['access-control-allow-origin'], 'https://x.tenant.example');
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    const no = await send(port, 'GET', { origin: 'https://x.other.example' }, '/async');
    assert.equal(no.headers['access-control-allow-origin'], undefined);
    assert.equal(no.headers.vary, 'Origin');
    const pre = await send(
      port,
      'OPTIONS',
      { origin: 'https://x.tenant.example', 'access-control-request-method': 'GET' },
      '/async',
    );
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://x.tenant.example');
  });
  test('a throwing predicate answers 500 (the app never runs) and reaches onError, without crashing', async () => {
    const r = await send(port, 'GET', { origin: 'https://a.example' }, '/throws');
    assert.equal(r.status, 500);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal((failures[0] as Error).message, 'database down');
  });
  test('refused preflight ends with 403 and an empty body', async () => {
    const r = await send(
      port,
      'OPTIONS',
      { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      '/hook',
    );
    assert.equal(r.status, 403);
    assert.equal(r.body, '');
    assert.equal(r.headers['content-length'], '0');
  });
});
