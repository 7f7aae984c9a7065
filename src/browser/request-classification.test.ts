import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  needsPreflight,
  normalizeMethod,
} from './request-classification.js';

// Each row was checked against Chromium 156 and Firefox 153 (preflight sent or not).
const safelistTable: Array<[string, string, boolean]> = [
  ['content-type', 'text/plain;charset=utf-8', true],
  ['content-type', 'TEXT/PLAIN', true],
  ['content-type', 'multipart/form-data; boundary=x', true],
  ['content-type', 'application/x-www-form-urlencoded', true],
  ['content-type', 'application/json', false],
  ['content-type', '', false],
  ['content-type', 'text/plain; a="b"', false],
  ['content-type', `text/plain;${'a'.repeat(117)}`, true], // 128 bytes
  ['content-type', `text/plain;${'a'.repeat(118)}`, false], // 129 bytes
  ['accept', 'application/json, text/plain, */*', true],
  ['accept', 'text/"x"', false],
  ['accept-language', 'en-US,en;q=0.9', true],
  ['accept-language', 'en@x', false],
  ['content-language', 'de/x', false],
  ['range', 'bytes=0-', true],
  ['range', 'bytes=0-10', true],
  ['range', 'bytes=10-0', false],
  ['range', 'bytes=-5', false],
  ['range', 'bytes=0-1,3-4', false],
  ['x-foo', '1', false],
  ['authorization', 'Bearer x', false],
];

for (const [name, value, expected] of safelistTable) {
  test(`safelisted(${name}: ${value.slice(0, 30)}) is ${expected}`, () => {
    assert.equal(isCorsSafelistedRequestHeader(name, value), expected);
  });
}

test('methods: the six standard ones are upper-cased, others kept', () => {
  assert.equal(normalizeMethod('put'), 'PUT');
  assert.equal(normalizeMethod('delete'), 'DELETE');
  assert.equal(normalizeMethod('patch'), 'patch');
});

test('forbidden headers are dropped and never preflighted; TRACE throws', () => {
  const c = classifyRequest({
    url: 'http://api.test/x',
    pageOrigin: 'http://page.test',
    headers: { Cookie: 'a=b', 'Sec-Foo': '1', 'Proxy-X': '1', Origin: 'http://evil' },
  });
  assert.deepEqual(c.headers, []);
  assert.equal(c.needsPreflight, false);
  assert.throws(
    () => classifyRequest({ url: 'http://api.test/', pageOrigin: 'http://page.test', method: 'TRACE' }),
    TypeError,
  );
});

test('same-origin requests never need a preflight; the sandboxed origin null is cross-origin to all', () => {
  assert.equal(
    classifyRequest({ url: 'http://a.test/x', pageOrigin: 'http://a.test', method: 'PUT' }).needsPreflight,
    false,
  );
  assert.equal(classifyRequest({ url: 'http://a.test/x', pageOrigin: 'null' }).crossOrigin, true);
});

test('1,024-byte rule: safelisted values together over 1,024 bytes all become unsafe', () => {
  const v = 'a'.repeat(128);
  const headers: Array<[string, string]> = Array.from({ length: 9 }, () => ['accept', v]);
  assert.deepEqual(corsUnsafeRequestHeaderNames(headers), ['accept']);
});

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);
const headerValue = fc.stringMatching(/^[ -~]{0,40}$/);
const methodArb = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'FOO');

test('property: a preflight is needed iff the method or some header is not safelisted', () => {
  fc.assert(
    fc.property(
      methodArb,
      fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
      (method, headers) => {
        const c = classifyRequest({
          url: 'http://api.test/',
          pageOrigin: 'http://page.test',
          method,
          headers,
        });
        const unsafeHeader = c.headers.some(([n, v]) => !isCorsSafelistedRequestHeader(n, v));
        assert.equal(c.needsPreflight, !['GET', 'HEAD', 'POST'].includes(method) || unsafeHeader);
        assert.equal(needsPreflight(c.method, c.headers), c.needsPreflight);
      },
    ),
  );
});

test('property: unsafe names are lower-case, sorted, deduplicated', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }), (headers) => {
      const names = corsUnsafeRequestHeaderNames(headers);
      assert.deepEqual(names, [...new Set(names)].sort());
      for (const n of names) assert.equal(n, n.toLowerCase());
    }),
  );
});
