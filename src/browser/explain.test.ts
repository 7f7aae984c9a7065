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
  if (e.kind === 'unknown') {
    assert.equal(e.closest.length, 3);
    assert.ok((e.closest[0]?.score ?? 0) >= (e.closest[1]?.score ?? 0));
  }
  assert.equal(explainMessage('hello world').code, null);
});

const FF_AT = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

test('issue 12: whole Firefox lines with legacy reasons, ‘ ’ quotes and the prefix', () => {
  const token = explainMessage(
    `${FF_AT} http://localhost:5000/api. (Reason: missing token ‘x-custom’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).`,
  );
  assert.equal(token.code, 'CORSMissingAllowHeaderFromPreflight');
  if (token.kind === 'match') {
    assert.equal(token.header, 'x-custom');
    assert.equal(token.url, 'http://localhost:5000/api');
    assert.equal(token.match, 'legacy');
  }
  const channel = explainMessage(
    `${FF_AT} http://localhost:5000/api. (Reason: CORS preflight channel did not succeed).`,
  );
  assert.equal(channel.code, 'CORSPreflightDidNotSucceed');
});

test('issue 12: a line cut before its reason is "truncated", never a code', () => {
  for (const cut of [
    'Cross-Origin Request',
    `${FF_AT} http://localhost:5000/api.`,
    'Cross-Origin Request Blocked:',
  ]) {
    const e = explainMessage(cut);
    assert.equal(e.kind, 'truncated', cut);
  }
  const chromium = explainMessage(
    "Access to fetch at 'http://localhost:5000/api' from origin 'http://localhost:3000' has been blocked by CORS policy:",
  );
  assert.equal(chromium.kind, 'truncated');
  if (chromium.kind === 'truncated')
    assert.equal(
      chromium.next?.command,
      'corskit doctor http://localhost:5000/api --origin http://localhost:3000',
    );
});

test('issue 12: a fragment shared by several codes lists the candidates', () => {
  const e = explainMessage('Access-Control-Allow-Origin');
  assert.equal(e.kind, 'ambiguous');
  if (e.kind === 'ambiguous') {
    assert.ok(e.candidates.length > 1);
    assert.ok(e.candidates.some((c) => c.code === 'CORSMissingAllowOrigin'));
  }
});

test('issue 12: the French frame "(Cross-Origin Request)" is never taken for a reason', () => {
  const fr = formatFirefox('CORSMissingAllowOrigin2', ['http://api.test/x', '200'], 'fr');
  assert.equal(explainMessage(fr).code, 'CORSMissingAllowOrigin');
  assert.notEqual(explainMessage('Cross-Origin Request').code, 'CORSDisabled');
});

test('issue 12: lines that are not catalogue refusals', () => {
  const notice = (text: string) => {
    const e = explainMessage(text);
    return e.kind === 'notice' ? e.notice : e.kind;
  };
  assert.equal(
    notice(
      "Access to fetch at 'file:///home/u/data.json' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.",
    ),
    'file-scheme',
  );
  assert.equal(
    notice(
      "Access to fetch at 'http://192.168.1.10/api' from origin 'http://example.com' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `private`.",
    ),
    'private-network',
  );
  assert.equal(
    notice(
      "Access to fetch at 'http://localhost:8080/' from origin 'https://example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
    ),
    'private-network',
  );
  assert.equal(notice('TypeError: Failed to fetch'), 'script-side');
  assert.equal(notice('TypeError: NetworkError when attempting to fetch resource.'), 'script-side');
  assert.equal(
    notice('GET http://localhost:5000/api net::ERR_FAILED 500 (Internal Server Error)'),
    'companion-only',
  );
});

test("issue 12: Chromium's companion line feeds its status to the cause", () => {
  const e = explainMessage(
    "Access to fetch at 'http://localhost:5000/api' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET http://localhost:5000/api net::ERR_FAILED 500 (Internal Server Error)",
  );
  assert.equal(e.code, 'CORSMissingAllowOrigin');
  if (e.kind === 'match') {
    assert.equal(e.status, 500);
    assert.match(e.cause, /answered 500/);
    assert.equal(e.next?.command, 'corskit doctor http://localhost:5000/api --origin http://localhost:3000');
  }
});

test('several pasted lines: each is matched alone and the most specific wins', () => {
  const preflight = formatFirefox('CORSPreflightDidNotSucceed3', ['http://api.test/x', '404'], 'en-US');
  const generic = formatFirefox('CORSDidNotSucceed2', ['http://api.test/x', '(null)'], 'en-US');
  const e = explainMessage(`${generic}\n${preflight}`);
  assert.equal(e.code, 'CORSPreflightDidNotSucceed');
  if (e.kind === 'match') {
    assert.equal(e.url, 'http://api.test/x');
    assert.equal(e.status, 404);
  }
});
