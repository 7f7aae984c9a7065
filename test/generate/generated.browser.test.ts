// Real Chromium against the generated configs: a page on an allowed origin can read responses
// (including 500s and an exposed header) and pass preflights exactly where the engine grants
// them; a page on another origin can read nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPolicy } from '../../src/engine/create-policy.js';
import { generateConfig, type ServerKind } from '../../src/generate/index.js';
import { APACHE, CADDY, CHROMIUM, HAPROXY, NGINX, requireBinary } from '../support/binaries.js';
import { type BrowserSession, launchBrowser, startPageServer } from '../support/browsers.js';
import {
  type RunningServer,
  startApache,
  startCaddy,
  startHaproxy,
  startNginx,
  startUpstream,
} from './support/web-servers.js';

const chromium = requireBinary(CHROMIUM);
const START: Record<ServerKind, [string, (c: string) => Promise<RunningServer>]> = {
  nginx: [NGINX, startNginx],
  apache: [APACHE, startApache],
  caddy: [CADDY, startCaddy],
  haproxy: [HAPROXY, startHaproxy],
};

let browser: BrowserSession;
let allowedPage: Awaited<ReturnType<typeof startPageServer>>;
let otherPage: Awaited<ReturnType<typeof startPageServer>>;
let upstream: Awaited<ReturnType<typeof startUpstream>>;

before(async () => {
  if (chromium.skip) return;
  [browser, allowedPage, otherPage, upstream] = await Promise.all([
    launchBrowser('chromium'),
    startPageServer(),
    startPageServer(),
    startUpstream(),
  ]);
});
after(async () => {
  await Promise.all([browser?.close(), allowedPage?.close(), otherPage?.close(), upstream?.close()]);
});

const REQUESTS = [
  { path: '/status/200?cors=1', init: { credentials: 'include' as const } },
  { path: '/status/500', init: { credentials: 'include' as const } },
  {
    path: '/status/200',
    init: { method: 'PUT', headers: { 'x-token': 't' }, credentials: 'include' as const },
  },
  { path: '/status/200', init: { method: 'DELETE', credentials: 'include' as const } },
];

for (const server of ['nginx', 'apache', 'caddy'] as const) {
  const [bin, start] = START[server];
  const skip = chromium.skip || requireBinary(bin).skip;
  test(`Chromium agrees with the engine through generated ${server} config`, { skip }, async () => {
    const policy = createPolicy({
      origins: [allowedPage.origin],
      credentials: true,
      methods: ['PUT'],
      requestHeaders: ['x-token'],
      exposeHeaders: ['x-request-id'],
    });
    const running = await start(generateConfig(server, policy, { upstream: upstream.origin }).text);
    try {
      for (const page of [allowedPage, otherPage]) {
        const results = await browser.fetchFrom(
          page.url,
          REQUESTS.map((r) => ({ url: `${running.origin}${r.path}`, init: r.init })),
        );
        results.forEach((res, i) => {
          const r = REQUESTS[i]!;
          const method = r.init.method ?? 'GET';
          const needsPreflight = method !== 'GET';
          const header = (n: string): string | null =>
            n === 'origin'
              ? page.origin
              : n === 'access-control-request-method'
                ? method
                : n === 'access-control-request-headers' && r.init.headers
                  ? Object.keys(r.init.headers).join(',')
                  : null;
          const pre = needsPreflight ? policy.evaluate({ method: 'OPTIONS', header }) : undefined;
          const actual = policy.evaluate({
            method,
            header: (n) => (n === 'origin' ? page.origin : null),
          });
          const engineReadable = (pre?.allowed ?? true) && actual.allowed;
          const where = `${server} ${page === allowedPage ? 'allowed' : 'other'} page, ${method} ${r.path}`;
          assert.equal(
            res.readable,
            engineReadable,
            `${where}: browser readable=${res.readable} (${res.error}; ${res.consoleLines.join(' | ')})`,
          );
          if (engineReadable && method === 'GET')
            assert.equal(res.headers?.['x-request-id'], 'r-1', `${where}: exposed header`);
        });
      }
    } finally {
      await running.stop();
    }
  });
}
