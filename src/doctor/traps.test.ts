// Trap detection over the browser model's real diagnoses of generated server behaviour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { simulate } from '../browser/index.js';
import type { HeaderList, WireRequest, WireResponse } from '../browser/types.js';
import { detectTraps } from './traps.js';

const PAGE = 'http://localhost:5173';
const API = 'http://127.0.0.1:8080/api/items';

/** A server given as a function of the request: the model's transport. */
function server(answer: (req: WireRequest) => WireResponse) {
  return (req: WireRequest) => answer(req);
}

const grant = (req: WireRequest): HeaderList => {
  const origin = req.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1] ?? PAGE;
  return [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Methods', 'PUT, DELETE'],
    ['Access-Control-Allow-Headers', 'authorization'],
    ['Vary', 'Origin'],
  ];
};

test('an allowed exchange has no blocking trap; only an error status is worth a warning', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'PUT', 'DELETE'),
      fc.integer({ min: 200, max: 599 }),
      async (method, status) => {
        const d = await simulate(
          { url: API, pageOrigin: PAGE, method },
          server((req) => ({ status: req.method === 'OPTIONS' ? 204 : status, headers: grant(req) })),
        );
        assert.equal(d.verdict, 'allowed');
        assert.deepEqual(
          detectTraps(d).map((t) => t.id),
          status >= 400 ? ['allowed-error-status'] : [],
        );
      },
    ),
    { numRuns: 60 },
  );
});

test('any error status without CORS headers is the error-path trap, named with its status', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 400, max: 599 }), async (status) => {
      const d = await simulate(
        { url: API, pageOrigin: PAGE },
        server(() => ({ status, headers: [] })),
      );
      const [first] = detectTraps(d);
      assert.equal(first?.id, 'error-status-without-cors');
      assert.match(first.title, new RegExp(`HTTP ${status}\\b`));
    }),
    { numRuns: 60 },
  );
});

test('any redirect of a preflight is the preflight-redirected trap', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(301, 302, 303, 307, 308), fc.webPath(), async (status, path) => {
      const d = await simulate(
        { url: API, pageOrigin: PAGE, method: 'PUT' },
        server((req) =>
          req.method === 'OPTIONS'
            ? {
                status,
                headers: [['Location', `https://127.0.0.1:8443${path.startsWith('/') ? path : `/${path}`}`]],
              }
            : { status: 200, headers: grant(req) },
        ),
      );
      assert.equal(d.verdict, 'blocked');
      assert.equal(detectTraps(d)[0]?.id, 'preflight-redirected');
    }),
    { numRuns: 40 },
  );
});

test('preflight: 401 (or 403 with WWW-Authenticate) is auth; 403 alone is "forbidden"; 404/405/5xx "not handled"', async () => {
  const cases: Array<[number, HeaderList, string]> = [
    [401, [], 'preflight-rejected-by-auth'],
    [403, [['WWW-Authenticate', 'Bearer']], 'preflight-rejected-by-auth'],
    [403, [], 'preflight-forbidden'],
    [404, [], 'preflight-not-handled'],
    [405, [], 'preflight-not-handled'],
    [502, [], 'preflight-not-handled'],
  ];
  for (const [status, headers, id] of cases) {
    const d = await simulate(
      { url: API, pageOrigin: PAGE, method: 'DELETE' },
      server((req) =>
        req.method === 'OPTIONS' ? { status, headers } : { status: 200, headers: grant(req) },
      ),
    );
    assert.equal(detectTraps(d)[0]?.id, id, `${status}`);
  }
});

test('two Access-Control-Allow-Origin lines, or a comma list, are the proxy trap', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<HeaderList>(
        [
          ['Access-Control-Allow-Origin', PAGE],
          ['Access-Control-Allow-Origin', PAGE],
        ],
        [
          ['Access-Control-Allow-Origin', PAGE],
          ['Access-Control-Allow-Origin', '*'],
        ],
        [['Access-Control-Allow-Origin', `${PAGE}, https://other.example`]],
      ),
      async (headers) => {
        const d = await simulate(
          { url: API, pageOrigin: PAGE },
          server(() => ({ status: 200, headers })),
        );
        assert.equal(d.verdict, 'blocked');
        assert.ok(detectTraps(d).some((t) => t.id === 'multiple-allow-origin'));
      },
    ),
  );
});

test('* with credentials is recognised only for credentialed requests', async () => {
  const star = server(() => ({ status: 200, headers: [['Access-Control-Allow-Origin', '*']] }));
  const withCreds = await simulate({ url: API, pageOrigin: PAGE, credentials: 'include' }, star);
  assert.equal(detectTraps(withCreds)[0]?.id, 'wildcard-with-credentials');
  const without = await simulate({ url: API, pageOrigin: PAGE }, star);
  assert.equal(without.verdict, 'allowed');
  assert.deepEqual(detectTraps(without), []);
});
