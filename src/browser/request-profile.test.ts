import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  browserRequest,
  http2OnlyFields,
  REQUEST_PROFILES,
  referrer,
  USER_AGENTS,
} from './request-profile.js';
import { fetchSite, siteHost } from './site.js';
import type { HeaderList } from './types.js';

test('registrable domains and hosts without one', () => {
  assert.equal(siteHost('a.b.example.co.uk'), 'example.co.uk');
  assert.equal(siteHost('me.github.io'), 'me.github.io');
  assert.equal(siteHost('api.example.com'), 'example.com');
  assert.equal(siteHost('127.0.0.1'), '127.0.0.1');
  assert.equal(siteHost('[::1]'), '::1');
  assert.equal(siteHost('localhost'), 'localhost');
});

test('Sec-Fetch-Site: the weakest relation over the redirect chain; schemeful in Chromium only', () => {
  const page = 'https://app.example.com';
  assert.equal(fetchSite(page, ['https://app.example.com/x']), 'same-origin');
  assert.equal(fetchSite(page, ['https://api.example.com/x']), 'same-site');
  assert.equal(fetchSite(page, ['https://app.example.com/x', 'https://api.example.com/y']), 'same-site');
  assert.equal(fetchSite(page, ['https://api.example.com/x', 'https://evil.test/y']), 'cross-site');
  assert.equal(fetchSite(page, ['https://other.github.io/']), 'cross-site');
  assert.equal(fetchSite('http://127.0.0.1:1', ['http://127.0.0.1:2/']), 'same-site');
  assert.equal(fetchSite('http://127.0.0.1:1', ['http://localhost:2/']), 'cross-site');
  assert.equal(fetchSite('http://127.0.0.1:1', ['https://127.0.0.1:2/']), 'cross-site');
  assert.equal(fetchSite('http://127.0.0.1:1', ['https://127.0.0.1:2/'], false), 'same-site');
  assert.equal(fetchSite('null', ['https://app.example.com/']), 'cross-site');
});

test('Referer under strict-origin-when-cross-origin', () => {
  const pageUrl = 'https://app.example.com/deep/page?q=1#frag';
  const origin = 'https://app.example.com';
  assert.equal(
    referrer(pageUrl, origin, 'https://app.example.com/api'),
    'https://app.example.com/deep/page?q=1',
  );
  assert.equal(referrer(pageUrl, origin, 'https://api.example.com/x'), 'https://app.example.com/');
  assert.equal(referrer(pageUrl, origin, 'http://api.example.com/x'), null);
  assert.equal(referrer(pageUrl, origin, 'http://127.0.0.1:8080/x'), 'https://app.example.com/');
  assert.equal(referrer('http://x/', 'null', 'http://api.example.com/'), null);
});

const token = fc.stringMatching(/^x-[a-z]{1,8}$/);
const value = fc.stringMatching(/^[a-z0-9]{1,8}$/);

test('dressing never drops or changes what CORS decided, in either browser', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('chromium' as const, 'firefox' as const),
      fc.constantFrom('preflight' as const, 'actual' as const),
      // Distinct names: a script's Headers object combines repeated names into one field before
      // the browser dresses the request, so a list with a name twice is not an input it can see.
      fc.uniqueArray(fc.tuple(token, value), { maxLength: 4, selector: ([name]) => name }),
      fc.constantFrom('https://api.example.com/a', 'http://127.0.0.1:9/a', 'https://app.example.com/b'),
      fc.constantFrom('omit' as const, 'same-origin' as const, 'include' as const),
      (browser, kind, script, url, credentials) => {
        const cors: HeaderList =
          kind === 'preflight'
            ? [
                ['Accept', '*/*'],
                ['Access-Control-Request-Method', 'PUT'],
                ['Origin', 'https://app.example.com'],
              ]
            : [...script, ['Origin', 'https://app.example.com']];
        const dressed = browserRequest(
          REQUEST_PROFILES[browser],
          { method: kind === 'preflight' ? 'OPTIONS' : 'GET', url, headers: cors },
          {
            kind,
            pageUrl: 'https://app.example.com/',
            pageOrigin: 'https://app.example.com',
            urlList: [url],
            credentials,
          },
        );
        for (const [name, v] of cors)
          assert.ok(
            dressed.headers.some(([n, w]) => n === name && w === v),
            `${name}`,
          );
        const names = dressed.headers.map(([n]) => n.toLowerCase());
        assert.equal(new Set(names).size, names.length, 'no header twice');
        assert.ok(dressed.headers.some(([n, v]) => n === 'User-Agent' && v === USER_AGENTS[browser]));
        assert.equal(names.includes('sec-ch-ua'), browser === 'chromium' && kind === 'actual');
        assert.equal(
          names.includes('sec-fetch-storage-access'),
          kind === 'actual' && credentials === 'include' && !url.includes('example.com'),
        );
      },
    ),
  );
});

test('HTTP/2-only fields follow the User-Agent of the dressed request', () => {
  assert.deepEqual(http2OnlyFields([['User-Agent', USER_AGENTS.chromium]]), [['priority', 'u=1, i']]);
  assert.deepEqual(http2OnlyFields([['User-Agent', USER_AGENTS.firefox]]), [['te', 'trailers']]);
  assert.deepEqual(http2OnlyFields([]), []);
});
