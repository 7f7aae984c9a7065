// Smoke test of the real-browser driver: the three browsers read an allowed response, are blocked on a
// response without Access-Control-Allow-Origin, and the blocking line lands on the right request.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, FIREFOX, MINIBROWSER, requireBinary } from './binaries.js';
import { type BrowserKind, launchBrowser, startPageServer } from './browsers.js';

function startApi(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/allowed')) {
      res.writeHead(200, {
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'x-shown',
        'x-shown': 'yes',
        'x-hidden': 'no',
      });
      res.end(`body of ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('secret');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const binaries: Record<BrowserKind, string> = { chromium: CHROMIUM, firefox: FIREFOX, webkit: MINIBROWSER };

for (const kind of ['chromium', 'firefox', 'webkit'] as const) {
  const binary = requireBinary(binaries[kind]);
  describe(`${kind} driver`, { skip: binary.skip }, () => {
    let page: Awaited<ReturnType<typeof startPageServer>>;
    let api: Awaited<ReturnType<typeof startApi>>;
    let session: Awaited<ReturnType<typeof launchBrowser>>;
    before(async () => {
      page = await startPageServer();
      api = await startApi();
      session = await launchBrowser(kind);
    });
    after(async () => {
      await session?.close();
      await page?.close();
      api?.server.close();
    });

    test('reads an allowed response, is blocked without ACAO, and attributes lines per request', async () => {
      const [allowed, blocked, allowedAgain] = await session.fetchFrom(page.url, [
        { url: `${api.origin}/allowed/1` },
        { url: `${api.origin}/blocked/2` },
        { url: `${api.origin}/allowed/3`, init: { credentials: 'omit' } },
      ]);
      assert.ok(allowed && blocked && allowedAgain);
      assert.equal(allowed.readable, true);
      assert.equal(allowed.status, 200);
      assert.equal(allowed.body, 'body of /allowed/1');
      assert.equal(allowed.headers?.['x-shown'], 'yes');
      assert.equal(allowed.headers?.['x-hidden'], undefined, 'unexposed header must be hidden');
      assert.deepEqual(allowed.consoleLines, []);

      assert.equal(blocked.readable, false);
      assert.equal(blocked.status, null);
      assert.match(blocked.error ?? '', /TypeError/);
      assert.ok(blocked.consoleLines.length > 0, 'a blocked fetch prints a console line');
      assert.ok(
        blocked.consoleLines.some((line) => line.includes(`${api.origin}/blocked/2`)),
        `a line names the URL: ${JSON.stringify(blocked.consoleLines)}`,
      );
      const expected = {
        chromium: /No 'Access-Control-Allow-Origin' header/,
        firefox: /CORS header ‘Access-Control-Allow-Origin’ missing/,
        webkit:
          /^Origin http:\/\/127\.0\.0\.1:\d+ is not allowed by Access-Control-Allow-Origin\. Status code: 200$/,
      }[kind];
      assert.ok(
        blocked.consoleLines.some((line) => expected.test(line)),
        JSON.stringify(blocked.consoleLines),
      );
      assert.deepEqual(allowedAgain.consoleLines, []);
      assert.equal(allowedAgain.readable, true);
    });

    test('same-origin requests are readable and a page served by startPageServer is blank HTML', async () => {
      const [same] = await session.fetchFrom(page.url, [{ url: `${page.origin}/anything` }]);
      assert.equal(same?.readable, true);
      assert.equal(same?.status, 200);
      assert.match(same?.body ?? '', /<!doctype html>/);
    });
  });
}
