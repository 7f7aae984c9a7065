// Real Chromium calling a real upstream through the gateway, from another origin: what a page can
// read is what the policy grants, the gateway's own 502/504 are readable by an allowed origin, and
// the upstream's stale `Access-Control-Allow-Origin: *` never breaks a credentialed request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultTimeouts } from '../../src/gateway/types.js';
import { CHROMIUM, requireBinary } from '../support/binaries.js';
import { type BrowserSession, launchBrowser, startPageServer } from '../support/browsers.js';
import {
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const chromium = requireBinary(CHROMIUM);

describe('Chromium through the gateway', { skip: chromium.skip, timeout: 120_000 }, () => {
  let browser: BrowserSession;
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let upstream: TestUpstream;
  let gateway: TestGateway;
  const upstreamSaw: string[] = [];

  before(async () => {
    page = await startPageServer();
    upstream = await startUpstream((req, res) => {
      upstreamSaw.push(`${req.method} ${req.url}`);
      if (req.url === '/api/reset-early') {
        req.socket.destroy();
        return;
      }
      if (req.url === '/api/slow') return; // never answers: the gateway's timeout does
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'POST' ? 201 : 200, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*', // stale legacy header; must not reach the browser
          'x-request-id': 'r-42',
        });
        res.end(JSON.stringify({ method: req.method, path: req.url, cookie: req.headers.cookie ?? null }));
      });
    });
    gateway = await startTestGateway(
      testConfig(
        upstream.url,
        [
          {
            prefix: '/api/',
            policy: {
              origins: [page.origin],
              credentials: true,
              methods: ['PUT'],
              requestHeaders: ['content-type', 'x-token'],
              exposeHeaders: ['x-request-id'],
            },
          },
          { prefix: '/private/', policy: { origins: ['https://someone-else.example'] } },
        ],
        { timeouts: { ...defaultTimeouts, upstreamHeaders: 700 } },
      ),
    );
    browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser?.close();
    await gateway?.drain();
    await upstream?.close();
    await page?.close();
  });

  test('what the policy grants is readable; what it refuses is blocked with the browser saying why', async () => {
    const g = gateway.url;
    const [get, post, put, del, priv] = await browser.fetchFrom(page.url, [
      { url: `${g}/api/items`, init: { credentials: 'include' } },
      {
        url: `${g}/api/items`,
        init: {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{"a":1}',
        },
      },
      { url: `${g}/api/items/1`, init: { method: 'PUT', headers: { 'x-token': 't' }, body: 'x' } },
      { url: `${g}/api/items/1`, init: { method: 'DELETE' } },
      { url: `${g}/private/data` },
    ]);
    assert.equal(get!.readable, true, JSON.stringify(get));
    assert.equal(get!.status, 200);
    assert.equal(get!.headers?.['x-request-id'], 'r-42', 'exposed header readable');
    assert.equal(post!.readable, true, JSON.stringify(post));
    assert.equal(post!.status, 201);
    assert.equal(put!.readable, true, JSON.stringify(put));
    assert.equal(del!.readable, false);
    assert.match(del!.consoleLines.join('\n'), /blocked by CORS policy/);
    assert.match(
      del!.consoleLines.join('\n'),
      /Response to preflight request doesn't pass access control check/,
    );
    assert.equal(priv!.readable, false);
    assert.match(priv!.consoleLines.join('\n'), /No 'Access-Control-Allow-Origin' header/);
    assert.ok(!upstreamSaw.includes('DELETE /api/items/1'), 'the refused preflight stopped the DELETE');
    assert.ok(!upstreamSaw.some((s) => s.startsWith('OPTIONS')), 'preflights never reached the upstream');
  });

  test("the gateway's own 502 and 504 are readable by an allowed origin", async () => {
    const [reset, slow] = await browser.fetchFrom(page.url, [
      { url: `${gateway.url}/api/reset-early`, init: { credentials: 'include' } },
      { url: `${gateway.url}/api/slow`, init: { credentials: 'include' } },
    ]);
    assert.equal(reset!.readable, true, JSON.stringify(reset));
    assert.equal(reset!.status, 502);
    assert.equal(JSON.parse(reset!.body!).error, 'upstream-connection-lost');
    assert.equal(slow!.readable, true, JSON.stringify(slow));
    assert.equal(slow!.status, 504);
    assert.equal(JSON.parse(slow!.body!).error, 'upstream-timeout');
  });
});
