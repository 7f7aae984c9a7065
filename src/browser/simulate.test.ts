import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PreflightCache } from './preflight-cache.js';
import { simulate } from './simulate.js';
import type { HeaderList, WireRequest, WireResponse } from './types.js';

const PAGE = 'http://127.0.0.1:8001';
const API = 'http://127.0.0.1:8002';
const OTHER = 'http://localhost:8002';

/** A server given as (method, path) → response; records what it received. */
function server(routes: Record<string, WireResponse | null>) {
  const seen: WireRequest[] = [];
  const transport = (req: WireRequest) => {
    seen.push(req);
    const path = new URL(req.url).pathname;
    const key = `${req.method} ${new URL(req.url).origin}${path}`;
    return routes[key] ?? routes[`* ${new URL(req.url).origin}${path}`] ?? { status: 404, headers: [] };
  };
  return { transport, seen };
}
const r = (status: number, headers: HeaderList = []): WireResponse => ({ status, headers });

test('missing ACAO: exact lines of both browsers, status in the Firefox line', async () => {
  const { transport } = server({ [`GET ${API}/x`]: r(200) });
  const d = await simulate({ url: `${API}/x`, pageOrigin: PAGE }, transport);
  assert.equal(d.verdict, 'blocked');
  assert.equal(d.code, 'CORSMissingAllowOrigin');
  assert.deepEqual(d.messages.chromium, [
    `Access to fetch at '${API}/x' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    'Failed to load resource: net::ERR_FAILED',
  ]);
  assert.deepEqual(d.messages.firefox, [
    `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${API}/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`,
  ]);
  assert.deepEqual(d.fix?.policy, { origins: [PAGE] });
});

test('error status without CORS headers: the cause names the server error first', async () => {
  const { transport } = server({ [`GET ${API}/x`]: r(500) });
  const d = await simulate({ url: `${API}/x`, pageOrigin: PAGE }, transport);
  assert.match(d.cause ?? '', /answered 500/);
  assert.match(d.messages.firefox?.[0] ?? '', /Status code: 500\.$/);
});

test('preflight: exactly what browsers send, and no credentials on it', async () => {
  const { transport, seen } = server({
    [`OPTIONS ${API}/x`]: r(204, [
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', 'x-zed, x-alpha, content-type'],
    ]),
    [`PUT ${API}/x`]: r(200, [
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Credentials', 'true'],
    ]),
  });
  const d = await simulate(
    {
      url: `${API}/x`,
      pageOrigin: PAGE,
      method: 'put',
      credentials: 'include',
      headers: { 'X-Zed': '1', Accept: 'x', 'x-ALPHA': '2', 'Content-Type': 'application/json' },
    },
    transport,
  );
  assert.equal(d.verdict, 'allowed');
  const preflight = seen[0] as WireRequest;
  assert.equal(preflight.method, 'OPTIONS');
  assert.deepEqual(preflight.headers, [
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', 'PUT'],
    ['Access-Control-Request-Headers', 'content-type,x-alpha,x-zed'],
    ['Origin', PAGE],
  ]);
  assert.equal(seen.length, 2, 'the transport is called once per distinct request for both browsers');
});

test('preflight 401 without CORS headers vs with them: the browsers name different things', async () => {
  const bare = await simulate(
    { url: `${API}/x`, pageOrigin: PAGE, method: 'PUT' },
    server({ [`OPTIONS ${API}/x`]: r(401) }).transport,
  );
  assert.equal(bare.code, 'CORSMissingAllowOrigin');
  assert.equal(bare.messages.firefox?.length, 2);
  const withCors = await simulate(
    { url: `${API}/x`, pageOrigin: PAGE, method: 'PUT' },
    server({
      [`OPTIONS ${API}/x`]: r(401, [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT'],
      ]),
    }).transport,
  );
  assert.equal(withCors.code, 'CORSPreflightDidNotSucceed');
  assert.match(
    withCors.messages.chromium?.[0] ?? '',
    /Response to preflight request doesn't pass access control check: It does not have HTTP ok status\.$/,
  );
});

test('a redirected preflight fails in both browsers', async () => {
  const { transport } = server({
    [`OPTIONS ${API}/x`]: r(301, [
      ['Location', `${API}/y`],
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
    ]),
  });
  const d = await simulate({ url: `${API}/x`, pageOrigin: PAGE, method: 'PUT' }, transport);
  assert.equal(d.verdict, 'blocked');
  assert.equal(d.browsers.chromium.code, 'CORSExternalRedirectNotAllowed');
  assert.equal(d.browsers.firefox.code, 'CORSExternalRedirectNotAllowed');
  assert.equal(d.messages.firefox?.length, 3);
});

test('a cross-origin redirect taints the origin to null', async () => {
  const { transport, seen } = server({
    [`GET ${API}/x`]: r(302, [
      ['Location', `${OTHER}/y`],
      ['Access-Control-Allow-Origin', '*'],
    ]),
    [`GET ${OTHER}/y`]: r(200, [['Access-Control-Allow-Origin', PAGE]]),
  });
  const d = await simulate({ url: `${API}/x`, pageOrigin: PAGE }, transport);
  assert.deepEqual(seen[1]?.headers, [['Origin', 'null']]);
  assert.equal(d.code, 'CORSAllowOriginNotMatchingOrigin');
  assert.match(d.messages.chromium?.[0] ?? '', /\(redirected from '/);
});

test('a Location with credentials is refused on a CORS request', async () => {
  const { transport } = server({
    [`GET ${API}/x`]: r(302, [
      ['Location', 'http://u:p@localhost:1/'],
      ['Access-Control-Allow-Origin', '*'],
    ]),
  });
  const d = await simulate({ url: `${API}/x`, pageOrigin: PAGE }, transport);
  assert.equal(d.browsers.chromium.code, 'CORSRedirectContainsCredentials');
  assert.equal(d.browsers.firefox.code, 'CORSDidNotSucceed');
});

test('more than 20 redirects is a network error', async () => {
  const { transport } = server({
    [`GET ${API}/loop`]: r(302, [
      ['Location', '/loop'],
      ['Access-Control-Allow-Origin', '*'],
    ]),
  });
  const d = await simulate({ url: `${API}/loop`, pageOrigin: PAGE }, transport);
  assert.deepEqual(d.messages.chromium, ['Failed to load resource: net::ERR_TOO_MANY_REDIRECTS']);
  assert.equal(d.exchange.length, 21);
});

test('network error and non-HTTP URLs', async () => {
  const refused = await simulate({ url: `${API}/x`, pageOrigin: PAGE }, () => null);
  assert.deepEqual(refused.messages.chromium, ['Failed to load resource: net::ERR_CONNECTION_REFUSED']);
  assert.equal(refused.code, 'CORSDidNotSucceed');
  const ftp = await simulate({ url: 'ftp://127.0.0.1/x', pageOrigin: PAGE }, () => null);
  assert.deepEqual(ftp.messages.chromium, [
    'Fetch API cannot load ftp://127.0.0.1/x. URL scheme "ftp" is not supported.',
  ]);
  assert.equal(ftp.code, 'CORSRequestNotHttp');
});

test('ACAH * lets Authorization through in both browsers (unlike the standard), with a Firefox warning', async () => {
  const { transport } = server({
    [`OPTIONS ${API}/x`]: r(204, [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Headers', '*'],
    ]),
    [`GET ${API}/x`]: r(200, [['Access-Control-Allow-Origin', '*']]),
  });
  const d = await simulate(
    { url: `${API}/x`, pageOrigin: PAGE, headers: { Authorization: 'Bearer x' } },
    transport,
  );
  assert.equal(d.verdict, 'allowed');
  assert.match(d.browsers.firefox.warnings?.[0] ?? '', /Authorization/);
});

test('exposed headers: safelisted + listed; * only without credentials; set-cookie never', async () => {
  const headers: HeaderList = [
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Expose-Headers', 'X-Total'],
    ['X-Total', '5'],
    ['X-Hidden', '1'],
    ['Content-Type', 'text/plain'],
    ['Set-Cookie', 'a=b'],
  ];
  const d = await simulate(
    { url: `${API}/x`, pageOrigin: PAGE },
    server({ [`GET ${API}/x`]: r(200, headers) }).transport,
  );
  assert.deepEqual(d.exposedHeaders, ['content-type', 'x-total']);
});

test('preflight cache: a second fetch within max-age sends no preflight', async () => {
  let now = 0;
  const cache = new PreflightCache(() => now);
  const { transport, seen } = server({
    [`OPTIONS ${API}/x`]: r(204, [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Max-Age', '60'],
    ]),
    [`PUT ${API}/x`]: r(200, [['Access-Control-Allow-Origin', '*']]),
  });
  const desc = { url: `${API}/x`, pageOrigin: PAGE, method: 'PUT' };
  await simulate(desc, transport, { preflightCache: cache });
  const before = seen.filter((q) => q.method === 'OPTIONS').length;
  now = 30_000;
  await simulate(desc, (q) => transport(q), { preflightCache: cache });
  assert.equal(seen.filter((q) => q.method === 'OPTIONS').length, before);
  now = 61_000;
  await simulate(desc, (q) => transport(q), { preflightCache: cache });
  assert.ok(seen.filter((q) => q.method === 'OPTIONS').length > before);
});

test('Firefox messages in Spanish', async () => {
  const d = await simulate(
    { url: `${API}/x`, pageOrigin: PAGE },
    server({ [`GET ${API}/x`]: r(200) }).transport,
    { firefoxLocale: 'es-ES' },
  );
  assert.match(
    d.messages.firefox?.[0] ?? '',
    /falta la cabecera CORS 'Access-Control-Allow-Origin'\)\. Código de estado: 200\.$/,
  );
});

test('property: a server that echoes the origin with ACAC true and allows everything requested is always allowed', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      fc.uniqueArray(fc.stringMatching(/^x-[a-z]{1,8}$/), { maxLength: 4 }),
      fc.constantFrom<'omit' | 'include'>('omit', 'include'),
      async (method, names, credentials) => {
        const transport = (q: WireRequest): WireResponse => {
          const origin = q.headers.find(([n]) => n === 'Origin')?.[1] ?? '';
          const h: HeaderList = [
            ['Access-Control-Allow-Origin', origin],
            ['Access-Control-Allow-Credentials', 'true'],
          ];
          if (q.method === 'OPTIONS') {
            h.push(
              ['Access-Control-Allow-Methods', method],
              ['Access-Control-Allow-Headers', names.join(', ')],
            );
            return r(204, h);
          }
          return r(200, h);
        };
        const d = await simulate(
          {
            url: `${API}/x`,
            pageOrigin: PAGE,
            method,
            credentials,
            headers: Object.fromEntries(names.map((n) => [n, '1'])),
          },
          transport,
        );
        assert.equal(d.verdict, 'allowed');
      },
    ),
    { numRuns: 50 },
  );
});

test('simulate() rejects a page origin that is not an origin', async () => {
  const transport = () => ({ status: 200, headers: [] as Array<[string, string]> });
  for (const pageOrigin of [
    'https://app.example.com/',
    'app.example.com',
    'HTTPS://APP.EXAMPLE.COM',
    'https://app.example.com:443',
    '',
  ]) {
    await assert.rejects(
      simulate({ url: 'https://api.example.com/x', pageOrigin }, transport),
      (error: Error) => error instanceof TypeError && /is not an origin/.test(error.message),
      pageOrigin,
    );
  }
  const ok = await simulate({ url: 'https://api.example.com/x', pageOrigin: 'null' }, transport);
  assert.equal(ok.verdict, 'blocked');
});
