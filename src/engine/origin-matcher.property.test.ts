// The origin matcher (hash + label tree + request-origin parser) against a naive reference:
// a regular expression per pattern, tried one by one. Small label alphabets make overlapping
// patterns likely (the class of bug behind GHSA-vhxv-fg4m-p2w8 in jub0bs/cors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validatePolicy } from '../policy/validate.js';
import { createPolicy } from './create-policy.js';

const LABELS = ['a', 'b', 'ab', 'example', 'com', 'x-1', '0'];
const SCHEMES = ['http', 'https', 'wss'];

interface Pattern {
  scheme: string;
  sub: boolean;
  labels: string[];
  port: number | '*' | null;
}

const labelsArb = fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 });
const portArb = fc.oneof(fc.constant(null), fc.constant('*' as const), fc.constantFrom(8080, 8443, 3000));
const patternArb: fc.Arbitrary<Pattern> = fc.record({
  scheme: fc.constantFrom(...SCHEMES),
  sub: fc.boolean(),
  labels: labelsArb,
  port: portArb,
});

function source(p: Pattern): string {
  return `${p.scheme}://${p.sub ? '*.' : ''}${p.labels.join('.')}${p.port === null ? '' : `:${p.port}`}`;
}

/** Regex-per-pattern reference: deliberately the naive approach the engine avoids. */
function referenceMatch(patterns: readonly Pattern[], origin: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/((?:[a-z0-9_-]+\.)*[a-z0-9_-]+)(?::([1-9][0-9]{0,4}))?$/.exec(origin);
  if (!m || (m[3] !== undefined && Number(m[3]) > 65535)) return false;
  const [, scheme, host, port] = m;
  return patterns.some((p) => {
    if (p.scheme !== scheme) return false;
    const base = p.labels.join('.');
    const hostOk = p.sub ? host!.endsWith(`.${base}`) : host === base;
    const portOk = p.port === '*' || (p.port === null ? port === undefined : port === String(p.port));
    return hostOk && portOk;
  });
}

const originArb = fc
  .tuple(
    fc.constantFrom(...SCHEMES, 'ftp'),
    fc.array(fc.constantFrom(...LABELS, 'evil', ''), { minLength: 0, maxLength: 5 }),
    fc.oneof(
      fc.constant(''),
      fc.constantFrom(':8080', ':8443', ':3000', ':1', ':', ':080', ':65536', ':*', '.'),
    ),
  )
  .map(([s, labels, port]) => `${s}://${labels.join('.')}${port}`);

test('origin matcher agrees with a regex-per-pattern reference', () => {
  fc.assert(
    fc.property(
      fc.array(patternArb, { minLength: 1, maxLength: 8 }),
      fc.array(originArb, { minLength: 1, maxLength: 20 }),
      (patterns, origins) => {
        // Patterns validation rejects (public suffixes, default ports, numeric TLDs) are dropped.
        const accepted = patterns.filter((p) => validatePolicy({ origins: [source(p)] }).issues.length === 0);
        if (accepted.length === 0) return;
        const policy = createPolicy({ origins: accepted.map(source) });
        for (const origin of origins) {
          const d = policy.evaluate({
            method: 'GET',
            header: (n) => (n === 'origin' ? origin : undefined),
          });
          assert.equal(
            d.allowed,
            referenceMatch(accepted, origin),
            `${origin} vs ${accepted.map(source).join(' ')}`,
          );
        }
      },
    ),
    { numRuns: 20_000 },
  );
});

test('exact origins: only the listed string itself matches, among 10,000', () => {
  const listed = Array.from({ length: 10_000 }, (_, i) => `https://tenant${i}.example.com`);
  const policy = createPolicy({ origins: listed });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 20_000 }),
      fc.constantFrom('', '/', '.', ':8443', 'x'),
      (i, suffix) => {
        const origin = `https://tenant${i}.example.com${suffix}`;
        const d = policy.evaluate({
          method: 'GET',
          header: (n) => (n === 'origin' ? origin : undefined),
        });
        assert.equal(d.allowed, i < 10_000 && suffix === '');
      },
    ),
    { numRuns: 20_000 },
  );
});
