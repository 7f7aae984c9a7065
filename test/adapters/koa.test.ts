// corskit/koa over a real Koa 3 app on loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, test } from 'node:test';
import Koa, { type Context, type Next } from 'koa';
import { cors } from '../../src/adapters/koa.js';
import { send } from './support/http-client.js';
import { listenServer, MAX_HEADER_SIZE } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';
import {
  APP_ORIGIN,
  apiPolicy,
  policyForPath,
  type ScenarioOptions,
  testScenarios,
} from './support/scenarios.js';

function serve(app: Koa) {
  app.silent = true; // the thrown errors below are expected; keep the test output clean
  return listenServer(createServer({ maxHeaderSize: MAX_HEADER_SIZE }, app.callback()));
}

testRequestTable('koa', async (policy) => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    const vary = ctx.get(PRIOR_VARY_HEADER);
    if (vary) ctx.set('Vary', vary);
    await next();
  });
  app.use(cors(policy));
  app.use((ctx) => {
    ctx.status = 200;
    ctx.body = APP_BODY;
  });
  return serve(app);
});

async function auth(ctx: Context, next: Next): Promise<void> {
  if (ctx.path.startsWith('/api/') && ctx.get('authorization') !== 'Bearer ok') {
    ctx.status = 401;
    ctx.body = { error: 'unauthorized' };
    return;
  }
  await next();
}

function scenarioApp({ perRoute, authFirst }: ScenarioOptions) {
  const app = new Koa();
  if (authFirst) app.use(auth);
  app.use(perRoute ? cors((ctx) => policyForPath(ctx.path)) : cors(apiPolicy));
  if (!authFirst) app.use(auth);
  app.use(async (ctx, next) => {
    const code = /^\/api\/status\/(\d+)$/.exec(ctx.path)?.[1];
    if (code) {
      ctx.status = Number(code);
      ctx.body = { status: Number(code) };
      return;
    }
    if (ctx.path === '/api/throw') throw new Error('boom');
    if (ctx.path === '/api/async-throw') {
      await Promise.resolve();
      throw new Error('async boom');
    }
    const ok = ['GET /public/data', 'GET /api/data', 'PUT /api/data', 'GET /other/data'];
    if (ok.includes(`${ctx.method} ${ctx.path}`)) ctx.body = { ok: true };
    else await next(); // Koa's own 404
  });
  return serve(app);
}

// Koa's ctx.onerror removes every header before writing an error; corskit puts its headers on
// err.headers, which Koa writes back.
testScenarios('koa', scenarioApp);

describe('koa: adapter specifics', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('ctx.throw(403) with its own headers keeps them, the CORS headers and a merged Vary', async () => {
    const app = new Koa();
    app.use(cors(apiPolicy));
    app.use((ctx) => ctx.throw(403, 'nope', { headers: { 'X-Reason': 'quota', Vary: 'Accept-Encoding' } }));
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/x`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['x-reason'], 'quota');
    assert.equal(res.headers.vary, 'Accept-Encoding, Origin');
  });

  test('a thrown non-Error still gets a 500 with the CORS headers', async () => {
    const app = new Koa();
    app.use(cors(apiPolicy));
    app.use(() => {
      throw 'a string';
    });
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/x`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 500);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('a thrown plain object (`throw { status: 500, message }`) gets the 500 Koa gives it, with the CORS headers', async () => {
    for (const thrown of [
      { status: 500, message: 'db down' },
      { code: 'E_DOWN' },
      Object.freeze({ status: 500 }),
    ]) {
      const app = new Koa();
      app.use(cors(apiPolicy));
      app.use(() => {
        throw thrown;
      });
      const server = await serve(app);
      closers.push(server.close);
      const res = await send(`${server.origin}/api/x`, { headers: { origin: APP_ORIGIN } });
      assert.equal(res.status, 500);
      assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN, JSON.stringify(thrown));
      assert.match(res.headers.vary ?? '', /Origin/);
    }
  });

  test('an outer error-handling middleware (mounted before corskit) sees the CORS headers on err.headers', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        const e = error as { headers?: Record<string, string> };
        ctx.set(e.headers ?? {});
        ctx.status = 500;
        ctx.body = { error: 'handled' };
      }
    });
    app.use(cors(apiPolicy));
    app.use(() => {
      throw new Error('boom');
    });
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/x`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 500);
    assert.equal(res.body, '{"error":"handled"}');
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('preflightContinue lets the app answer the preflight', async () => {
    const app = new Koa();
    app.use(cors(apiPolicy, { preflightContinue: true }));
    app.use((ctx) => {
      ctx.body = `app ${ctx.method}`;
    });
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/x`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'DELETE' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'app OPTIONS');
    assert.equal(res.headers['access-control-allow-methods'], 'DELETE');
  });
});
