// corskit/next in a real Next.js app (test/next/fixture), built with `next build` and served by
// `next start` on loopback: the shared request table through route handlers (/t/<n>/…) and
// through middleware.ts (/m/<n>/…), the error path, a per-route policy, and real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PolicyOptions } from '../../src/policy/types.js';
import { testInChromium } from '../adapters/support/browser-scenario.js';
import { send } from '../adapters/support/http-client.js';
import { testRequestTable } from '../adapters/support/request-table.js';
import { tablePolicyIndex } from '../runtimes/support/table-policies.js';
import { buildNextApp, type RunningNext, startNextApp } from './support/next-app.js';

const APP = 'https://app.example.com';
const PAGE = 'http://127.0.0.1:8';
let next: RunningNext | undefined;

before(async () => {
  buildNextApp();
  next = await startNextApp({ CORSKIT_PAGE_ORIGIN: PAGE });
});
after(() => next?.close());

// Next adds its own Vary members (RSC negotiation) to every response: they are the framework's,
// so the comparison keeps only what corskit and the table app contribute. (The fixture turns
// Next's compression off, which would add Accept-Encoding of its own.)
const NEXT_VARY = new Set([
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
]);
async function sendWithoutNextVary(url: string, init: Parameters<typeof send>[1]) {
  const res = await send(url, init);
  const vary = (res.headers.vary ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v && !NEXT_VARY.has(v.toLowerCase()));
  return { ...res, headers: { ...res.headers, vary: vary.length ? vary.join(', ') : undefined } };
}

const mounted = (prefix: 't' | 'm') => async (_: unknown, options: PolicyOptions) => ({
  origin: `${next!.origin}/${prefix}/${tablePolicyIndex(options)}`,
  close: async () => {},
});

describe('Next.js', () => {
  testRequestTable('next route handlers', mounted('t'), { send: sendWithoutNextVary });
  // Middleware runs before the route, so Next (not corskit) joins the middleware's Vary with the
  // route's: the same members, in another order, with a duplicate left in. Compared as a set.
  testRequestTable('next middleware', mounted('m'), { send: sendWithoutNextVary, varyAsSet: true });

  test('a route handler that throws keeps its CORS headers: the page sees the real 500', async () => {
    const res = await send(`${next!.origin}/api/throw`, { headers: { origin: APP } });
    assert.equal(res.status, 500);
    assert.equal(res.headers['access-control-allow-origin'], APP);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
  });

  test('per-route policies: /public/* is open to anyone, /api/* only to the listed origin', async () => {
    const open = await send(`${next!.origin}/public/data`, { headers: { origin: 'https://anyone.example' } });
    assert.equal(open.headers['access-control-allow-origin'], '*');
    const closed = await send(`${next!.origin}/api/items`, { headers: { origin: 'https://anyone.example' } });
    assert.equal(closed.headers['access-control-allow-origin'], undefined);
    const listed = await send(`${next!.origin}/api/items`, { headers: { origin: APP } });
    assert.equal(listed.headers['access-control-allow-origin'], APP);
  });

  test('the exported OPTIONS answers preflights and refuses a method the policy lacks', async () => {
    const ok = await send(`${next!.origin}/api/items`, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-methods'], 'PUT');
    const refused = await send(`${next!.origin}/api/items`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'DELETE' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  test("middleware keeps the route's own Vary and adds Origin", async () => {
    const res = await send(`${next!.origin}/mw/data`, { headers: { origin: PAGE } });
    assert.equal(res.headers['access-control-allow-origin'], PAGE);
    const vary = (res.headers.vary ?? '').toLowerCase();
    assert.ok(vary.includes('origin') && vary.includes('accept-encoding'), vary);
  });
});

// The scenario makes its own page server; its policies name that page's origin, which the app reads
// from the environment when it starts, so this scenario gets its own `next start` of the same build.
testInChromium('next (route handlers)', async (policyForPath) => {
  const open = policyForPath('/api/x')?.config.origins;
  if (!open || open === '*') throw new Error('the scenario allows one page origin on /api/');
  const app = await startNextApp({ CORSKIT_PAGE_ORIGIN: open.exact[0]! });
  return { origin: `${app.origin}/b`, close: () => app.close() };
});
