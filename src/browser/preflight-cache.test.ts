// The preflight cache as each browser uses it: what a second fetch to the same URL sends. The
// per-browser rules are the ones recorded in the conformance `cache-*` scenarios.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { preflightLifetime } from './preflight.js';
import { PreflightCache } from './preflight-cache.js';
import { QUIRKS } from './quirks.js';
import { simulate } from './simulate.js';
import type { BrowserName, FetchDescription, HeaderList, WireRequest } from './types.js';

const PAGE = 'http://app.test';
const URL_ = 'http://api.test/x';

/** A server that answers every preflight with `preflight` and every other request with `actual`. */
function server(preflight: HeaderList, actual: HeaderList = [['Access-Control-Allow-Origin', '*']]) {
  const seen: WireRequest[] = [];
  const transport = (request: WireRequest) => {
    seen.push(request);
    return {
      status: request.method === 'OPTIONS' ? 204 : 200,
      headers: request.method === 'OPTIONS' ? preflight : actual,
    };
  };
  return { transport, seen };
}

/** Runs the fetches in order with one cache; returns, per fetch, whether `browser` sent a preflight. */
async function preflightsOf(
  browser: BrowserName,
  preflight: HeaderList,
  fetches: Array<Partial<FetchDescription>>,
  actual?: HeaderList,
): Promise<boolean[]> {
  const cache = new PreflightCache(() => 0);
  const { transport } = server(preflight, actual);
  const out: boolean[] = [];
  for (const f of fetches) {
    const d = await simulate({ url: URL_, pageOrigin: PAGE, ...f }, transport, { preflightCache: cache });
    out.push(d.exchanges[browser].some((s) => s.kind === 'preflight'));
  }
  return out;
}

const ACAO_STAR: [string, string] = ['Access-Control-Allow-Origin', '*'];
const maxAge = (v: string): [string, string] => ['Access-Control-Max-Age', v];

test('Access-Control-Max-Age as each browser reads it', () => {
  const table: Array<[string | null, number, number]> = [
    [null, 5, 5],
    ['600', 600, 600],
    ['0', 0, 0],
    ['-1', 0, 0],
    ['soon', 5, 0],
    ['99999', 7200, 86400],
    ['100000', 7200, 86400],
  ];
  for (const [value, chromium, firefox] of table) {
    assert.equal(preflightLifetime(QUIRKS.chromium, value), chromium, `chromium ${value}`);
    assert.equal(preflightLifetime(QUIRKS.firefox, value), firefox, `firefox ${value}`);
  }
  // WebKit reads it as Chromium does, capped at 10 minutes.
  const webkit: Array<[string | null, number]> = [
    [null, 5],
    ['600', 600],
    ['0', 0],
    ['-1', 0],
    ['soon', 5],
    ['99999', 600],
  ];
  for (const [value, seconds] of webkit)
    assert.equal(preflightLifetime(QUIRKS.webkit, value), seconds, `webkit ${value}`);
});

test('a cached preflight is reused for the same method, not for an uncovered one', async () => {
  for (const browser of ['chromium', 'firefox', 'webkit'] as const) {
    const pre: HeaderList = [ACAO_STAR, ['Access-Control-Allow-Methods', 'PUT'], maxAge('600')];
    assert.deepEqual(await preflightsOf(browser, pre, [{ method: 'PUT' }, { method: 'PUT' }]), [true, false]);
    assert.deepEqual(await preflightsOf(browser, pre, [{ method: 'PUT' }, { method: 'DELETE' }]), [
      true,
      true,
    ]);
    const zero: HeaderList = [ACAO_STAR, ['Access-Control-Allow-Methods', 'PUT'], maxAge('0')];
    assert.deepEqual(await preflightsOf(browser, zero, [{ method: 'PUT' }, { method: 'PUT' }]), [true, true]);
  }
});

test('a cached * covers a new method or header in Chromium and WebKit, not in Firefox', async () => {
  const methods: HeaderList = [ACAO_STAR, ['Access-Control-Allow-Methods', '*'], maxAge('600')];
  const headers: HeaderList = [
    ACAO_STAR,
    ['Access-Control-Allow-Methods', 'PUT'],
    ['Access-Control-Allow-Headers', '*'],
    maxAge('600'),
  ];
  const putThenDelete = [{ method: 'PUT' }, { method: 'DELETE' }];
  const xaThenXb: Array<Partial<FetchDescription>> = [
    { method: 'PUT', headers: { 'X-A': '1' } },
    { method: 'PUT', headers: { 'X-B': '1' } },
  ];
  assert.deepEqual(await preflightsOf('chromium', methods, putThenDelete), [true, false]);
  assert.deepEqual(await preflightsOf('firefox', methods, putThenDelete), [true, true]);
  assert.deepEqual(await preflightsOf('chromium', headers, xaThenXb), [true, false]);
  assert.deepEqual(await preflightsOf('firefox', headers, xaThenXb), [true, true]);
  assert.deepEqual(await preflightsOf('webkit', methods, putThenDelete), [true, false]);
  assert.deepEqual(await preflightsOf('webkit', headers, xaThenXb), [true, false]);
});

test('credentials: a credentialed entry serves an uncredentialed request in Chromium and WebKit; never the reverse', async () => {
  const pre: HeaderList = [
    ['Access-Control-Allow-Origin', PAGE],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Methods', 'PUT'],
    maxAge('600'),
  ];
  const actual: HeaderList = [
    ['Access-Control-Allow-Origin', PAGE],
    ['Access-Control-Allow-Credentials', 'true'],
  ];
  const include = { method: 'PUT', credentials: 'include' as const };
  const omit = { method: 'PUT' };
  assert.deepEqual(await preflightsOf('chromium', pre, [include, omit], actual), [true, false]);
  assert.deepEqual(await preflightsOf('firefox', pre, [include, omit], actual), [true, true]);
  assert.deepEqual(await preflightsOf('webkit', pre, [include, omit], actual), [true, false]);
  for (const browser of ['chromium', 'firefox', 'webkit'] as const)
    assert.deepEqual(await preflightsOf(browser, pre, [omit, include], actual), [true, true]);
});

test('property: a fetch repeated within max-age sends no preflight, one repeated after it does', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<BrowserName>('chromium', 'firefox', 'webkit'),
      fc.integer({ min: 1, max: 200_000 }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      async (browser, seconds, fraction) => {
        let now = 0;
        const cache = new PreflightCache(() => now);
        const pre: HeaderList = [ACAO_STAR, ['Access-Control-Allow-Methods', 'PUT'], maxAge(String(seconds))];
        const { transport, seen } = server(pre);
        const desc = { url: URL_, pageOrigin: PAGE, method: 'PUT' };
        const preflights = () => seen.filter((q) => q.method === 'OPTIONS').length;
        await simulate(desc, transport, { preflightCache: cache });
        const lifetime = Math.min(seconds, QUIRKS[browser].maxAgeCap) * 1000;
        const sent = (d: Awaited<ReturnType<typeof simulate>>) =>
          d.exchanges[browser].some((s) => s.kind === 'preflight');
        now = Math.floor(lifetime * fraction);
        assert.equal(sent(await simulate(desc, transport, { preflightCache: cache })), false);
        now = lifetime;
        assert.equal(sent(await simulate(desc, transport, { preflightCache: cache })), true);
        assert.ok(preflights() >= 2);
      },
    ),
    { numRuns: 150 },
  );
});
