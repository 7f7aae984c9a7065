// The real-Chromium check every adapter gets: a page on one loopback origin fetches from an app on
// another. An allowed origin reads the JSON (also after a preflight), a refused one is blocked, and
// a route that throws shows its real 500 to the allowed origin instead of a CORS error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPolicy } from '../../../src/engine/create-policy.js';
import type { CorsPolicy } from '../../../src/policy/types.js';
import { CHROMIUM, requireBinary } from '../../support/binaries.js';
import { type BrowserSession, launchBrowser, startPageServer } from '../../support/browsers.js';
import type { Running } from './listen.js';

/**
 * Builds the adapter's app with `cors(resolver)` where the resolver is `policyForPath(path)`, and:
 * GET /api/data and PUT /api/data → 200 `{"ok":true}`; GET /closed/data → 200 `{"secret":true}`;
 * GET /api/throw → the handler throws (framework default error handling).
 */
export type StartBrowserApp = (policyForPath: (path: string) => CorsPolicy | undefined) => Promise<Running>;

export function testInChromium(adapter: string, start: StartBrowserApp): void {
  const binary = requireBinary(CHROMIUM);
  describe(`${adapter} in real Chromium`, { skip: binary.skip }, () => {
    let page: Awaited<ReturnType<typeof startPageServer>>;
    let app: Running;
    let session: BrowserSession;
    before(async () => {
      page = await startPageServer();
      const open = createPolicy({
        origins: [page.origin],
        methods: ['PUT'],
        requestHeaders: ['content-type'],
      });
      const closed = createPolicy({ origins: ['https://someone-else.example'] });
      app = await start((path) =>
        path.startsWith('/api/') ? open : path.startsWith('/closed/') ? closed : undefined,
      );
      session = await launchBrowser('chromium');
    });
    after(async () => {
      await session?.close();
      await page?.close();
      await app?.close();
    });

    test('allowed origin reads JSON, refused origin is blocked, a throwing route shows its 500', async () => {
      const [read, put, refused, thrown] = await session.fetchFrom(page.url, [
        { url: `${app.origin}/api/data` },
        {
          url: `${app.origin}/api/data`,
          init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' },
        },
        { url: `${app.origin}/closed/data` },
        { url: `${app.origin}/api/throw` },
      ]);
      assert.equal(read?.readable, true, JSON.stringify(read));
      assert.equal(read?.status, 200);
      assert.deepEqual(JSON.parse(read?.body ?? 'null'), { ok: true });

      assert.equal(put?.readable, true, `after a preflight: ${JSON.stringify(put)}`);
      assert.equal(put?.status, 200);

      assert.equal(refused?.readable, false);
      assert.match(refused?.error ?? '', /Failed to fetch/);
      assert.ok(
        refused?.consoleLines.some((l) => l.includes("No 'Access-Control-Allow-Origin' header")),
        refused?.consoleLines.join('\n'),
      );

      assert.equal(thrown?.readable, true, JSON.stringify(thrown));
      assert.equal(thrown?.status, 500);
      assert.ok(
        !thrown?.consoleLines.some((l) => l.includes('CORS policy')),
        thrown?.consoleLines.join('\n'),
      );
    });
  });
}
