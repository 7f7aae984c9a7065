import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ATTACKER_DOMAIN, generateProbes, trustedOriginParts } from './probes.js';
import { atLeast, SEVERITY_ORDER, severityOf, worstOf } from './severity.js';
import type { FindingClass } from './types.js';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const trustedOrigin = fc
  .record({
    scheme: fc.constantFrom('https', 'http'),
    labels: fc.array(label, { minLength: 2, maxLength: 4 }),
    port: fc.option(fc.integer({ min: 1025, max: 65535 }), { nil: undefined }),
  })
  .map(({ scheme, labels, port }) => `${scheme}://${labels.join('.')}${port ? `:${port}` : ''}`)
  // The scanner is only ever given a serialized origin (the CLI checks it): labels such as
  // `xn--0` are not valid IDNA and would make an invalid input, not an invalid probe.
  .filter((origin) => {
    try {
      return new URL(origin).origin === origin;
    } catch {
      return false;
    }
  });

test('probes: distinct, never the trusted origin, every class the trusted origin allows', () => {
  fc.assert(
    fc.property(trustedOrigin, (origin) => {
      const probes = generateProbes(origin);
      const origins = probes.map((p) => p.origin);
      assert.equal(new Set(origins).size, origins.length);
      assert.ok(!origins.includes(origin));
      const classes = new Set(probes.map((p) => p.class));
      const expected: FindingClass[] = [
        'reflect-any-origin',
        'null-origin',
        'prefix-match',
        'suffix-match',
        'substring-match',
        'unescaped-dot',
        'any-subdomain',
        'special-character-bypass',
        'third-party-origin',
      ];
      for (const c of expected) assert.ok(classes.has(c), `${c} for ${origin}`);
      assert.equal(classes.has('http-origin-trusted'), origin.startsWith('https:'));
    }),
    { numRuns: 500 },
  );
});

test('a probe marked sendable by both browsers is a serialized origin (WHATWG URL round-trip)', () => {
  fc.assert(
    fc.property(trustedOrigin, (origin) => {
      for (const probe of generateProbes(origin)) {
        if (probe.origin === 'null' || !probe.sendableBy.chromium || !probe.sendableBy.firefox) continue;
        assert.equal(new URL(probe.origin).origin, probe.origin, probe.origin);
      }
    }),
    { numRuns: 300 },
  );
});

test('no probe contains the trusted host except as the pattern under test', () => {
  fc.assert(
    fc.property(trustedOrigin, (origin) => {
      const { host } = trustedOriginParts(origin);
      for (const probe of generateProbes(origin)) {
        if (probe.class === 'reflect-any-origin') assert.ok(!probe.origin.includes(host));
        if (probe.class === 'prefix-match')
          assert.ok(
            probe.origin.endsWith(`.${ATTACKER_DOMAIN}`) || probe.origin.includes(`.${ATTACKER_DOMAIN}:`),
          );
      }
    }),
  );
});

test('credentials never lower a severity; an Origin no browser sends is info only', () => {
  const classes: FindingClass[] = [
    'reflect-any-origin',
    'any-subdomain',
    'missing-vary-origin',
    'wildcard-with-credentials',
  ];
  fc.assert(
    fc.property(fc.constantFrom(...classes), fc.boolean(), fc.boolean(), (cls, chromium, firefox) => {
      const sendable = { chromium, firefox };
      const without = severityOf(cls, false, sendable);
      const withCreds = severityOf(cls, true, sendable);
      assert.ok(atLeast(withCreds, without));
      if (!chromium && !firefox) assert.equal(withCreds, 'info');
    }),
  );
  assert.equal(severityOf('reflect-any-origin', true, { chromium: true, firefox: true }), 'high');
  assert.equal(worstOf([]), null);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...SEVERITY_ORDER), { minLength: 1 }), (list) => {
      const worst = worstOf(list)!;
      for (const s of list) assert.ok(atLeast(worst, s));
    }),
  );
});
