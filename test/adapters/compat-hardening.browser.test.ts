// corskit/compat next to the real `cors` package in real Chromium, for the options where compat
// used to grant more than `cors`: what a page on another origin can read must be the same (and
// never more) with corskit/compat.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import corsPackage from 'cors';
import express from 'express';
import compatCors, { type CorsPackageOptions } from '../../src/adapters/compat.js';
import { CHROMIUM, requireBinary } from '../support/binaries.js';
import { type BrowserSession, launchBrowser, startPageServer } from '../support/browsers.js';
import { listen, type Running } from './support/listen.js';

function serve(middleware: express.RequestHandler): Promise<Running> {
  const app = express();
  app.use(middleware);
  app.all('/data', (_req, res) => {
    res.json({ ok: true });
  });
  return listen(app);
}

const binary = requireBinary(CHROMIUM);

describe('compat vs cors in real Chromium: never readable where cors is not', { skip: binary.skip }, () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let session: BrowserSession;
  const servers: Running[] = [];
  before(async () => {
    page = await startPageServer();
    session = await launchBrowser('chromium');
  });
  after(async () => {
    await session?.close();
    await page?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  /** What the page can read from each server: [credentialed GET, uncredentialed GET, credentialed PUT]. */
  async function readable(options: CorsPackageOptions): Promise<{ cors: boolean[]; compat: boolean[] }> {
    const reference = await serve(corsPackage(options as corsPackage.CorsOptions));
    const ours = await serve(compatCors(options, { warn: () => {} }));
    servers.push(reference, ours);
    const requests = (base: string) => [
      { url: `${base}/data`, init: { credentials: 'include' as const } },
      { url: `${base}/data`, init: { credentials: 'omit' as const } },
      {
        url: `${base}/data`,
        init: {
          method: 'PUT',
          credentials: 'include' as const,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
      },
    ];
    const [theirs, mine] = await Promise.all([
      session.fetchFrom(page.url, requests(reference.origin)),
      session.fetchFrom(page.url, requests(ours.origin)),
    ]);
    return { cors: theirs.map((r) => r.readable), compat: mine.map((r) => r.readable) };
  }

  test("an origin callback answering '*' with credentials: uncredentialed reads only, as with cors", async () => {
    const result = await readable({
      origin: (_o, cb) => cb(null, '*'),
      credentials: true,
      methods: ['PUT'],
      allowedHeaders: ['content-type'],
    });
    assert.deepEqual(result.compat, result.cors);
    assert.deepEqual(result.compat, [false, true, false]);
  });

  test("['*'] and wildcard-looking strings ('http://127.0.0.*', 'http://localhost:*') allow nothing, as with cors", async () => {
    for (const origin of [['*'], 'http://127.0.0.*', ['http://localhost:*']]) {
      const result = await readable({ origin: origin as CorsPackageOptions['origin'] });
      assert.deepEqual(result.compat, result.cors, String(origin));
      assert.deepEqual(result.compat, [false, false, false], String(origin));
    }
  });
});
