import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { QUIRKS } from './quirks.js';
import type { BrowserName, HeaderList } from './types.js';

const ORIGIN = 'http://127.0.0.1:8001';
const res = (headers: HeaderList) => ({ status: 200, headers });
const kind = (b: BrowserName, h: HeaderList, creds = false, origin = ORIGIN) =>
  QUIRKS[b].corsCheck(res(h), origin, creds)?.kind ?? 'ok';

// Rows observed in Chromium 156 / Firefox 153 (see docs/browser.md).
const table: Array<[string, HeaderList, boolean, string, string]> = [
  ['missing', [], false, 'missing-allow-origin', 'missing-allow-origin'],
  ['star', [['Access-Control-Allow-Origin', '*']], false, 'ok', 'ok'],
  [
    'star + credentials',
    [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    true,
    'wildcard-with-credentials',
    'wildcard-with-credentials',
  ],
  ['exact', [['Access-Control-Allow-Origin', ORIGIN]], false, 'ok', 'ok'],
  [
    'wrong',
    [['Access-Control-Allow-Origin', 'https://example.com']],
    false,
    'allow-origin-mismatch',
    'allow-origin-mismatch',
  ],
  [
    'comma list',
    [['Access-Control-Allow-Origin', `${ORIGIN}, https://example.com`]],
    false,
    'multiple-allow-origin-values',
    'allow-origin-mismatch',
  ],
  [
    'two lines',
    [
      ['Access-Control-Allow-Origin', ORIGIN],
      ['Access-Control-Allow-Origin', ORIGIN],
    ],
    false,
    'multiple-allow-origin-values',
    'multiple-allow-origin-lines',
  ],
  [
    'invalid',
    [['Access-Control-Allow-Origin', 'foo']],
    false,
    'invalid-allow-origin',
    'allow-origin-mismatch',
  ],
  ['empty', [['Access-Control-Allow-Origin', '']], false, 'invalid-allow-origin', 'allow-origin-mismatch'],
  [
    'null',
    [['Access-Control-Allow-Origin', 'null']],
    false,
    'allow-origin-mismatch',
    'allow-origin-mismatch',
  ],
  [
    'trailing slash',
    [['Access-Control-Allow-Origin', `${ORIGIN}/`]],
    false,
    'allow-origin-mismatch',
    'allow-origin-mismatch',
  ],
  [
    'no ACAC',
    [['Access-Control-Allow-Origin', ORIGIN]],
    true,
    'invalid-allow-credentials',
    'invalid-allow-credentials',
  ],
  [
    'ACAC True',
    [
      ['Access-Control-Allow-Origin', ORIGIN],
      ['Access-Control-Allow-Credentials', 'True'],
    ],
    true,
    'invalid-allow-credentials',
    'invalid-allow-credentials',
  ],
  [
    'ACAC true',
    [
      ['Access-Control-Allow-Origin', ORIGIN],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    true,
    'ok',
    'ok',
  ],
];

for (const [name, headers, creds, chromium, firefox] of table) {
  test(`CORS check: ${name}`, () => {
    assert.equal(kind('chromium', headers, creds), chromium);
    assert.equal(kind('firefox', headers, creds), firefox);
  });
}

test('a tainted (null) origin is matched by ACAO null', () => {
  assert.equal(kind('chromium', [['Access-Control-Allow-Origin', 'null']], false, 'null'), 'ok');
  assert.equal(kind('firefox', [['Access-Control-Allow-Origin', 'null']], false, 'null'), 'ok');
});

const originArb = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
    fc.option(fc.integer({ min: 1, max: 65535 })),
  )
  .map(([s, h, p]) => `${s}://${h}.test${p === null ? '' : `:${p}`}`);
const browserArb = fc.constantFrom<BrowserName>('chromium', 'firefox');

test('property: echoing the origin with ACAC true always passes for credentials include', () => {
  fc.assert(
    fc.property(browserArb, originArb, (b, origin) => {
      const h: HeaderList = [
        ['Access-Control-Allow-Origin', origin],
        ['Access-Control-Allow-Credentials', 'true'],
      ];
      assert.equal(QUIRKS[b].corsCheck(res(h), origin, true), null);
    }),
  );
});

test('property: ACAO * never passes with credentials, whatever else is sent', () => {
  fc.assert(
    fc.property(browserArb, originArb, fc.constantFrom('true', 'True', ''), (b, origin, acac) => {
      const h: HeaderList = [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Credentials', acac],
      ];
      assert.notEqual(QUIRKS[b].corsCheck(res(h), origin, true), null);
    }),
  );
});

test('property: any other origin in ACAO fails', () => {
  fc.assert(
    fc.property(browserArb, originArb, originArb, (b, a, other) => {
      fc.pre(a !== other);
      assert.notEqual(QUIRKS[b].corsCheck(res([['Access-Control-Allow-Origin', other]]), a, false), null);
    }),
  );
});

test('Firefox calls Access-Control-Allow-Origin "multiple" only for exact-case HTTP/1.1 lines', async () => {
  const { firefoxSeesMultipleAllowOrigin } = await import('./cors-check.js');
  const { default: fc } = await import('fast-check');
  const spelling = fc.constantFrom(
    'Access-Control-Allow-Origin',
    'access-control-allow-origin',
    'ACCESS-CONTROL-ALLOW-ORIGIN',
    'Access-control-allow-origin',
  );
  fc.assert(
    fc.property(fc.array(spelling, { minLength: 1, maxLength: 4 }), fc.boolean(), (names, h2) => {
      const response = {
        status: 200,
        headers: names.map((n): [string, string] => [n, 'https://a.example']),
        ...(h2 ? { protocol: 'h2' as const } : {}),
      };
      const exact = names.filter((n) => n === 'Access-Control-Allow-Origin').length;
      assert.equal(firefoxSeesMultipleAllowOrigin(response), !h2 && exact > 1);
    }),
  );
});
