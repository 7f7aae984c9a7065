// Invariants over random (policy, request) pairs: 4 properties × 30,000 runs = 120,000 pairs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CorsDecision, CorsPolicy, CorsRequest, PolicyOptions } from '../policy/types.js';
import { createPolicy } from './create-policy.js';

const RUNS = 30_000;

const LISTED = [
  'https://app.example.com',
  'http://localhost:3000',
  'https://a.test:8443',
  'https://x.y.example.org',
];
const PATTERNS = [
  'https://*.example.com',
  'http://localhost:*',
  'https://*.api.example.net:*',
  'https://*.example.org:9000',
];
const METHODS = ['PUT', 'DELETE', 'PATCH', 'QUERY', 'purge'];
const HEADERS = ['x-token', 'content-type', 'authorization', 'x-a', 'x-b'];

const policyArb: fc.Arbitrary<PolicyOptions> = fc
  .record({
    wildcard: fc.boolean(),
    credentials: fc.boolean(),
    exact: fc.subarray(LISTED),
    patterns: fc.subarray(PATTERNS),
    allowNull: fc.boolean(),
    methods: fc.oneof(fc.constant('*' as const), fc.subarray(METHODS)),
    requestHeaders: fc.oneof(
      fc.constant('*' as const),
      fc.constant(['*', 'authorization']),
      fc.subarray(HEADERS),
    ),
    exposeHeaders: fc.oneof(fc.constant('*' as const), fc.subarray(['x-request-id', 'etag'])),
    maxAge: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: undefined }),
    privateNetwork: fc.boolean(),
    preflightStatus: fc.constantFrom(200 as const, 204 as const),
  })
  .map((r) => {
    const list = [...r.exact, ...r.patterns, ...(r.allowNull ? ['null'] : [])];
    // "null" with credentials is refused by validation (any sandboxed iframe sends Origin: null).
    const creds = r.credentials && !r.wildcard && list.length > 0 && !r.allowNull;
    const noStar = <T>(v: T): T | [] =>
      creds && (v === '*' || (Array.isArray(v) && v.includes('*'))) ? [] : v;
    return {
      origins: r.wildcard || list.length === 0 ? '*' : list,
      credentials: creds,
      methods: noStar(r.methods),
      requestHeaders: noStar(r.requestHeaders),
      exposeHeaders: noStar(r.exposeHeaders),
      maxAge: r.maxAge,
      privateNetwork: r.privateNetwork,
      preflightStatus: r.preflightStatus,
    } as PolicyOptions;
  });

/** Origins near the listed ones: the same, subdomains, ports, schemes, attacks, junk. */
const originArb: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  fc.constantFrom(...LISTED),
  fc.constantFrom(
    'https://api.example.com',
    'https://a.b.example.com',
    'https://example.com',
    'http://api.example.com',
    'https://api.example.com:444',
    'http://localhost',
    'http://localhost:1',
    'https://v1.api.example.net:8080',
    'https://api.example.net',
    'https://q.example.org:9000',
    'https://example.org:9000',
    'https://app.example.com.evil.net',
    'https://evilexample.com',
    'null',
    'NULL',
    'https://APP.example.com',
    'https://app.example.com/',
    'https://app.example.com\r\nSet-Cookie: x=1',
    'https://app.example.com\n',
    'https://\u00e4pp.example.com',
    'https://app.example.com, https://evil.example',
    '',
    'https://app.example.com:0',
    'https://app.example.com:99999',
    `https://${'a.'.repeat(200)}example.com`,
  ),
  fc.constant<string[]>(['https://app.example.com', 'https://evil.example']),
  fc.constant<string[]>(['https://app.example.com']),
  fc.constant(undefined),
  fc.string({ maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTP'),
      fc.array(fc.constantFrom('a', 'api', 'example', 'com', 'org', 'x-y', ''), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.option(fc.integer({ min: 0, max: 70000 })),
    )
    .map(([s, labels, port]) => `${s}://${labels.join('.')}${port === null ? '' : `:${port}`}`),
);

const methodArb = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', ...METHODS, 'OPTIONS', 'put'),
  fc.string({ maxLength: 8 }),
);
const headersArb = fc.oneof(
  fc.subarray(HEADERS).map((h) => h.join(',')),
  fc.subarray(HEADERS.map((h) => h.toUpperCase())).map((h) => h.join(' , ')),
  fc.constantFrom(
    'x-token\r\nx-evil: 1',
    'x-token,,,',
    '',
    ' , ',
    'x(y)',
    Array.from({ length: 300 }, (_, i) => `x-${i}`).join(','),
  ),
  fc.string({ maxLength: 30 }),
);

interface Req {
  method: string;
  origin: string | string[] | undefined;
  acrm: string | undefined;
  acrh: string | undefined;
  acrpn: string | undefined;
}

const reqArb: fc.Arbitrary<Req> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'OPTIONS', 'OPTIONS', 'DELETE'),
  origin: originArb,
  acrm: fc.option(methodArb, { nil: undefined }),
  acrh: fc.option(headersArb, { nil: undefined }),
  acrpn: fc.option(fc.constantFrom('true', 'false', 'TRUE'), { nil: undefined }),
});

function toRequest(r: Req): CorsRequest {
  const h: Record<string, string | string[] | undefined> = {
    origin: r.origin,
    'access-control-request-method': r.acrm,
    'access-control-request-headers': r.acrh,
    'access-control-request-private-network': r.acrpn,
  };
  return { method: r.method, header: (n) => h[n] };
}

function evaluate(policy: CorsPolicy, r: Req): CorsDecision {
  const d = policy.evaluate(toRequest(r));
  assert.ok(!(d instanceof Promise), 'no predicate: evaluate is synchronous');
  return d;
}

const header = (d: CorsDecision, name: string): string | undefined =>
  d.headers.find(([n]) => n === name)?.[1];
const varyHas = (d: CorsDecision, token: string): boolean => d.vary.split(', ').includes(token);
const serialize = (d: CorsDecision): string => JSON.stringify([d.headers, d.status]);

describe('engine invariants (fast-check)', () => {
  test('refused: no Access-Control-Allow-* at all; allowed ACAO is * or the exact Origin', () => {
    fc.assert(
      fc.property(policyArb, reqArb, (options, r) => {
        const d = evaluate(createPolicy(options), r);
        if (!d.allowed) assert.deepEqual(d.headers, []);
        const acao = header(d, 'Access-Control-Allow-Origin');
        if (acao !== undefined) {
          const single = Array.isArray(r.origin) && r.origin.length === 1 ? r.origin[0] : r.origin;
          assert.ok(acao === '*' || acao === single, `ACAO ${acao} for Origin ${r.origin}`);
          if (acao !== '*') assert.ok(d.allowed);
        }
        if (d.kind === 'preflight') assert.equal(d.status, d.allowed ? options.preflightStatus : 403);
        else assert.equal(d.status, undefined);
      }),
      { numRuns: RUNS },
    );
  });

  test('never * with credentials; never CR/LF or non-ASCII in any header or Vary', () => {
    fc.assert(
      fc.property(policyArb, reqArb, (options, r) => {
        const d = evaluate(createPolicy(options), r);
        if (header(d, 'Access-Control-Allow-Credentials') === 'true') {
          for (const [name, value] of d.headers)
            if (name !== 'Access-Control-Allow-Credentials') assert.notEqual(value, '*', name);
          assert.ok(!(header(d, 'Access-Control-Allow-Headers') ?? '').split(', ').includes('*'));
        }
        for (const [name, value] of [...d.headers, ['Vary', d.vary] as const]) {
          assert.match(name, /^[A-Za-z-]+$/);
          assert.match(value, /^[\x20-\x7e]*$/, `${name}: ${JSON.stringify(value)}`);
        }
        const acah = header(d, 'Access-Control-Allow-Headers');
        if (acah !== undefined && acah !== '*') {
          const requested = String(r.acrh)
            .toLowerCase()
            .split(',')
            .map((s) => s.trim());
          for (const name of acah.split(', '))
            assert.ok(requested.includes(name), `ACAH ${name} was requested`);
        }
        const acam = header(d, 'Access-Control-Allow-Methods');
        if (acam !== undefined) assert.equal(acam, r.acrm);
      }),
      { numRuns: RUNS },
    );
  });

  test('Vary: Origin whenever the output depends on the Origin', () => {
    fc.assert(
      fc.property(policyArb, reqArb, originArb, (options, r, otherOrigin) => {
        const policy = createPolicy(options);
        const a = evaluate(policy, r);
        const b = evaluate(policy, { ...r, origin: otherOrigin });
        if (serialize(a) !== serialize(b)) {
          assert.ok(varyHas(a, 'Origin'), `Vary of ${JSON.stringify(a)}`);
          assert.ok(varyHas(b, 'Origin'), `Vary of ${JSON.stringify(b)}`);
        }
        if (options.origins !== '*') assert.ok(varyHas(a, 'Origin'));
        if (r.method === 'OPTIONS')
          for (const t of [
            'Access-Control-Request-Method',
            'Access-Control-Request-Headers',
            'Access-Control-Request-Private-Network',
          ])
            assert.ok(varyHas(a, t), t);
      }),
      { numRuns: RUNS },
    );
  });

  test('preflight and actual request agree on the origin and credentials', () => {
    fc.assert(
      fc.property(policyArb, reqArb, (options, r) => {
        const policy = createPolicy(options);
        const pre = evaluate(policy, { ...r, method: 'OPTIONS', acrm: r.acrm ?? 'GET' });
        const method = pre.allowed ? (r.acrm ?? 'GET') : r.method === 'OPTIONS' ? 'GET' : r.method;
        const act = evaluate(policy, { ...r, method, acrm: undefined });
        if (r.origin === undefined || (Array.isArray(r.origin) && r.origin.length === 0)) return;
        assert.equal(pre.kind, 'preflight');
        const originRefusals = new Set(['origin-not-allowed', 'malformed-origin']);
        if (pre.allowed) {
          assert.ok(act.allowed, 'an allowed preflight is followed by an allowed request');
          assert.equal(
            header(act, 'Access-Control-Allow-Origin'),
            header(pre, 'Access-Control-Allow-Origin'),
          );
          assert.equal(
            header(act, 'Access-Control-Allow-Credentials'),
            header(pre, 'Access-Control-Allow-Credentials'),
          );
        }
        if (!act.allowed) {
          assert.ok(!pre.allowed);
          assert.equal(pre.reason, act.reason);
        }
        if (pre.reason !== undefined && originRefusals.has(pre.reason)) assert.equal(act.reason, pre.reason);
      }),
      { numRuns: RUNS },
    );
  });
});
