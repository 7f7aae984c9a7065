// Each browser session starts from an empty profile: nothing an earlier session cached reaches a
// later one. A cached redirect is the case that bit: MiniBrowser kept its disk cache in ~/.cache,
// so a 301 recorded for a loopback port in one run was replayed, unseen by the server, when a later
// run's server got the same port (a conformance scenario then "changed" once in a while).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, FIREFOX, MINIBROWSER, requireBinary } from './binaries.js';
import { type BrowserKind, launchBrowser, startPageServer } from './browsers.js';

const binaries: Record<BrowserKind, string> = { chromium: CHROMIUM, firefox: FIREFOX, webkit: MINIBROWSER };
/** Long enough for WebKit to write its disk cache records (about a second after the load). */
const LINGER_MS = 3_000;

describe('browser profiles', () => {
  let redirects = 0;
  const api = createServer((req, res) => {
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'max-age=3600' };
    if (req.url === '/moved') {
      redirects++;
      res.writeHead(301, { ...headers, location: '/here' }).end();
    } else res.writeHead(200, { ...headers, 'content-type': 'text/plain' }).end('here');
  });
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let origin: string;
  before(async () => {
    page = await startPageServer();
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(async () => {
    api.close();
    await page.close();
  });

  for (const kind of ['chromium', 'firefox', 'webkit'] as const) {
    test(`${kind}: a cacheable 301 seen by one session is fetched again by the next`, {
      skip: requireBinary(binaries[kind]).skip,
    }, async () => {
      const before = redirects;
      for (let i = 0; i < 2; i++) {
        const session = await launchBrowser(kind);
        try {
          const [result] = await session.fetchFrom(page.url, [{ url: `${origin}/moved` }]);
          assert.equal(result?.readable, true, JSON.stringify(result));
          await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
        } finally {
          await session.close();
        }
      }
      assert.equal(redirects - before, 2, 'the server saw the redirected request in both sessions');
    });
  }
});
