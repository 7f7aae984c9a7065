// corskit/fastify over a real Fastify 5 app on loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import corskitPlugin, { cors } from '../../src/adapters/fastify.js';
import { send } from './support/http-client.js';
import { MAX_HEADER_SIZE, type Running } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';
import {
  APP_ORIGIN,
  apiPolicy,
  EVIL_ORIGIN,
  policyForPath,
  publicPolicy,
  type ScenarioOptions,
  testScenarios,
} from './support/scenarios.js';

function newApp(options: FastifyServerOptions = {}): FastifyInstance {
  return Fastify({
    ...options,
    serverFactory: (handler) => createServer({ maxHeaderSize: MAX_HEADER_SIZE }, handler),
  }) as unknown as FastifyInstance;
}

async function start(app: FastifyInstance): Promise<Running> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const preflight = (method: string) => ({ origin: APP_ORIGIN, 'access-control-request-method': method });

testRequestTable('fastify', async (policy) => {
  const app = newApp();
  app.addHook('onRequest', (request, reply, done) => {
    const vary = request.headers[PRIOR_VARY_HEADER];
    if (typeof vary === 'string') reply.header('Vary', vary);
    done();
  });
  await app.register(cors(policy));
  // Every method, OPTIONS included: the plugin's own OPTIONS route must not collide with it.
  app.all('/*', async () => APP_BODY);
  return start(app);
});

async function auth(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/') && request.headers.authorization !== 'Bearer ok') {
    return reply.code(401).send({ error: 'unauthorized' });
  }
}

async function scenarioApp({ perRoute, authFirst }: ScenarioOptions) {
  const app = newApp();
  if (authFirst) app.addHook('onRequest', auth);
  // `await` matters: a hook added after a plain register() call would run before the plugin's.
  await app.register(
    perRoute ? cors((request) => policyForPath(request.url.split('?')[0]!)) : cors(apiPolicy),
  );
  if (!authFirst) app.addHook('onRequest', auth);
  const ok = async () => ({ ok: true });
  app.get('/public/data', ok);
  app.get('/api/data', ok);
  app.put('/api/data', ok);
  app.get('/other/data', ok);
  app.get('/api/throw', () => {
    throw new Error('boom');
  });
  app.get('/api/async-throw', async () => {
    throw new Error('async boom');
  });
  app.get<{ Params: { code: string } }>('/api/status/:code', async (request, reply) => {
    const code = Number(request.params.code);
    return reply.code(code).send({ status: code });
  });
  return start(app);
}

testScenarios('fastify', scenarioApp);

describe('fastify: adapter specifics', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('encapsulation: a policy registered inside a prefixed plugin covers that prefix only', async () => {
    const app = newApp();
    app.get('/outside', async () => 'outside');
    await app.register(
      async (child) => {
        await child.register(cors(apiPolicy));
        child.get('/data', async () => 'inside');
      },
      { prefix: '/api' },
    );
    const server = await start(app);
    closers.push(server.close);
    const inside = await send(`${server.origin}/api/data`, { headers: { origin: APP_ORIGIN } });
    assert.equal(inside.headers['access-control-allow-origin'], APP_ORIGIN);
    const outside = await send(`${server.origin}/outside`, { headers: { origin: APP_ORIGIN } });
    assert.equal(outside.body, 'outside');
    assert.equal(outside.headers['access-control-allow-origin'], undefined);
    assert.equal(outside.headers.vary, undefined);
    // A path in the prefix with no OPTIONS route: the plugin's own route answers the preflight.
    const pre = await send(`${server.origin}/api/data`, { method: 'OPTIONS', headers: preflight('PUT') });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-methods'], 'PUT');
    const preOutside = await send(`${server.origin}/outside`, {
      method: 'OPTIONS',
      headers: preflight('PUT'),
    });
    assert.equal(preOutside.status, 404);
  });

  test("the app's own OPTIONS routes, even an OPTIONS * catch-all, coexist with the plugin", async () => {
    const app = newApp();
    await app.register(cors(apiPolicy));
    app.get('/items', async () => 'items');
    app.options('/items', async () => 'user OPTIONS /items');
    app.options('*', async () => 'user OPTIONS *');
    const server = await start(app); // no FST_ERR_DUPLICATED_ROUTE at startup
    closers.push(server.close);
    const userItems = await send(`${server.origin}/items`, { method: 'OPTIONS' });
    assert.equal(userItems.body, 'user OPTIONS /items');
    const userCatchAll = await send(`${server.origin}/elsewhere`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN },
    });
    assert.equal(userCatchAll.body, 'user OPTIONS *');
    assert.equal(userCatchAll.headers['access-control-allow-origin'], APP_ORIGIN);
    for (const path of ['/items', '/elsewhere']) {
      const pre = await send(`${server.origin}${path}`, { method: 'OPTIONS', headers: preflight('DELETE') });
      assert.equal(pre.status, 204, path);
      assert.equal(pre.headers['access-control-allow-methods'], 'DELETE', path);
    }
  });

  test("preflights to paths with no route at all: at the root through the app's not-found handler, in an encapsulated plugin through the plugin's route", async () => {
    const root = newApp();
    await root.register(cors(apiPolicy));
    root.setNotFoundHandler(async (_request, reply) => reply.code(404).send('app not found'));
    const encapsulated = newApp();
    encapsulated.setNotFoundHandler(async (_request, reply) => reply.code(404).send('app not found'));
    await encapsulated.register(async (child) => {
      await child.register(cors(apiPolicy));
      child.get('/inside', async () => 'inside');
    });
    for (const app of [root, encapsulated]) {
      const server = await start(app);
      closers.push(server.close);
      const pre = await send(`${server.origin}/nowhere/x`, { method: 'OPTIONS', headers: preflight('PUT') });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.equal(pre.headers['access-control-allow-methods'], 'PUT');
      const refused = await send(`${server.origin}/nowhere/x`, {
        method: 'OPTIONS',
        headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'PUT' },
      });
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
      // Every other miss is still the app's own not-found handler.
      const plainOptions = await send(`${server.origin}/nowhere/x`, { method: 'OPTIONS' });
      assert.equal(plainOptions.status, 404);
      assert.equal(plainOptions.body, 'app not found');
      const get = await send(`${server.origin}/nowhere/x`);
      assert.equal(get.body, 'app not found');
    }
  });

  test('refusals are logged through request.log at the chosen level (and not at all with false)', async () => {
    for (const [logLevel, expected] of [
      ['warn', 40],
      [undefined, 30],
      [false, undefined],
    ] as const) {
      const lines: Array<Record<string, unknown>> = [];
      const stream = new Writable({
        write(chunk, _enc, cb) {
          lines.push(JSON.parse(String(chunk)));
          cb();
        },
      });
      const app = newApp({ logger: { level: 'trace', stream } });
      await app.register(cors(apiPolicy, logLevel === undefined ? {} : { logLevel }));
      app.get('/x', async () => 'x');
      const server = await start(app);
      closers.push(server.close);
      await send(`${server.origin}/x`, { headers: { origin: EVIL_ORIGIN } });
      await send(`${server.origin}/x`, { headers: { origin: APP_ORIGIN } });
      const refusals = lines.filter((l) => l.msg === 'corskit: cross-origin request refused');
      if (expected === undefined) assert.equal(refusals.length, 0);
      else {
        assert.equal(refusals.length, 1, String(logLevel));
        assert.equal(refusals[0]!.level, expected);
        assert.equal(refusals[0]!.origin, EVIL_ORIGIN);
        assert.equal(refusals[0]!.reason, 'origin-not-allowed');
        assert.equal(typeof refusals[0]!.reqId, 'string'); // request.log, not the server logger
      }
    }
  });

  test('setErrorHandler and onSend hooks keep the CORS headers', async () => {
    const app = newApp();
    await app.register(cors(apiPolicy));
    app.setErrorHandler((_error, _request, reply) => reply.code(502).send({ error: 'handled' }));
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-on-send', '1');
      return payload;
    });
    app.get('/api/throw', async () => {
      throw new Error('boom');
    });
    const server = await start(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/throw`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 502);
    assert.equal(res.headers['x-on-send'], '1');
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('handlerTimeout: the timeout error response keeps the CORS headers', async () => {
    const app = newApp();
    await app.register(cors(apiPolicy));
    app.get('/api/slow', { handlerTimeout: 30 }, async () => {
      await new Promise((r) => setTimeout(r, 300));
      return 'late';
    });
    const server = await start(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/slow`, { headers: { origin: APP_ORIGIN } });
    assert.ok(res.status >= 500, `status ${res.status}`);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('the register(plugin, { policy }) idiom, and two policies in two prefixes', async () => {
    const app = newApp();
    await app.register(async (child) => {
      await child.register(corskitPlugin, { policy: publicPolicy });
      child.get('/public/x', async () => 'p');
    });
    await app.register(async (child) => {
      await child.register(corskitPlugin, { policy: apiPolicy });
      child.get('/api/x', async () => 'a');
    });
    const server = await start(app);
    closers.push(server.close);
    const pub = await send(`${server.origin}/public/x`, { headers: { origin: EVIL_ORIGIN } });
    assert.equal(pub.headers['access-control-allow-origin'], '*');
    const api = await send(`${server.origin}/api/x`, { headers: { origin: EVIL_ORIGIN } });
    assert.equal(api.headers['access-control-allow-origin'], undefined);
  });

  test('preflightContinue: the preflight reaches the app OPTIONS route with the CORS headers', async () => {
    const app = newApp();
    await app.register(cors(apiPolicy, { preflightContinue: true }));
    app.options('/items', async () => 'user options');
    const server = await start(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/items`, { method: 'OPTIONS', headers: preflight('PUT') });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'user options');
    assert.equal(res.headers['access-control-allow-methods'], 'PUT');
  });
  test("@fastify/cors's idiom: await app.register(cors, { origins, ... }) answers preflights and adds headers", async () => {
    for (const plugin of [corskitPlugin, cors]) {
      const app = newApp();
      await app.register(plugin as typeof corskitPlugin, {
        origins: [APP_ORIGIN],
        methods: ['PUT'],
        credentials: true,
      });
      app.put('/items', async () => 'put');
      const server = await start(app);
      closers.push(server.close);
      const pre = await send(`${server.origin}/items`, { method: 'OPTIONS', headers: preflight('PUT') });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.equal(pre.headers['access-control-allow-methods'], 'PUT');
      assert.equal(pre.headers['access-control-allow-credentials'], 'true');
      const put = await send(`${server.origin}/items`, { method: 'PUT', headers: { origin: APP_ORIGIN } });
      assert.equal(put.body, 'put');
      assert.equal(put.headers['access-control-allow-origin'], APP_ORIGIN);
      const evil = await send(`${server.origin}/items`, { method: 'PUT', headers: { origin: EVIL_ORIGIN } });
      assert.equal(evil.headers['access-control-allow-origin'], undefined);
    }
  });

  test('register errors reach done(err): `try { await app.register(...) }` catches them, nothing is uncaught', async () => {
    const invalid = { origins: ['https://*.com'] };
    const cases: Array<[string, (app: FastifyInstance) => PromiseLike<unknown>, RegExp]> = [
      ['an invalid policy (plugin)', (app) => app.register(corskitPlugin, invalid), /invalid CORS policy/],
      ['an invalid policy (factory)', (app) => app.register(cors(invalid)), /invalid CORS policy/],
      [
        'an invalid policy (named export)',
        (app) => app.register(cors as never, invalid),
        /invalid CORS policy/,
      ],
      [
        'no policy options at all',
        (app) => app.register(corskitPlugin, {} as never),
        /needs the policy options/,
      ],
      [
        "@fastify/cors's option names",
        (app) => app.register(corskitPlugin, { origin: [APP_ORIGIN] } as never),
        /unknown option "origin"/,
      ],
    ];
    for (const [what, register, message] of cases) {
      const app = newApp();
      let caught: unknown;
      try {
        await register(app);
        await app.ready();
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof Error, `${what}: register did not reject`);
      assert.match(caught.message, message, what);
      await app.close().catch(() => {});
    }
  });
});
