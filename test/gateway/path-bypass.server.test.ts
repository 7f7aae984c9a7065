// Per-path policies must hold whatever spelling of a path the client sends: real Express and
// Fastify upstreams route `/ADMIN/users` (case-insensitive) and `/%61dmin/users` (decoded) to
// `/admin/users`, so the gateway must apply the `/admin` policy to them, and forward the path it
// matched. The `/` policy trusts a partner origin with credentials; `/admin` trusts only the admin.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { startTestGateway, type TestGateway, testConfig } from './support.js';

const PARTNER = 'https://partner.example.net';
const ADMIN = 'https://admin.example.com';

const routes = [
  { prefix: '/', policy: { origins: [PARTNER], credentials: true } },
  { prefix: '/admin', policy: { origins: [ADMIN], credentials: true } },
];

interface Upstream {
  readonly name: string;
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

async function expressUpstream(): Promise<Upstream> {
  const seen: string[] = [];
  const app = express();
  app.use((req, _res, next) => {
    seen.push(req.url);
    next();
  });
  app.get('/admin/users', (_req, res) => {
    res.json({ secret: 'admin data' });
  });
  app.get('/users', (_req, res) => {
    res.json({ public: true });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    name: 'Express',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function fastifyUpstream(): Promise<Upstream> {
  const seen: string[] = [];
  const app: FastifyInstance = Fastify();
  app.addHook('onRequest', async (req) => {
    seen.push(req.raw.url ?? '');
  });
  app.get('/admin/users', async () => ({ secret: 'admin data' }));
  app.get('/users', async () => ({ public: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    name: 'Fastify',
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    seen,
    close: () => app.close(),
  };
}

async function get(gateway: TestGateway, path: string, origin: string) {
  const response = await request(gateway.url + path, {
    headers: { origin, cookie: 'session=user-1' },
  });
  const body = await response.body.text();
  return { status: response.statusCode, acao: response.headers['access-control-allow-origin'], body };
}

for (const start of [expressUpstream, fastifyUpstream]) {
  describe(`per-path policy through a real ${start === expressUpstream ? 'Express' : 'Fastify'} upstream`, () => {
    let upstream: Upstream;
    let gateway: TestGateway;
    before(async () => {
      upstream = await start();
      gateway = await startTestGateway(testConfig(upstream.url, routes));
    });
    after(async () => {
      await gateway.drain();
      await upstream.close();
    });

    const spellings = [
      '/admin/users',
      '/ADMIN/users',
      '/%61dmin/users',
      '/%61DMIN/users',
      '//admin/users',
      '/x/../admin/users',
      '/x/%2e%2e/Admin/users',
    ];
    for (const path of spellings) {
      test(`GET ${path}: the partner origin never reads the admin data`, async () => {
        const partner = await get(gateway, path, PARTNER);
        assert.equal(partner.acao, undefined, `${upstream.name} served ${partner.body} to the partner`);
        const admin = await get(gateway, path, ADMIN);
        if (admin.status === 200) assert.equal(admin.acao, ADMIN);
      });
    }

    test('the upstream receives the normalised path the policy was chosen for', async () => {
      upstream.seen.length = 0;
      const response = await get(gateway, '/%61dmin//users?q=%61', ADMIN);
      assert.equal(response.status, 200);
      assert.match(response.body, /admin data/);
      assert.deepEqual(upstream.seen, ['/admin/users?q=%61'], 'the query string is left as sent');
    });

    for (const path of ['/admin%2Fusers', '/admin;jsessionid=1/users', '/users/..%2Fadmin/users']) {
      test(`GET ${path}: a path whose route depends on the upstream's decoding is refused`, async () => {
        upstream.seen.length = 0;
        const response = await get(gateway, path, PARTNER);
        assert.equal(response.status, 400);
        assert.match(response.body, /"error":"ambiguous-path"/);
        assert.deepEqual(upstream.seen, []);
      });
    }
  });
}

describe('case-sensitive routes, when asked for', () => {
  test('`/ADMIN/users` then takes the `/` policy', async () => {
    const upstream = await expressUpstream();
    const gateway = await startTestGateway(testConfig(upstream.url, routes, { caseSensitiveRoutes: true }));
    try {
      assert.equal((await get(gateway, '/ADMIN/users', PARTNER)).acao, PARTNER);
      assert.equal((await get(gateway, '/%61dmin/users', PARTNER)).acao, undefined);
    } finally {
      await gateway.drain();
      await upstream.close();
    }
  });
});
