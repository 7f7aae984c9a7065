// corskit/fetch: a plain `(Request) => Response` handler, served over loopback through
// @hono/node-server's Node-to-Fetch bridge (the same Request/Response a Worker or Deno sees).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { cors } from '../../src/adapters/fetch.js';
import { listen } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';
import {
  APP_ORIGIN,
  apiPolicy,
  policyForPath,
  type ScenarioOptions,
  testScenarios,
} from './support/scenarios.js';

type Handler = (request: Request) => Response | Promise<Response>;
const serve = (handler: Handler) => listen(getRequestListener(handler));
const pathOf = (request: Request) => new URL(request.url).pathname;

testRequestTable('fetch', async (policy) =>
  serve(
    cors(policy)((request) => {
      const vary = request.headers.get(PRIOR_VARY_HEADER);
      return new Response(APP_BODY, { status: 200, headers: vary ? { Vary: vary } : {} });
    }),
  ),
);

const json = (body: unknown, status = 200) => Response.json(body, { status });

const app: Handler = async (request) => {
  const path = pathOf(request);
  const route = `${request.method} ${path}`;
  if (['GET /public/data', 'GET /api/data', 'PUT /api/data', 'GET /other/data'].includes(route))
    return json({ ok: true });
  if (route === 'GET /api/throw') throw new Error('boom');
  if (route === 'GET /api/async-throw') return Promise.reject(new Error('async boom'));
  const code = /^\/api\/status\/(\d+)$/.exec(path)?.[1];
  if (code) return json({ status: Number(code) }, Number(code));
  return new Response('Not Found', { status: 404 });
};

const auth =
  (next: Handler): Handler =>
  (request) =>
    pathOf(request).startsWith('/api/') && request.headers.get('authorization') !== 'Bearer ok'
      ? json({ error: 'unauthorized' }, 401)
      : next(request);

const quiet = { onError: () => new Response('Internal Server Error', { status: 500 }) };

function scenarioApp({ perRoute, authFirst }: ScenarioOptions) {
  const withCors = perRoute
    ? cors((request) => policyForPath(pathOf(request)), quiet)
    : cors(apiPolicy, quiet);
  return serve(authFirst ? auth(withCors(app)) : withCors(auth(app)));
}

testScenarios('fetch', scenarioApp);

describe('fetch: adapter specifics', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('decorate() adds the headers to a response built by hand; preflight() answers preflights only', async () => {
    const corsApi = cors(apiPolicy);
    const request = new Request('http://127.0.0.1/api/x', { headers: { origin: APP_ORIGIN } });
    const decorated = await corsApi.decorate(request, new Response('hi', { headers: { Vary: 'Accept' } }));
    assert.equal(decorated.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(decorated.headers.get('vary'), 'Accept, Origin');
    assert.equal(await corsApi.preflight(request), undefined);
    const pre = await corsApi.preflight(
      new Request('http://127.0.0.1/api/x', {
        method: 'OPTIONS',
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'DELETE' },
      }),
    );
    assert.equal(pre?.status, 204);
    assert.equal(pre?.headers.get('access-control-allow-methods'), 'DELETE');
  });

  test('a Response with immutable headers (Response.redirect) is copied, not mutated', async () => {
    const redirect = Response.redirect('http://127.0.0.1:9/elsewhere', 307);
    assert.throws(() => redirect.headers.set('x', '1'), TypeError);
    const res = await cors(apiPolicy)(() => redirect)(
      new Request('http://127.0.0.1/', { headers: { origin: APP_ORIGIN } }),
    );
    assert.notEqual(res, redirect);
    assert.equal(res.status, 307);
    assert.equal(res.headers.get('location'), 'http://127.0.0.1:9/elsewhere');
    assert.equal(res.headers.get('access-control-allow-origin'), APP_ORIGIN);
  });

  test('onError shapes the error response, which still gets the CORS headers; extra handler arguments pass through', async () => {
    const seen: unknown[] = [];
    const handler = cors(apiPolicy, {
      onError: (error) => {
        seen.push(error);
        return Response.json({ error: 'handled' }, { status: 502 });
      },
    })(async (_request: Request, env: { name: string }) => {
      throw new Error(`failed in ${env.name}`);
    });
    const res = await handler(new Request('http://127.0.0.1/', { headers: { origin: APP_ORIGIN } }), {
      name: 'env',
    });
    assert.equal(res.status, 502);
    assert.equal(res.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.match(String(seen[0]), /failed in env/);
  });
});
