import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainMessage } from './explain.js';
import {
  FIREFOX_KEY_CODES,
  FIREFOX_LOCALES,
  type FIREFOX_MESSAGES,
  formatFirefox,
} from './messages/firefox.js';

test('the seed: Firefox en-US line with URL and status', () => {
  const e = explainMessage(
    'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.',
  );
  assert.equal(e.code, 'CORSMissingAllowOrigin');
  if (e.code === null) return;
  assert.equal(e.browser, 'firefox');
  assert.equal(e.locale, 'en-US');
  assert.equal(e.url, 'https://api.example.com/data');
  assert.equal(e.status, 200);
});

test("the MDN Spanish wording and Firefox's own es-ES wording", () => {
  assert.equal(
    explainMessage("Motivo: Hace falta la cabecera CORS 'Access-Control-Allow-Origin'").code,
    'CORSMissingAllowOrigin',
  );
  const firefoxEs = formatFirefox('CORSMissingAllowOrigin2', ['https://api.example.com/', '404'], 'es-ES');
  const e = explainMessage(firefoxEs);
  assert.equal(e.code, 'CORSMissingAllowOrigin');
  if (e.code !== null) {
    assert.equal(e.locale, 'es-ES');
    assert.equal(e.status, 404);
  }
});

test('Chromium line with redirect, preflight prefix, and extracted values', () => {
  const e = explainMessage(
    "Access to fetch at 'http://b.test/x' (redirected from 'http://a.test/x') from origin 'http://p.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'https://example.com' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  );
  assert.equal(e.code, 'CORSAllowOriginNotMatchingOrigin');
  if (e.code === null) return;
  assert.equal(e.browser, 'chromium');
  assert.equal(e.url, 'http://b.test/x');
  assert.equal(e.redirectedFrom, 'http://a.test/x');
  assert.equal(e.origin, 'http://p.test');
  assert.equal(e.value, 'https://example.com');
  assert.equal(e.preflight, true);
  assert.deepEqual(e.fix.policy, { origins: ['http://p.test'] });
});

test('fragments without URL', () => {
  assert.equal(
    explainMessage(
      'Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.',
    ).code,
    'CORSMissingAllowHeaderFromPreflight',
  );
  const e = explainMessage(
    "(Reason: header 'authorization' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response)",
  );
  assert.equal(e.code, 'CORSMissingAllowHeaderFromPreflight');
  if (e.code !== null) assert.equal(e.header, 'authorization');
  assert.equal(
    explainMessage("No 'Access-Control-Allow-Origin' header is present").code,
    'CORSMissingAllowOrigin',
  );
});

test('every Firefox string of every locale is recognised as its own code', () => {
  for (const locale of FIREFOX_LOCALES) {
    for (const [key, code] of Object.entries(FIREFOX_KEY_CODES)) {
      if (key === 'CheckLoadURIError') continue;
      const line = formatFirefox(
        key as keyof (typeof FIREFOX_MESSAGES)['en-US'],
        ['http://api.test/x', '403'],
        locale,
      );
      const e = explainMessage(line);
      assert.equal(e.code, code, `${locale} ${key}`);
    }
  }
});

// The matcher skips a template's regex unless the text holds its literal pieces (compared
// upper-cased); the regexes are case-insensitive, so that pre-test must never lose a match.
test('every Firefox line is recognised whatever its letter case', () => {
  for (const locale of FIREFOX_LOCALES) {
    for (const [key, code] of Object.entries(FIREFOX_KEY_CODES)) {
      if (key === 'CheckLoadURIError') continue;
      const line = formatFirefox(
        key as keyof (typeof FIREFOX_MESSAGES)['en-US'],
        ['http://api.test/x', '403'],
        locale,
      );
      for (const variant of [line.toLowerCase(), line.toUpperCase()])
        assert.equal(explainMessage(variant).code, code, `${locale} ${key}: ${variant}`);
    }
  }
});

test('unknown input: code null and the closest codes, ranked', () => {
  const e = explainMessage('the preflight did not succeed somehow');
  assert.equal(e.code, null);
  if (e.code === null) {
    assert.equal(e.closest.length, 3);
    assert.ok((e.closest[0]?.score ?? 0) >= (e.closest[1]?.score ?? 0));
  }
  assert.equal(explainMessage('hello world').code, null);
});
