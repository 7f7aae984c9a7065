import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DoctorInputError, parseHeader, parseOrigin, parseTargetUrl } from './input.js';

test('parseOrigin accepts exactly the serialized http(s) origins (and "null")', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.webUrl(),
        fc.webUrl().map((u) => new URL(u).origin),
        fc.string(),
      ),
      (text) => {
        let expected: boolean;
        try {
          const url = new URL(text);
          expected = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
        } catch {
          expected = false;
        }
        if (text === 'null') expected = true;
        let accepted: boolean;
        try {
          accepted = parseOrigin(text) === text;
        } catch (error) {
          assert.ok(error instanceof DoctorInputError);
          accepted = false;
        }
        assert.equal(accepted, expected, text);
      },
    ),
    { numRuns: 2000 },
  );
});

test('parseTargetUrl accepts every http(s) URL and refuses other schemes with one sentence', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => {
      assert.equal(parseTargetUrl(u).href, new URL(u).href);
    }),
  );
  for (const bad of ['ftp://h/x', 'file:///etc/passwd', 'data:text/plain,x', 'ws://h/', 'nope']) {
    assert.throws(
      () => parseTargetUrl(bad),
      (e: Error) => e instanceof DoctorInputError && !e.message.includes('\n'),
    );
  }
});

test('parseHeader splits at the first colon and refuses CR/LF', () => {
  assert.deepEqual(parseHeader('Authorization: Bearer a:b'), ['Authorization', 'Bearer a:b']);
  assert.throws(() => parseHeader('X-A: 1\r\nX-B: 2'), DoctorInputError);
  assert.throws(() => parseHeader(': v'), DoctorInputError);
});
