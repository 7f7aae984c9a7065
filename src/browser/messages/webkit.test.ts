// WebKit (Safari) in the model: its CORS check, its preflight order, its lines with every
// placeholder filled, and explain() reading each of them back. The lines themselves were recorded
// in real WebKitGTK (conformance/observed/webkit.json); these tests pin the model's reading of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseBrowserName } from '../browser-names.js';
import { webkitCorsCheck } from '../cors-check.js';
import { explainMessage } from '../explain.js';
import { simulate } from '../simulate.js';
import type { HeaderList, WireRequest, WireResponse } from '../types.js';
import {
  fillWebKit,
  WEBKIT_EXPLAIN_TEMPLATES,
  WEBKIT_MESSAGES,
  WEBKIT_REASONLESS,
  type WebKitMessage,
} from './webkit.js';

const PAGE = 'https://app.example.com';
const API = 'https://api.example.com';
const r = (status: number, headers: HeaderList = []): WireResponse => ({ status, headers });
const routes =
  (table: Record<string, WireResponse>) =>
  (req: WireRequest): WireResponse =>
    table[`${req.method} ${req.url}`] ?? r(404);

test('webkitCorsCheck: missing, two values, * with credentials, other origin, bad ACAC', () => {
  assert.deepEqual(webkitCorsCheck(r(200), PAGE, false), { kind: 'missing-allow-origin' });
  assert.equal(webkitCorsCheck(r(200, [['Access-Control-Allow-Origin', '*']]), PAGE, false), null);
  assert.deepEqual(webkitCorsCheck(r(200, [['Access-Control-Allow-Origin', '*']]), PAGE, true), {
    kind: 'wildcard-with-credentials',
  });
  // Two lines are combined with ", ": a comma means "more than one origin".
  const two = r(200, [
    ['Access-Control-Allow-Origin', PAGE],
    ['Access-Control-Allow-Origin', PAGE],
  ]);
  assert.equal(webkitCorsCheck(two, PAGE, false)?.kind, 'multiple-allow-origin-values');
  // A space alone is just another value (Chromium calls it "multiple").
  assert.equal(
    webkitCorsCheck(r(200, [['Access-Control-Allow-Origin', `${PAGE} x`]]), PAGE, false)?.kind,
    'allow-origin-mismatch',
  );
  const credentialed = r(200, [
    ['Access-Control-Allow-Origin', PAGE],
    ['Access-Control-Allow-Credentials', 'TRUE'],
  ]);
  assert.equal(webkitCorsCheck(credentialed, PAGE, true)?.kind, 'invalid-allow-credentials');
});

test('simulate: a 500 without CORS headers prints the origin and the status, then the Fetch API line', async () => {
  const d = await simulate(
    { url: `${API}/items`, pageOrigin: PAGE },
    routes({ [`GET ${API}/items`]: r(500) }),
  );
  assert.equal(d.browsers.webkit.verdict, 'blocked');
  assert.equal(d.browsers.webkit.code, 'CORSMissingAllowOrigin');
  assert.deepEqual(d.messages.webkit, [
    `Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 500`,
    `Fetch API cannot load ${API}/items due to access control checks.`,
  ]);
});

test('simulate: WebKit reads a preflight status before its headers (Chromium the other way round)', async () => {
  const d = await simulate(
    { url: `${API}/items`, pageOrigin: PAGE, method: 'PUT' },
    routes({ [`OPTIONS ${API}/items`]: r(401) }),
  );
  assert.deepEqual(d.messages.webkit, [
    'Preflight response is not successful. Status code: 401',
    `Fetch API cannot load ${API}/items due to access control checks.`,
  ]);
  assert.equal(d.browsers.chromium.code, 'CORSMissingAllowOrigin');
});

test('simulate: the header is named as the script wrote it; an invalid list by its whole value', async () => {
  const allow = (extra: HeaderList) =>
    r(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ...extra]);
  const header = await simulate(
    { url: `${API}/h`, pageOrigin: PAGE, method: 'PUT', headers: { 'X-Trace-Id': '1' } },
    routes({ [`OPTIONS ${API}/h`]: allow([]) }),
  );
  assert.equal(
    header.messages.webkit?.[0],
    'Request header field X-Trace-Id is not allowed by Access-Control-Allow-Headers.',
  );
  const invalid = await simulate(
    { url: `${API}/m`, pageOrigin: PAGE, method: 'DELETE' },
    routes({
      [`OPTIONS ${API}/m`]: r(204, [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT, G@T'],
      ]),
    }),
  );
  assert.equal(
    invalid.messages.webkit?.[0],
    'Header Access-Control-Allow-Methods has an invalid value: PUT, G@T',
  );
});

test('simulate: a refused redirect is framed with its target; credentials in the Location are named', async () => {
  const hop = await simulate(
    { url: `${API}/a`, pageOrigin: PAGE },
    routes({ [`GET ${API}/a`]: r(302, [['Location', '/b']]) }),
  );
  assert.deepEqual(hop.messages.webkit, [
    `Cross-origin redirection to ${API}/b denied by Cross-Origin Resource Sharing policy: Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 302`,
    `Fetch API cannot load ${API}/a due to access control checks.`,
  ]);
  const userinfo = await simulate(
    { url: `${API}/a`, pageOrigin: PAGE },
    routes({
      [`GET ${API}/a`]: r(302, [
        ['Location', 'https://user:pass@api.example.com/b'],
        ['Access-Control-Allow-Origin', '*'],
      ]),
    }),
  );
  assert.equal(
    userinfo.messages.webkit?.[0],
    `Cross-origin redirection to ${API}/b denied by Cross-Origin Resource Sharing policy: redirection URL https://user:pass@api.example.com/b has credentials`,
  );
});

test('every recognisable WebKit template is explained, with its placeholders read back', () => {
  const values: Record<string, string> = {
    origin: PAGE,
    status: '503',
    value: 'GET PUT',
    method: 'PATCH',
    header: 'X-Trace-Id',
    location: 'https://u:p@api.example.com/x',
    host: '127.0.0.1',
  };
  for (const { key, code, preflight } of WEBKIT_EXPLAIN_TEMPLATES) {
    const line = fillWebKit(key, values);
    const e = explainMessage(line);
    assert.equal(e.code, code, line);
    if (e.code === null) continue;
    assert.equal(e.browser, 'webkit', line);
    assert.equal(e.match, 'full', line);
    assert.equal(e.preflight, preflight, line);
    const text = WEBKIT_MESSAGES[key as WebKitMessage];
    if (text.includes('{status}')) assert.equal(e.status, 503, line);
    if (text.includes('{origin}')) assert.equal(e.origin, PAGE, line);
    if (text.includes('{method}')) assert.equal(e.method, 'PATCH', line);
    if (text.includes('{header}')) assert.equal(e.header, 'x-trace-id', line);
    if (text.includes('{value}')) assert.equal(e.value, 'GET PUT', line);
  }
});

test('explain: a status in "Status code: N" feeds the same traps as Firefox (an error without CORS headers)', () => {
  const e = explainMessage(`Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 401`);
  assert.equal(e.code, 'CORSMissingAllowOrigin');
  if (e.code === null) return;
  assert.match(e.cause, /answered 401 without any CORS headers/);
  assert.ok(e.whatToCheck.some((w) => /Safari prints this same line/.test(w)));
  const preflight = explainMessage('Preflight response is not successful. Status code: 401');
  assert.equal(preflight.code, 'CORSPreflightDidNotSucceed');
  if (preflight.code !== null) assert.equal(preflight.status, 401);
});

test('explain: in part, and inside the redirect frame', () => {
  const part = explainMessage('is not allowed by Access-Control-Allow-Headers');
  assert.equal(part.code, 'CORSMissingAllowHeaderFromPreflight');
  const framed = explainMessage(
    `Cross-origin redirection to ${API}/b denied by Cross-Origin Resource Sharing policy: Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 302`,
  );
  assert.equal(framed.code, 'CORSMissingAllowOrigin');
  if (framed.code === null) return;
  assert.equal(framed.origin, PAGE);
  assert.equal(framed.url, `${API}/b`);
  assert.equal(framed.status, 302);
});

test('explain: "TypeError: Load failed" and the Fetch API line point to the console line and the doctor', () => {
  for (const line of [
    'TypeError: Load failed',
    'Unhandled Promise Rejection: TypeError: Load failed',
    `Fetch API cannot load ${API}/items due to access control checks.`,
  ]) {
    const e = explainMessage(line);
    assert.equal(e.code, null, line);
    if (e.kind !== 'unknown') assert.fail(`${line}: ${e.kind}`);
    assert.ok(e.note, line);
    assert.match(e.note ?? '', /console/);
    assert.match(e.note ?? '', /corskit doctor/);
  }
  assert.equal(WEBKIT_REASONLESS.length, 2);
});

test('property: every WebKit line simulate() prints for a blocked fetch is explained or points to its reason', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(200, 204, 302, 401, 500),
      fc.constantFrom<HeaderList>(
        [],
        [['Access-Control-Allow-Origin', '*']],
        [['Access-Control-Allow-Origin', 'https://other.example']],
      ),
      fc.constantFrom('GET', 'PUT'),
      fc.boolean(),
      async (status, headers, method, credentials) => {
        const d = await simulate(
          { url: `${API}/p`, pageOrigin: PAGE, method, ...(credentials ? { credentials: 'include' } : {}) },
          () => r(status, headers),
        );
        for (const line of d.messages.webkit ?? []) {
          const e = explainMessage(line);
          assert.ok(e.code !== null || (e.kind === 'unknown' && e.note), line);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('--browser names: webkit and its alias safari', () => {
  assert.equal(parseBrowserName('webkit'), 'webkit');
  assert.equal(parseBrowserName('Safari'), 'webkit');
  assert.equal(parseBrowserName('firefox'), 'firefox');
  assert.equal(parseBrowserName('edge'), null);
});
