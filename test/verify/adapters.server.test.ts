// Dogfood: every corskit adapter, in its real framework over loopback, and the gateway in front of
// a real upstream, checked by verifyServer for each policy of the shared request table. Each app
// answers /status/<code> with that status, so CORS on 404 and 500 is covered too.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { cors as expressCors } from '../../src/adapters/express.js';
import { cors as fastifyCors } from '../../src/adapters/fastify.js';
import { cors as fetchCors } from '../../src/adapters/fetch.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { cors as nodeCors } from '../../src/adapters/node.js';
import { createPolicy } from '../../src/engine/create-policy.js';
import { requestTable } from '../../src/engine/request-table.js';
import { startGateway } from '../../src/gateway/gateway.js';
import { defaultLimits, defaultTimeouts } from '../../src/gateway/types.js';
import type { CorsPolicy, PolicyOptions } from '../../src/policy/types.js';
import { verifyServer } from '../../src/verify/index.js';
import { listen, type Running } from '../adapters/support/listen.js';
import { startUpstream } from '../generate/support/web-servers.js';

const PATHS = ['/status/200', '/status/404', '/status/500'];
const statusOf = (url: string | undefined): number => Number(/\/status\/(\d{3})/.exec(url ?? '')?.[1] ?? 200);

function policies(): PolicyOptions[] {
  const seen = new Map<string, PolicyOptions>();
  for (const c of requestTable) seen.set(JSON.stringify(c.policy), c.policy);
  return [...seen.values()];
}

type Start = (policy: CorsPolicy) => Promise<Running>;

const ADAPTERS: Record<string, Start> = {
  node: (policy) => {
    const handle = nodeCors(policy);
    return listen((req: IncomingMessage, res: ServerResponse) => {
      if (handle(req, res)) return;
      res.statusCode = statusOf(req.url);
      res.end('app');
    });
  },
  express: (policy) => {
    const app = express();
    app.use(expressCors(policy));
    app.use((req, res) => {
      res.status(statusOf(req.url)).send('app');
    });
    return listen(app);
  },
  fastify: async (policy) => {
    const app = Fastify();
    await app.register(fastifyCors(policy));
    app.all('/*', async (request, reply) => reply.code(statusOf(request.url)).send('app'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    return { origin: `http://127.0.0.1:${address.port}`, close: () => app.close() };
  },
  koa: (policy) => {
    const app = new Koa();
    app.use(koaCors(policy));
    app.use((ctx) => {
      ctx.status = statusOf(ctx.url);
      ctx.body = 'app';
    });
    return listen(app.callback());
  },
  hono: (policy) => {
    const app = new Hono();
    app.use('*', honoCors(policy));
    app.all('*', (c) => c.text('app', statusOf(c.req.path) as 200));
    return listen(getRequestListener(app.fetch));
  },
  fetch: (policy) =>
    listen(
      getRequestListener(
        fetchCors(policy)((request) => new Response('app', { status: statusOf(request.url) })),
      ),
    ),
};

describe('verifyServer on every adapter, for every policy of the request table', () => {
  for (const [name, start] of Object.entries(ADAPTERS)) {
    test(name, async () => {
      const failures: string[] = [];
      for (const options of policies()) {
        const policy = createPolicy(options);
        const app = await start(policy);
        try {
          const report = await verifyServer(app.origin, policy, { paths: PATHS, exactStatus: true });
          if (!report.conforms)
            failures.push(
              `${JSON.stringify(options)}: ${JSON.stringify(report.counts)} ${report.deviations[0]?.problems.join('; ')}`,
            );
        } finally {
          await app.close();
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe('verifyServer on the gateway in front of a real upstream', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  before(async () => {
    upstream = await startUpstream();
  });
  after(() => upstream.close());

  test('every policy of the request table, upstream answering 200/404/500 with its own CORS headers', async () => {
    const failures: string[] = [];
    for (const options of policies()) {
      const gateway = await startGateway(
        {
          upstream: upstream.origin,
          host: '127.0.0.1',
          port: 0,
          routes: [{ prefix: '/', policy: options }],
          healthPath: '/healthz',
          forwardPreflight: false,
          trustProxy: false,
          caseSensitiveRoutes: false,
          upstreamConnections: 8,
          limits: defaultLimits,
          timeouts: defaultTimeouts,
          accessLog: 'off',
        },
        { watch: false, logSinks: { access: () => {}, events: () => {} } },
      );
      try {
        const report = await verifyServer(gateway.url, options, {
          paths: ['/status/200?cors=1', '/status/404', '/status/500?cors=1&vary=Cookie'],
          exactStatus: true,
        });
        if (!report.conforms)
          failures.push(
            `${JSON.stringify(options)}: ${JSON.stringify(report.counts)} ${report.deviations[0]?.problems.join('; ')}`,
          );
      } finally {
        await gateway.drain();
      }
    }
    assert.deepEqual(failures, []);
  });
});
