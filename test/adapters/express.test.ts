// corskit/express over a real Express 5 app on loopback.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, describe, test } from 'node:test';
import express, { type NextFunction, type Request, type Response } from 'express';
import { cors } from '../../src/adapters/express.js';
import { createPolicy } from '../../src/engine/create-policy.js';
import type { CorsDecision } from '../../src/policy/types.js';
import { send } from './support/http-client.js';
import { listen } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';
import {
  APP_ORIGIN,
  apiPolicy,
  EVIL_ORIGIN,
  policyForPath,
  type ScenarioOptions,
  testScenarios,
} from './support/scenarios.js';

function priorVary(req: Request, res: Response, next: NextFunction): void {
  const vary = req.headers[PRIOR_VARY_HEADER];
  if (typeof vary === 'string') res.setHeader('Vary', vary);
  next();
}

testRequestTable('express', async (policy) => {
  const app = express();
  app.use(priorVary);
  app.use(cors(policy));
  app.use((_req, res) => {
    res.status(200).send(APP_BODY);
  });
  return listen(app);
});

function auth(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/') && req.headers.authorization !== 'Bearer ok') {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
}

function scenarioApp({ perRoute, authFirst }: ScenarioOptions) {
  const app = express();
  if (authFirst) app.use(auth);
  app.use(perRoute ? cors((req: Request) => policyForPath(req.path)) : cors(apiPolicy));
  if (!authFirst) app.use(auth);
  const ok = (_req: Request, res: Response) => {
    res.json({ ok: true });
  };
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
  app.get('/api/status/:code', (req, res) => {
    res.status(Number(req.params.code)).json({ status: Number(req.params.code) });
  });
  return listen(app);
}

// Express's default error handler (finalhandler) keeps headers already set, so no error hook is needed.
testScenarios('express', scenarioApp);

describe('express: adapter specifics', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('a custom error handler keeps the CORS headers', async () => {
    const app = express();
    app.use(cors(apiPolicy));
    app.get('/api/throw', () => {
      throw new Error('boom');
    });
    app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ error: 'internal' });
    });
    const server = await listen(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/throw`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 500);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
    assert.equal(res.body, '{"error":"internal"}');
  });

  test('a timeout middleware that fails the request (503) keeps the CORS headers', async () => {
    const app = express();
    app.use(cors(apiPolicy));
    // What connect-timeout does: after the deadline, pass a 503 error to the error handler.
    app.use((_req, res, next) => {
      const timer = setTimeout(() => next(Object.assign(new Error('Response timeout'), { status: 503 })), 30);
      res.on('close', () => clearTimeout(timer));
    });
    const server = await listen(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/slow`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 503);
    assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
  });

  test('preflightContinue hands the preflight, with CORS headers, to the app', async () => {
    const app = express();
    app.use(cors(apiPolicy, { preflightContinue: true }));
    app.options('/api/data', (_req, res) => {
      res.status(200).send('app options');
    });
    const server = await listen(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/api/data`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'PUT' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'app options');
    assert.equal(res.headers['access-control-allow-methods'], 'PUT');
  });

  test('an async origin predicate, and onRefuse reporting refusals only', async () => {
    const refused: Array<[CorsDecision['reason'], string | undefined]> = [];
    const policy = createPolicy({
      origins: async (origin) => {
        await new Promise((r) => setTimeout(r, 1));
        return origin === APP_ORIGIN;
      },
    });
    const app = express();
    app.use(
      cors(policy, {
        onRefuse: (decision, req: IncomingMessage) => refused.push([decision.reason, req.headers.origin]),
      }),
    );
    app.use((_req, res) => {
      res.send('ok');
    });
    const server = await listen(app);
    closers.push(server.close);
    const allowed = await send(`${server.origin}/`, { headers: { origin: APP_ORIGIN } });
    assert.equal(allowed.headers['access-control-allow-origin'], APP_ORIGIN);
    const denied = await send(`${server.origin}/`, { headers: { origin: EVIL_ORIGIN } });
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
    await send(`${server.origin}/`);
    assert.deepEqual(refused, [['origin-not-allowed', EVIL_ORIGIN]]);
  });

  test('options are compiled at mount: an invalid policy throws there, a resolver returning raw options is refused', async () => {
    assert.throws(() => cors({ origins: '*', credentials: true }), /credentials/);
    const app = express();
    app.use(cors(() => ({ origins: '*' }) as never));
    const server = await listen(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/`, { headers: { origin: APP_ORIGIN } });
    assert.equal(res.status, 500);
  });
});
