// Invariants of verify that hold for every policy: a server answering exactly as the engine
// conforms; a server that reflects every Origin with credentials is reported as a leak for
// exactly the origins the policy refuses; every edge origin of an exact origin is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Transport, WireResponse } from '../browser/types.js';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsPolicy, PolicyOptions } from '../policy/types.js';
import { linesOf } from './compare-response.js';
import { corsRequestOf, policyResponse } from './live-exchange.js';
import { probeOrigins } from './probe-origins.js';
import { verifyServer } from './verify-server.js';

const hostArb = fc.constantFrom('app.example.com', 'example.org', 'localhost', 'api.test');
const originArb = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: hostArb,
    port: fc.option(fc.integer({ min: 1000, max: 9000 }), { nil: undefined }),
    wildcard: fc.constantFrom('none', 'subdomains', 'port'),
  })
  .map(({ scheme, host, port, wildcard }) =>
    wildcard === 'subdomains'
      ? `${scheme}://*.${host}`
      : wildcard === 'port'
        ? `${scheme}://${host}:*`
        : `${scheme}://${host}${port ? `:${port}` : ''}`,
  );

const policyArb: fc.Arbitrary<PolicyOptions> = fc.record({
  origins: fc.oneof(
    fc.constant('*' as const),
    fc.uniqueArray(fc.oneof(originArb, fc.constant('null')), { minLength: 1, maxLength: 3 }),
  ),
  credentials: fc.boolean(),
  methods: fc.oneof(
    fc.constant('*' as const),
    fc.uniqueArray(fc.constantFrom('PUT', 'DELETE', 'PATCH'), { maxLength: 2 }),
  ),
  requestHeaders: fc.oneof(
    fc.constant('*' as const),
    fc.uniqueArray(fc.constantFrom('x-a', 'content-type', 'authorization'), { maxLength: 2 }),
  ),
  maxAge: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
});

/** A policy that cannot be compiled (e.g. `*` with credentials) is not a case for these properties. */
function compile(options: PolicyOptions): CorsPolicy | undefined {
  try {
    return createPolicy(options);
  } catch {
    return undefined;
  }
}

const APP: WireResponse = { status: 200, headers: [['Content-Type', 'text/plain']] };
const URL_ = 'http://server.test/items';

/** A server that follows the policy: the engine's answer on top of a plain 200. */
function conformingServer(policy: CorsPolicy): Transport {
  return async (request) => policyResponse(await policy.evaluate(corsRequestOf(request)), APP);
}

/** The classic mistake: reflect whatever Origin arrives, with credentials, and grant every preflight. */
const reflectingServer: Transport = (request) => {
  const origin = linesOf(request.headers, 'origin')[0];
  if (origin === undefined) return APP;
  const headers: Array<[string, string]> = [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Vary', 'Origin'],
  ];
  const method = linesOf(request.headers, 'access-control-request-method')[0];
  if (request.method === 'OPTIONS' && method) {
    headers.push(['Access-Control-Allow-Methods', method]);
    const names = linesOf(request.headers, 'access-control-request-headers')[0];
    if (names) headers.push(['Access-Control-Allow-Headers', names]);
    return { status: 204, headers };
  }
  return { status: 200, headers: [...APP.headers, ...headers] };
};

test('a server answering as the engine conforms, for every policy', async () => {
  await fc.assert(
    fc.asyncProperty(policyArb, async (options) => {
      const policy = compile(options);
      if (!policy) return;
      const report = await verifyServer(URL_, policy, {
        transport: conformingServer(policy),
        exactStatus: true,
      });
      assert.deepEqual(report.deviations, [], JSON.stringify(options));
      assert.ok(report.fetches > 0 && report.requests > report.fetches);
    }),
    { numRuns: 40 },
  );
});

test('a reflecting server leaks to exactly the refused probe origins', async () => {
  await fc.assert(
    fc.asyncProperty(policyArb, async (options) => {
      const policy = compile(options);
      if (!policy) return;
      const report = await verifyServer(URL_, policy, { transport: reflectingServer });
      const refused = new Set<string>();
      for (const o of probeOrigins(policy.config.origins)) {
        const d = await policy.evaluate({ method: 'GET', header: (n) => (n === 'origin' ? o.origin : null) });
        if (!d.allowed) refused.add(o.origin);
      }
      const leaked = (credentials: boolean): string[] =>
        [
          ...new Set(
            report.deviations
              .filter((d) => d.kind === 'leak' && d.fetch?.method === 'GET' && d.fetch.headers.length === 0)
              .filter((d) => d.fetch!.credentials === credentials)
              .map((d) => d.fetch!.origin),
          ),
        ].sort();
      assert.deepEqual(leaked(false), [...refused].sort(), JSON.stringify(options));
      // With credentials, the reflected ACAC leaks to every origin unless the policy grants credentials.
      const all = probeOrigins(policy.config.origins).map((o) => o.origin);
      const expectedCredentialed = policy.config.credentials ? [...refused] : all;
      assert.deepEqual(leaked(true), expectedCredentialed.sort(), `credentialed ${JSON.stringify(options)}`);
      for (const d of report.deviations.filter((x) => x.kind === 'leak'))
        assert.equal(d.fetch?.policyAllows, false);
    }),
    { numRuns: 40 },
  );
});

test('every edge of an exact origin is refused by a policy listing only that origin', async () => {
  await fc.assert(
    fc.asyncProperty(
      originArb.filter((o) => !o.includes('*')),
      async (origin) => {
        const policy = createPolicy({ origins: [origin] });
        const probes = probeOrigins(policy.config.origins);
        assert.ok(probes.length >= 7, `${probes.length} probes for ${origin}`);
        for (const p of probes) {
          const d = await policy.evaluate({
            method: 'GET',
            header: (n) => (n === 'origin' ? p.origin : null),
          });
          assert.equal(d.allowed, p.origin === origin, `${p.origin} (${p.why})`);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('every edge of a pattern is refused, its sample granted', async () => {
  await fc.assert(
    fc.asyncProperty(
      originArb.filter((o) => o.includes('*')),
      async (pattern) => {
        const policy = createPolicy({ origins: [pattern] });
        const [sample, ...rest] = probeOrigins(policy.config.origins);
        const grant = async (origin: string): Promise<boolean> =>
          (await policy.evaluate({ method: 'GET', header: (n) => (n === 'origin' ? origin : null) })).allowed;
        assert.equal(await grant(sample!.origin), true, `${sample!.origin} (${sample!.why})`);
        assert.ok(rest.length >= 5, `${rest.length} edges for ${pattern}`);
        for (const p of rest) assert.equal(await grant(p.origin), false, `${p.origin} (${p.why})`);
      },
    ),
    { numRuns: 60 },
  );
});
