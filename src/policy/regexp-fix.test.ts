import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anchoredRegExpFix } from './regexp-fix.js';
import { checkOriginRegExp } from './regexp-origin.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('the fix for /example\\.com$/ is the same regex, anchored and with the scheme', () => {
  assert.equal(String(anchoredRegExpFix(/example\.com$/)), '/^https:\\/\\/example\\.com$/');
  assert.equal(
    String(anchoredRegExpFix(/:\/\/(.+\.)?example\.com$/g)),
    '/^https:\\/\\/(.+\\.)?example\\.com$/',
  );
  assert.equal(String(anchoredRegExpFix(/https?:\/\/localhost:3000/)), '/^https?:\\/\\/localhost:3000$/');
  assert.equal(
    String(anchoredRegExpFix(/a\.example|b\.example/)),
    '/^https:\\/\\/(?:a\\.example|b\\.example)$/',
  );
});

test('property: the fix is accepted as an origin RegExp and matches the origin the user meant, only it', () => {
  fc.assert(
    fc.property(fc.domain(), fc.boolean(), fc.boolean(), (host, withScheme, withDollar) => {
      const source = `${withScheme ? 'https:\\/\\/' : ''}${escapeRegExp(host)}${withDollar ? '$' : ''}`;
      const fix = anchoredRegExpFix(new RegExp(source));
      assert.equal(checkOriginRegExp(fix), undefined);
      assert.ok(fix.test(`https://${host}`), `${fix} vs https://${host}`);
      assert.ok(!fix.test(`https://${host}.evil.net`));
      assert.ok(!fix.test(`https://evil${host}`) || host.startsWith('evil'));
    }),
  );
});

test("validation's hint for an unanchored RegExp is the user's own regex, anchored and with the scheme", () => {
  assert.match(checkOriginRegExp(/example\.com$/)?.hint ?? '', /^write \/\^https:\\\/\\\/example\\\.com\$\//);
});
