// A failing origin check (an async predicate that rejects, a predicate that throws, a `cors`
// callback calling cb(err)) is a failure of the user's code, not a verdict. Every adapter sends it
// to the framework's error path, as `cors` and @fastify/cors do: a 500, and the route handler
// never runs (so a POST's side effects never happen). Real frameworks over loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import compatCors from '../../src/adapters/compat.js';
import { cors as expressCors } from '../../src/adapters/express.js';
import { cors as fastifyCors } from '../../src/adapters/fastify.js';
import { cors as fetchCors } from '../../src/adapters/fetch.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { cors as nodeCors } from '../../src/adapters/node.js';
import type { OriginPredicate } from '../../src/policy/types.js';
import { send } from './support/http-client.js';
import { listen, listenServer, type Running } from './support/listen.js';

const ORIGIN = 'https://app.example.com';

/** Counts the route handler's runs: it must stay at zero. */
interface App {
  server: Running;
  handled: () => number;
}

type Build = (origins: OriginPredicate) => Promise<App>;

const adapters: Record<string, Build> = {
  async express(origins) {
    let runs = 0;
    const app = express();
    app.use(expressCors({ origins, methods: ['PUT'] }));
    app.all('/', (_req, res) => {
      runs++;
      res.send('side effect');
    });
    // Express's default error handler prints the stack to stderr in development.
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).send('error path');
    });
    return { server: await listen(app), handled: () => runs };
  },
  async fastify(origins) {
    let runs = 0;
    const app = Fastify();
    await app.register(fastifyCors({ origins, methods: ['PUT'] }));
    app.all('/', async () => {
      runs++;
      return 'side effect';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { server: { origin: `http://127.0.0.1:${port}`, close: () => app.close() }, handled: () => runs };
  },
  async koa(origins) {
    let runs = 0;
    const app = new Koa();
    app.silent = true;
    app.use(koaCors({ origins, methods: ['PUT'] }));
    app.use((ctx) => {
      runs++;
      ctx.body = 'side effect';
    });
    return { server: await listenServer(createServer(app.callback())), handled: () => runs };
  },
  async hono(origins) {
    let runs = 0;
    const app = new Hono();
    app.use('*', honoCors({ origins, methods: ['PUT'] }));
    app.all('*', (c) => {
      runs++;
      return c.text('side effect');
    });
    app.onError((_err, c) => c.text('error path', 500));
    return { server: await listen(getRequestListener(app.fetch)), handled: () => runs };
  },
  async fetch(origins) {
    let runs = 0;
    const handler = fetchCors(
      { origins, methods: ['PUT'] },
      { onError: () => new Response('error path', { status: 500 }) },
    )(() => {
      runs++;
      return new Response('side effect');
    });
    return { server: await listen(getRequestListener(handler)), handled: () => runs };
  },
  async node(origins) {
    let runs = 0;
    const handle = nodeCors({ origins, methods: ['PUT'] }, { onError: () => {} });
    const server = await listen(async (req, res) => {
      if (await handle(req, res)) return;
      runs++;
      res.end('side effect');
    });
    return { server, handled: () => runs };
  },
};

const failures: Record<string, OriginPredicate> = {
  'an async predicate that rejects': () => Promise.reject(new Error('db down')),
  'a predicate that throws': () => {
    throw new Error('db down');
  },
};

describe('a failing origin check goes to the error path in every adapter', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  for (const [adapter, build] of Object.entries(adapters)) {
    for (const [failure, predicate] of Object.entries(failures)) {
      test(`${adapter}: ${failure} → 500, no CORS headers, the handler never runs`, async () => {
        const { server, handled } = await build(predicate);
        closers.push(server.close);
        const post = await send(`${server.origin}/`, { method: 'POST', headers: { origin: ORIGIN } });
        assert.equal(post.status, 500);
        assert.equal(post.headers['access-control-allow-origin'], undefined);
        const preflight = await send(`${server.origin}/`, {
          method: 'OPTIONS',
          headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' },
        });
        assert.equal(preflight.status, 500);
        assert.equal(preflight.headers['access-control-allow-origin'], undefined);
        assert.equal(handled(), 0, 'the route handler ran');
        // A request without Origin never consults the predicate: it reaches the handler.
        const plain = await send(`${server.origin}/`, { method: 'POST' });
        assert.equal(plain.status, 200);
        assert.equal(handled(), 1);
      });
    }
  }

  test('compat: cb(new Error(...)) in the origin callback → 500 through next(err), the handler never runs', async () => {
    let runs = 0;
    const app = express();
    app.use(compatCors({ origin: (_origin, cb) => setImmediate(() => cb(new Error('db down'))) }));
    app.post('/', (_req, res) => {
      runs++;
      res.send('side effect');
    });
    let seen: unknown;
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen = err;
      res.status(500).send('error path');
    });
    const server = await listen(app);
    closers.push(server.close);
    const post = await send(`${server.origin}/`, { method: 'POST', headers: { origin: ORIGIN } });
    assert.equal(post.status, 500);
    assert.equal((seen as Error).message, 'db down');
    const preflight = await send(`${server.origin}/`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' },
    });
    assert.equal(preflight.status, 500);
    assert.equal(runs, 0);
  });
});
