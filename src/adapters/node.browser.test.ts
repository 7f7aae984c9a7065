// The Node adapter under real Chromium: what a page can and cannot read across origins.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type BrowserSession, launchBrowser, startPageServer } from '../../test/support/browsers.js';
import { cors } from './node.js';

describe('node adapter in Chromium', () => {
  let browser: BrowserSession;
  let allowedPage: Awaited<ReturnType<typeof startPageServer>>;
  let refusedPage: Awaited<ReturnType<typeof startPageServer>>;
  let api: Server;
  let apiUrl = '';

  before(async () => {
    allowedPage = await startPageServer();
    refusedPage = await startPageServer();
    const handle = cors({
      origins: [allowedPage.origin],
      credentials: true,
      methods: ['PUT'],
      requestHeaders: ['x-token'],
      exposeHeaders: ['x-request-id'],
    });
    api = createServer((req, res) => {
      if (handle(req, res)) return;
      res.setHeader('X-Request-Id', '42');
      res.setHeader('Content-Type', 'text/plain');
      res.end(`secret for ${req.method}`);
    });
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/data`;
    browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser?.close();
    api?.close();
    await allowedPage?.close();
    await refusedPage?.close();
  });

  test('an allowed origin reads the response, with credentials, a preflighted PUT and an exposed header', async () => {
    const [get, put] = await browser.fetchFrom(allowedPage.url, [
      { url: apiUrl, init: { credentials: 'include' } },
      { url: apiUrl, init: { method: 'PUT', headers: { 'X-Token': 't' }, credentials: 'include' } },
    ]);
    assert.equal(get!.readable, true, JSON.stringify(get));
    assert.equal(get!.body, 'secret for GET');
    assert.equal(get!.headers?.['x-request-id'], '42');
    assert.equal(put!.readable, true, JSON.stringify(put));
    assert.equal(put!.body, 'secret for PUT');
  });

  test('a refused origin is blocked, and Chromium says why', async () => {
    const [get, put] = await browser.fetchFrom(refusedPage.url, [
      { url: apiUrl },
      { url: apiUrl, init: { method: 'PUT', headers: { 'X-Token': 't' } } },
    ]);
    assert.equal(get!.readable, false);
    assert.match(get!.error ?? '', /Failed to fetch/);
    assert.ok(
      get!.consoleLines.some((l) => l.includes("No 'Access-Control-Allow-Origin' header")),
      get!.consoleLines.join('\n'),
    );
    assert.equal(put!.readable, false);
    assert.ok(
      put!.consoleLines.some((l) => l.includes('preflight')),
      put!.consoleLines.join('\n'),
    );
  });
});
