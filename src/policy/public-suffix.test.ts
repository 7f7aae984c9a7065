// The public-suffix lookup parses one TLD's line of the list at a time. It must answer exactly as
// the whole list parsed at once (the PSL algorithm over every rule) for any host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addLine, isPublicSuffix, type SuffixSets } from './public-suffix.js';
import { PUBLIC_SUFFIX_DATA } from './public-suffix-data.js';

const whole: SuffixSets = { rules: new Set(), wildcards: new Set(), exceptions: new Set() };
for (const line of PUBLIC_SUFFIX_DATA.split('\n')) addLine(line, whole);

/** The PSL test over the whole list: the reference. */
function reference(host: string): boolean {
  if (whole.exceptions.has(host)) return false;
  if (!host.includes('.')) return true;
  if (whole.rules.has(host)) return true;
  return whole.wildcards.has(host.slice(host.indexOf('.') + 1));
}

const names = [...whole.rules, ...whole.wildcards, ...whole.exceptions];

test('every name of the list, its parent and a name under it: the same answer as the whole list', () => {
  assert.ok(names.length > 9000, `${names.length} names`);
  for (const name of names) {
    const parent = name.slice(name.indexOf('.') + 1);
    for (const host of [name, parent, `x.${name}`, `a.b.${name}`, `${name}.`, `${name}.zz-not-a-tld`])
      assert.equal(isPublicSuffix(host), reference(host), host);
  }
});

test('property: any host made of list labels and others gets the same answer as the whole list', () => {
  const labels = [...new Set(names.flatMap((n) => n.split('.')))];
  const label = fc.oneof(
    fc.constantFrom(...labels),
    fc.stringMatching(/^[a-z0-9-]{0,6}$/),
    fc.constantFrom('*', '!', ':'),
  );
  fc.assert(
    fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (parts) => {
      const host = parts.join('.');
      assert.equal(isPublicSuffix(host), reference(host), host);
    }),
    { numRuns: 3000 },
  );
});
