import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mergeVary } from './vary.js';

test('mergeVary: table', () => {
  const cases: Array<[string | null | undefined, string, string]> = [
    [undefined, 'Origin', 'Origin'],
    [null, 'Origin', 'Origin'],
    ['', 'Origin', 'Origin'],
    ['Accept-Encoding', 'Origin', 'Accept-Encoding, Origin'],
    ['accept-encoding, origin', 'Origin', 'accept-encoding, origin'],
    ['ORIGIN', 'Origin, Access-Control-Request-Method', 'ORIGIN, Access-Control-Request-Method'],
    ['*', 'Origin', '*'],
    ['Accept, *', 'Origin', 'Accept, *'],
    ['Accept', '', 'Accept'],
    [undefined, '', ''],
    ['  Accept ,,  ', 'Origin', 'Accept ,,, Origin'],
  ];
  for (const [existing, add, want] of cases)
    assert.equal(mergeVary(existing, add), want, `${existing} + ${add}`);
});

const token = fc.constantFrom(
  'Origin',
  'origin',
  'Accept',
  'Accept-Encoding',
  'Cookie',
  'Access-Control-Request-Method',
  '*',
);
const list = fc.array(token, { maxLength: 5 }).map((a) => a.join(', '));

test('mergeVary: never duplicates, keeps everything, * absorbs', () => {
  fc.assert(
    fc.property(list, list, (existing, add) => {
      const out = mergeVary(existing, add);
      const tokens = out
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      const before = existing
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      if (before.includes('*')) return out === existing.trim();
      const added = add
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      if (added.includes('*')) return tokens.includes('*');
      for (const t of [...before, ...added]) if (!tokens.includes(t)) return false;
      // Nothing new is duplicated (the existing value is kept verbatim, even its own duplicates).
      return tokens.length === before.length + new Set(added.filter((t) => !before.includes(t))).size;
    }),
    { numRuns: 5000 },
  );
});
