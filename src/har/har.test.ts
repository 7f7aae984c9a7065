// In-process checks of the HAR reader's invariants. What the analysis concludes about real
// browsers is tested on HARs the browsers record (test/har/har.browser.test.ts); these cover
// properties that hold for any input: secrets never come out, bad files get one clear sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeHar, HarFormatError } from './index.js';
import { networkErrorName } from './replay.js';

const PAGE = 'http://app.test:3000';
const API = 'http://api.test:8080';

const secret = fc.stringMatching(/^[A-Za-z0-9+/=._-]{4,24}$/).map((s) => `S3CR3T${s}`);
const secretName = fc.constantFrom(
  'Cookie',
  'cookie',
  'Authorization',
  'AUTHORIZATION',
  'Proxy-Authorization',
  'Set-Cookie',
  'set-cookie',
);
const status = fc.constantFrom(0, -1, 200, 204, 302, 401, 500);

const entry = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'OPTIONS', 'POST'),
  path: fc.constantFrom('/a', '/b', '/c'),
  status,
  secrets: fc.array(fc.tuple(secretName, secret), { minLength: 1, maxLength: 3 }),
  allow: fc.boolean(),
  preflight: fc.boolean(),
});

test('Cookie, Authorization, Proxy-Authorization and Set-Cookie values never appear in the analysis', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), async (entries) => {
      const har = {
        log: {
          entries: entries.map((e) => ({
            startedDateTime: '2026-01-01T00:00:00.000Z',
            request: {
              method: e.method,
              url: `${API}${e.path}`,
              headers: [
                { name: 'Origin', value: PAGE },
                ...(e.preflight ? [{ name: 'Access-Control-Request-Method', value: 'PUT' }] : []),
                ...e.secrets.map(([name, value]) => ({ name, value })),
              ],
            },
            response: {
              status: e.status,
              headers: [
                ...(e.allow ? [{ name: 'Access-Control-Allow-Origin', value: PAGE }] : []),
                ...e.secrets.map(([name, value]) => ({ name, value })),
                ...(e.status === 302 ? [{ name: 'Location', value: `${API}/c` }] : []),
              ],
              redirectURL: e.status === 302 ? `${API}/c` : '',
            },
          })),
        },
      };
      const text = JSON.stringify(await analyzeHar(har));
      for (const e of entries) for (const [, value] of e.secrets) assert.ok(!text.includes(value), value);
    }),
    { numRuns: 80 },
  );
});

test('a file that is not a HAR gets one sentence naming what is wrong', async () => {
  const cases: Array<[unknown, RegExp]> = [
    ['{', /invalid JSON/],
    ['[]', /expected \{"log"/],
    [{ log: {} }, /expected \{"log"/],
    [{ log: { entries: [{}] } }, /entry 0 has no request/],
    [{ log: { entries: [{ request: { method: 'GET' } }] } }, /entry 0 has no method or URL/],
    [
      { log: { entries: [{ request: { method: 'GET', url: API, headers: [{ value: 'x' }] } }] } },
      /header without a name/,
    ],
  ];
  for (const [input, message] of cases) {
    await assert.rejects(analyzeHar(input), (error: unknown) => {
      assert.ok(error instanceof HarFormatError);
      assert.match((error as Error).message, message);
      return true;
    });
  }
});

test('recorded failures: real network errors are replayed, blocked-request markers are not', () => {
  assert.equal(networkErrorName('net::ERR_CONNECTION_REFUSED'), 'ERR_CONNECTION_REFUSED');
  assert.equal(networkErrorName('net::ERR_UNSAFE_PORT'), 'ERR_UNSAFE_PORT');
  assert.equal(networkErrorName('NS_ERROR_CONNECTION_REFUSED'), 'ERR_CONNECTION_REFUSED');
  assert.equal(networkErrorName('NS_ERROR_UNKNOWN_HOST'), 'ERR_NAME_NOT_RESOLVED');
  // What the browsers record for a response they blocked: the response is hidden, not missing.
  assert.equal(networkErrorName('net::ERR_FAILED'), null);
  assert.equal(networkErrorName('NS_ERROR_DOM_BAD_URI'), null);
  assert.equal(networkErrorName(null), null);
});

const anyHeader = fc.record({
  name: fc.oneof(
    fc.constantFrom(
      'Origin',
      'Access-Control-Request-Method',
      'Location',
      'Sec-Fetch-Mode',
      'Referer',
      'Access-Control-Allow-Origin',
      'Access-Control-Request-Headers',
    ),
    fc.string(),
  ),
  value: fc.oneof(fc.constantFrom(PAGE, 'null', '*', 'cors', 'GET', `${API}/x`, 'a, b'), fc.string()),
});
const anyEntry = fc.record({
  startedDateTime: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), fc.string()),
  pageref: fc.oneof(fc.constant('p'), fc.string()),
  _resourceType: fc.constantFrom('fetch', 'xhr', 'document', 'other', undefined),
  _error: fc.constantFrom(
    undefined,
    'net::ERR_FAILED',
    'net::ERR_CONNECTION_REFUSED',
    'NS_ERROR_DOM_BAD_URI',
  ),
  request: fc.record({
    method: fc.oneof(
      fc.constantFrom('GET', 'PUT', 'OPTIONS', 'TRACE', 'CONNECT', 'get', 'X Y'),
      fc.string({ minLength: 1 }),
    ),
    url: fc.oneof(
      fc.constantFrom(`${API}/x`, `${API}/y`, `${PAGE}/z`, 'data:,', 'file:///etc', 'http://[::1]:1/'),
      fc.webUrl(),
    ),
    headers: fc.array(anyHeader, { maxLength: 5 }),
  }),
  response: fc.record({
    status: fc.oneof(fc.constantFrom(0, -1, 200, 204, 301, 302, 307, 401, 500), fc.integer()),
    headers: fc.array(anyHeader, { maxLength: 5 }),
    redirectURL: fc.oneof(fc.constantFrom('', `${API}/y`, '/x', 'http://['), fc.string()),
  }),
});

test('any HAR-shaped input is analysed or refused with HarFormatError, never another error', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(anyEntry, { maxLength: 6 }),
      fc.array(
        fc.record({ id: fc.constantFrom('p', 'q'), title: fc.oneof(fc.constant(`${PAGE}/`), fc.string()) }),
        { maxLength: 2 },
      ),
      async (entries, pages) => {
        try {
          const analysis = await analyzeHar({ log: { pages, entries } });
          assert.equal(analysis.summary.requests, analysis.requests.length);
        } catch (error) {
          assert.ok(error instanceof HarFormatError, String(error));
        }
      },
    ),
    { numRuns: 300 },
  );
});
