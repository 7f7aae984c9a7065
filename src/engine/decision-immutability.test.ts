// No caller action on one decision may change another (issue #21, the bug class of rs/cors #198 and
// jub0bs/cors's Test_mutation_by_wrapping_middleware). Decisions are cached and share their header
// tuples, so every object a decision exposes must be frozen, not only the decision itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createPolicy } from '../index.js';
import type { CorsDecision, CorsRequest, SyncPolicyOptions } from '../policy/types.js';

function req(method: string, headers: Record<string, string>): CorsRequest {
  return { method, header: (name) => headers[name] };
}

/** Every mutation a caller (a wrapping middleware, say) might try; frozen objects throw in strict mode. */
const MUTATIONS: ReadonlyArray<(d: CorsDecision) => void> = [
  (d) => (d.headers as [string, string][]).push(['X-Evil', '1']),
  (d) => (d.headers as [string, string][]).splice(0, d.headers.length),
  (d) => (d.headers as [string, string][]).reverse(),
  (d) => {
    if (d.headers[0]) (d.headers[0] as [string, string])[1] = 'https://evil.example';
  },
  (d) => {
    const last = d.headers[d.headers.length - 1];
    if (last) (last as [string, string])[0] = 'X-Evil';
  },
  (d) => ((d as { allowed: boolean }).allowed = !d.allowed),
  (d) => ((d as { vary: string }).vary = ''),
  (d) => ((d as { status: number | undefined }).status = 200),
];

function attempt(mutation: (d: CorsDecision) => void, d: CorsDecision): void {
  try {
    mutation(d);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
  }
}

function snapshot(d: CorsDecision): unknown {
  return JSON.parse(JSON.stringify({ ...d, headers: d.headers }));
}

describe('decisions are immutable', () => {
  test('reproduction from the issue: pushing onto a cached decision’s headers changes nothing later', () => {
    const policy = createPolicy({ origins: ['https://a.example'] });
    const request = req('GET', { origin: 'https://a.example' });
    const first = policy.evaluate(request);
    attempt((d) => (d.headers as [string, string][]).push(['X-Evil', '1']), first);
    const second = policy.evaluate(request);
    assert.deepEqual(second.headers, [['Access-Control-Allow-Origin', 'https://a.example']]);
    assert.ok(Object.isFrozen(second.headers));
  });

  test('a shared header tuple (credentials) cannot be rewritten through one decision', () => {
    const policy = createPolicy({ origins: ['https://a.example', 'https://*.b.example'], credentials: true });
    const first = policy.evaluate(req('GET', { origin: 'https://x.b.example' }));
    attempt((d) => ((d.headers[1] as [string, string])[1] = 'false'), first);
    const other = policy.evaluate(req('GET', { origin: 'https://a.example' }));
    assert.deepEqual(other.headers[1], ['Access-Control-Allow-Credentials', 'true']);
  });

  const options: fc.Arbitrary<SyncPolicyOptions> = fc.record({
    origins: fc.constantFrom<SyncPolicyOptions['origins']>(
      '*',
      ['https://a.example'],
      ['https://a.example', 'https://*.b.example', 'null'],
    ),
    credentials: fc.boolean(),
    methods: fc.constantFrom<readonly string[]>([], ['PUT']),
    requestHeaders: fc.constantFrom<readonly string[]>([], ['x-token', 'content-type']),
    exposeHeaders: fc.constantFrom<readonly string[]>([], ['etag']),
    maxAge: fc.constantFrom(undefined, 600),
  });
  const request = fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'OPTIONS'),
      origin: fc.option(
        fc.constantFrom('https://a.example', 'https://x.b.example', 'null', 'https://evil.example'),
        {
          nil: undefined,
        },
      ),
      acrm: fc.option(fc.constantFrom('PUT', 'GET', 'DELETE'), { nil: undefined }),
      acrh: fc.option(fc.constantFrom('x-token', 'x-token,content-type', 'x-other'), { nil: undefined }),
    })
    .map(({ method, origin, acrm, acrh }) => {
      const h: Record<string, string> = {};
      if (origin !== undefined) h.origin = origin;
      if (acrm !== undefined) h['access-control-request-method'] = acrm;
      if (acrh !== undefined) h['access-control-request-headers'] = acrh;
      return req(method, h);
    });

  test('property: after any mutation of any decisions, every later decision equals a fresh policy’s', () => {
    fc.assert(
      fc.property(
        options,
        fc.array(fc.tuple(request, fc.nat(MUTATIONS.length - 1)), { minLength: 1, maxLength: 6 }),
        request,
        (opts, mutated, probe) => {
          const credentialsValid = Array.isArray(opts.origins) && !opts.origins.includes('null');
          const o = opts.credentials && !credentialsValid ? { ...opts, credentials: false } : opts;
          const policy = createPolicy(o);
          for (const [r, m] of mutated) attempt(MUTATIONS[m]!, policy.evaluate(r));
          for (const [r] of [...mutated, [probe] as const])
            assert.deepEqual(snapshot(policy.evaluate(r)), snapshot(createPolicy(o).evaluate(r)));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
