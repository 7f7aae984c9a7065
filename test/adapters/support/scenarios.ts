// Behaviour every adapter must show over real HTTP, beyond the request table: per-route policies,
// the error path (throws, 4xx/5xx keep their CORS headers), and the order of authentication
// middleware. Each adapter's test builds the same small app in its framework (see ScenarioApp).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createPolicy } from '../../../src/engine/create-policy.js';
import type { CorsPolicy } from '../../../src/policy/types.js';
import { type RawResponse, send } from './http-client.js';
import type { Running } from './listen.js';

export const APP_ORIGIN = 'https://app.example.com';
export const EVIL_ORIGIN = 'https://evil.example';

/** `/public/*`: anyone may read, no credentials. */
export const publicPolicy = createPolicy({ origins: '*' });
/** `/api/*`: an allow-list with credentials. */
export const apiPolicy = createPolicy({
  origins: [APP_ORIGIN],
  credentials: true,
  methods: ['PUT', 'DELETE'],
  requestHeaders: ['content-type', 'authorization'],
});

/** The per-route resolver every adapter is tested with, keyed by the request path. */
export function policyForPath(path: string): CorsPolicy | undefined {
  if (path.startsWith('/public/')) return publicPolicy;
  if (path.startsWith('/api/')) return apiPolicy;
  return undefined;
}

/**
 * What each adapter's scenario app must provide (any framework, mounted in this order):
 * - when `authFirst`, an auth check on `/api/*` BEFORE corskit, else right AFTER it: no
 *   `Authorization: Bearer ok` → 401 `{"error":"unauthorized"}`;
 * - corskit, with `policyForPath` as a per-route resolver when `perRoute`, else the fixed `apiPolicy`;
 * - GET /public/data, GET /api/data, PUT /api/data, GET /other/data → 200 `{"ok":true}`;
 * - GET /api/throw → the handler throws an Error (the framework's default error handling answers);
 * - GET /api/async-throw → the handler rejects;
 * - GET /api/status/:code → the handler answers that status with `{"status":code}`;
 * - anything else → the framework's own 404.
 */
export interface ScenarioOptions {
  perRoute: boolean;
  authFirst: boolean;
}

export type StartScenarioApp = (options: ScenarioOptions) => Promise<Running>;

const AUTH = { authorization: 'Bearer ok' };

function preflight(origin: string, method: string, headers?: string): Record<string, string> {
  return {
    origin,
    'access-control-request-method': method,
    ...(headers ? { 'access-control-request-headers': headers } : {}),
  };
}

function assertGranted(res: RawResponse, origin: string, credentials: boolean): void {
  assert.equal(res.headers['access-control-allow-origin'], origin, `ACAO (status ${res.status})`);
  assert.equal(res.headers['access-control-allow-credentials'], credentials ? 'true' : undefined, 'ACAC');
}

function assertNoGrant(res: RawResponse): void {
  for (const name of Object.keys(res.headers))
    assert.ok(!name.startsWith('access-control-allow-'), `unexpected ${name}`);
}

export function testScenarios(adapter: string, start: StartScenarioApp): void {
  const apps = new Map<string, Promise<Running>>();
  const app = (options: ScenarioOptions) => {
    const key = JSON.stringify(options);
    if (!apps.has(key)) apps.set(key, start(options));
    return apps.get(key)!;
  };
  after(async () => {
    for (const running of apps.values()) await (await running).close();
  });

  describe(`${adapter}: per-route policies`, () => {
    const url = async (path: string) => `${(await app({ perRoute: true, authFirst: false })).origin}${path}`;

    test('/public/* answers any origin with *', async () => {
      const res = await send(await url('/public/data'), { headers: { origin: EVIL_ORIGIN } });
      assert.equal(res.status, 200);
      assertGranted(res, '*', false);
    });
    test('/public/* preflight from any origin', async () => {
      const res = await send(await url('/public/data'), {
        method: 'OPTIONS',
        headers: preflight(EVIL_ORIGIN, 'GET'),
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
    });
    test('/api/* grants the listed origin with credentials', async () => {
      const res = await send(await url('/api/data'), { headers: { origin: APP_ORIGIN, ...AUTH } });
      assert.equal(res.status, 200);
      assertGranted(res, APP_ORIGIN, true);
      assert.match(res.headers.vary ?? '', /Origin/);
    });
    test('/api/* refuses an unlisted origin (no Access-Control-Allow-* at all)', async () => {
      const res = await send(await url('/api/data'), { headers: { origin: EVIL_ORIGIN, ...AUTH } });
      assert.equal(res.status, 200);
      assertNoGrant(res);
      assert.match(res.headers.vary ?? '', /Origin/);
    });
    test('/api/* preflight: listed origin 204, unlisted 403', async () => {
      const ok = await send(await url('/api/data'), {
        method: 'OPTIONS',
        headers: preflight(APP_ORIGIN, 'PUT', 'content-type,authorization'),
      });
      assert.equal(ok.status, 204);
      assertGranted(ok, APP_ORIGIN, true);
      assert.equal(ok.headers['access-control-allow-methods'], 'PUT');
      assert.equal(ok.headers['access-control-allow-headers'], 'content-type, authorization');
      const refused = await send(await url('/api/data'), {
        method: 'OPTIONS',
        headers: preflight(EVIL_ORIGIN, 'PUT'),
      });
      assert.equal(refused.status, 403);
      assertNoGrant(refused);
    });
    test('a path no policy covers is left untouched', async () => {
      const res = await send(await url('/other/data'), { headers: { origin: APP_ORIGIN } });
      assert.equal(res.status, 200);
      assertNoGrant(res);
      assert.doesNotMatch(res.headers.vary ?? '', /Origin/);
    });
  });

  describe(`${adapter}: the error path keeps the CORS headers`, () => {
    const url = async (path: string) => `${(await app({ perRoute: false, authFirst: false })).origin}${path}`;
    const cases: Array<[string, string, number]> = [
      ['a handler that throws', '/api/throw', 500],
      ['a handler that rejects', '/api/async-throw', 500],
      ['an explicit 500', '/api/status/500', 500],
      ['an explicit 503', '/api/status/503', 503],
      ['an explicit 404', '/api/status/404', 404],
      ['an explicit 422', '/api/status/422', 422],
      ['the framework 404 for an unknown route', '/api/no-such-route', 404],
      ['a 401 from authentication mounted after corskit', '/api/data#noauth', 401],
    ];
    for (const [what, path, status] of cases) {
      test(`${what} → ${status} readable by the allowed origin`, async () => {
        const noAuth = path.endsWith('#noauth');
        const res = await send(await url(path.replace('#noauth', '')), {
          headers: { origin: APP_ORIGIN, ...(noAuth ? {} : AUTH) },
        });
        assert.equal(res.status, status);
        assertGranted(res, APP_ORIGIN, true);
        assert.match(res.headers.vary ?? '', /Origin/);
      });
    }
    test('a refused origin gets the same 500 and still no grant', async () => {
      const res = await send(await url('/api/throw'), { headers: { origin: EVIL_ORIGIN, ...AUTH } });
      assert.equal(res.status, 500);
      assertNoGrant(res);
    });
  });

  describe(`${adapter}: authentication middleware order`, () => {
    test('corskit first (right): the preflight, which never carries credentials, succeeds', async () => {
      const { origin } = await app({ perRoute: false, authFirst: false });
      const res = await send(`${origin}/api/data`, {
        method: 'OPTIONS',
        headers: preflight(APP_ORIGIN, 'PUT', 'authorization'),
      });
      assert.equal(res.status, 204);
      assertGranted(res, APP_ORIGIN, true);
      const actual = await send(`${origin}/api/data`, {
        method: 'PUT',
        headers: { origin: APP_ORIGIN, ...AUTH },
      });
      assert.equal(actual.status, 200);
      assertGranted(actual, APP_ORIGIN, true);
    });
    test('auth first (wrong): the preflight gets 401 without CORS headers, so the browser reports a CORS error', async () => {
      const { origin } = await app({ perRoute: false, authFirst: true });
      const res = await send(`${origin}/api/data`, {
        method: 'OPTIONS',
        headers: preflight(APP_ORIGIN, 'PUT', 'authorization'),
      });
      assert.equal(res.status, 401);
      assertNoGrant(res);
      // Even a credentialed actual request that passes auth works: only the preflight broke.
      const actual = await send(`${origin}/api/data`, {
        method: 'PUT',
        headers: { origin: APP_ORIGIN, ...AUTH },
      });
      assert.equal(actual.status, 200);
      assertGranted(actual, APP_ORIGIN, true);
    });
  });
}
