// corskit/hono over a real Hono 4 app served by @hono/node-server on loopback.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono, type Next } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { cors } from '../../src/adapters/hono.js';
import { send } from './support/http-client.js';
import { listen } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';
import {
  APP_ORIGIN,
  apiPolicy,
  policyForPath,
  type ScenarioOptions,
  testScenarios,
} from './support/scenarios.js';

const serve = (app: Hono) => listen(getRequestListener(app.fetch));

testRequestTable('hono', async (policy) => {
  const app = new Hono();
  app.use('*', cors(policy));
  app.all('*', (c) => {
    // corskit/hono merges its Vary into the app's when the response is written.
    const vary = c.req.header(PRIOR_VARY_HEADER);
    if (vary) c.header('Vary', vary);
    return c.text(APP_BODY, 200);
  });
  return serve(app);
});

async function auth(c: Context, next: Next) {
  if (c.req.path.startsWith('/api/') && c.req.header('authorization') !== 'Bearer ok') {
    return c.json({ error: 'unauthorized' }, 401);
  }
  await next();
}

function scenarioApp({ perRoute, authFirst }: ScenarioOptions) {
  const app = new Hono();
  if (authFirst) app.use('*', auth);
  app.use('*', perRoute ? cors((c) => policyForPath(c.req.path)) : cors(apiPolicy));
  if (!authFirst) app.use('*', auth);
  const ok = (c: Context) => c.json({ ok: true });
  app.get('/public/data', ok);
  app.get('/api/data', ok);
  app.put('/api/data', ok);
  app.get('/other/data', ok);
  app.get('/api/throw', () => {
    throw new Error('boom');
  });
  app.get('/api/async-throw', async () => {
    await Promise.resolve();
    throw new Error('async boom');
  });
  app.get('/api/status/:code', (c) => {
    const code = Number(c.req.param('code'));
    return c.json({ status: code }, code as 500);
  });
  return serve(app);
}

// Hono's default onError answers 500; corskit/hono's headers go onto that response as well.
testScenarios('hono', scenarioApp);

describe('hono: adapter specifics', () => {
  test('without @hono/node-server (app.request, as on Workers/Deno/Bun) the Fetch Request is read', async () => {
    const app = new Hono();
    app.use('*', cors(apiPolicy));
    app.get('/api/data', (c) => c.json({ ok: true }));
    const allowed = await app.request('/api/data', { headers: { origin: APP_ORIGIN } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(allowed.headers.get('vary'), 'Origin');
    const refused = await app.request('/api/data', { headers: { origin: 'https://evil.example' } });
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    const pre = await app.request('/api/data', {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'PUT' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-methods'), 'PUT');
  });

  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('a preflight answered by corskit keeps the headers earlier middleware set with c.header(), like hono/cors', async () => {
    const mounts = { corskit: () => cors(apiPolicy), 'hono/cors': () => honoCors({ origin: APP_ORIGIN }) };
    for (const [name, mount] of Object.entries(mounts)) {
      const app = new Hono();
      app.use('*', async (c, next) => {
        c.header('X-Request-Id', 'req-1');
        c.header('Vary', 'Accept-Encoding');
        await next();
      });
      app.use('*', mount());
      app.put('/api/data', (c) => c.text('ok'));
      const server = await serve(app);
      closers.push(server.close);
      const res = await send(`${server.origin}/api/data`, {
        method: 'OPTIONS',
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'PUT' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.equal(res.headers['x-request-id'], 'req-1', name);
      assert.match(res.headers.vary ?? '', /^Accept-Encoding\b/, name);
      // hono/cors adds no Vary for a fixed origin; corskit merges its own into the app's.
      if (name === 'corskit')
        assert.match(res.headers.vary ?? '', /^Accept-Encoding, Origin, Access-Control-Request-Method/);
    }
  });

  test('a custom onError and an HTTPException keep the CORS headers', async () => {
    const app = new Hono();
    app.use('*', cors(apiPolicy));
    app.get('/api/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
    app.get('/api/throw', () => {
      throw new Error('boom');
    });
    app.onError((error, c) =>
      error instanceof HTTPException ? error.getResponse() : c.json({ error: 'handled' }, 500),
    );
    const server = await serve(app);
    closers.push(server.close);
    const teapot = await send(`${server.origin}/api/teapot`, { headers: { origin: APP_ORIGIN } });
    assert.equal(teapot.status, 418);
    assert.equal(teapot.headers['access-control-allow-origin'], APP_ORIGIN);
    const handled = await send(`${server.origin}/api/throw`, { headers: { origin: APP_ORIGIN } });
    assert.equal(handled.status, 500);
    assert.equal(handled.body, '{"error":"handled"}');
    assert.equal(handled.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('hono/timeout mounted after corskit: the 504 keeps the CORS headers', async () => {
    const app = new Hono();
    app.use('*', cors(apiPolicy));
    app.use('/api/*', timeout(30));
    app.get('/api/slow', async (c) => {
      await new Promise((r) => setTimeout(r, 300));
      return c.text('late');
    });
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/slow`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 504);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('a handler returning a Response with immutable headers gets a copy with the CORS headers', async () => {
    const app = new Hono();
    app.use('*', cors(apiPolicy));
    app.get('/api/redirect', () => Response.redirect('http://127.0.0.1:9/elsewhere', 302));
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/redirect`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, 'http://127.0.0.1:9/elsewhere');
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('preflightContinue lets a user OPTIONS route answer, with the CORS headers', async () => {
    const app = new Hono();
    app.use('*', cors(apiPolicy, { preflightContinue: true }));
    app.options('/api/data', (c) => c.text('app options', 200));
    const server = await serve(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/data`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'PUT' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'app options');
    assert.equal(res.headers['access-control-allow-methods'], 'PUT');
  });
});
