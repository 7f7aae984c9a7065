// Generator unit tests: the origin regex agrees with the engine for all origins (property),
// hostile values never reach the config (the generator's own guard, tested without the engine's
// validation in front of it), and what a server cannot express is refused with a clear message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { createPolicy } from '../../src/engine/create-policy.js';
import { planCors } from '../../src/generate/cors-plan.js';
import { GenerateError, generateConfig, SERVER_KINDS } from '../../src/generate/index.js';
import { pcreOriginRegex, re2OriginRegex } from '../../src/generate/origin-regex.js';
import type { CompiledPolicyConfig, CorsPolicy, SyncCorsPolicy } from '../../src/policy/types.js';

const ENTRIES = [
  'https://app.example.com',
  'https://*.example.com',
  'http://localhost:*',
  'https://*.a.test:8443',
  'http://[::1]:3000',
  'null',
  'https://x_y.example.org',
];
const PIECES = [
  'https://',
  'http://',
  'app',
  'a',
  'x_y',
  '.',
  'example',
  'com',
  'test',
  'localhost',
  ':',
  '8443',
  '3000',
  '443',
  '65536',
  '0',
  '[::1]',
  'null',
  '-',
  'A',
  '/',
  ' ',
  ',',
  'org',
  'é',
];

const originArb = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((p) => p.join('')),
  fc.constantFrom(...ENTRIES).map((e) => e.replace('*', 'sub').replace(':*', ':8080')),
);
const policyArb = fc.uniqueArray(fc.constantFrom(...ENTRIES), { minLength: 1, maxLength: 4 });

function engineAllows(policy: SyncCorsPolicy, origin: string): boolean {
  const d = policy.evaluate({
    method: 'GET',
    header: (n) => (n === 'origin' ? origin : null),
  });
  return d.allowed;
}

test('the generated origin regex accepts exactly the origins the engine allows (PCRE and RE2 forms)', () => {
  fc.assert(
    fc.property(policyArb, originArb, (origins, origin) => {
      const policy = createPolicy({ origins });
      const pcre = new RegExp(pcreOriginRegex(policy.config.origins));
      const re2 = re2OriginRegex(policy.config.origins);
      const re2Accepts =
        new RegExp(re2.regex).test(origin) && !(re2.tooLong && new RegExp(re2.tooLong).test(origin));
      const allowed = engineAllows(policy, origin);
      assert.equal(pcre.test(origin), allowed, `${pcre} vs engine for ${JSON.stringify(origin)}`);
      assert.equal(re2Accepts, allowed, `${re2.regex} vs engine for ${JSON.stringify(origin)}`);
    }),
    { numRuns: 3000 },
  );
});

test('the over-long and multi-label cases of the origin regex', () => {
  const policy = createPolicy({ origins: ['https://*.example.com'] });
  const re = new RegExp(pcreOriginRegex(policy.config.origins));
  assert.ok(re.test('https://a.b.example.com'));
  assert.ok(!re.test('https://example.com'));
  assert.ok(!re.test('https://evilexample.com'));
  assert.ok(!re.test('https://a.example.com.evil.net'));
  assert.ok(!re.test(`https://${'a'.repeat(400)}.example.com`));
});

const HOSTILE = ['x"y', "x'y", 'x;y', 'x{y', 'x}y', 'x$y', 'x\\y', 'x\ny', 'x y', 'x#y', 'x%y', 'x`y'];

function forged(over: Partial<CompiledPolicyConfig>): CorsPolicy {
  const config: CompiledPolicyConfig = {
    origins: { exact: ['https://app.example.com'], patterns: [], allowNull: false, custom: false },
    credentials: false,
    methods: [],
    requestHeaders: [],
    exposeHeaders: [],
    maxAge: undefined,
    privateNetwork: false,
    preflightStatus: 204,
    ...over,
  };
  return {
    config,
    warnings: [],
    isAsync: false,
    evaluate: () => {
      throw new Error('not used');
    },
  };
}

test('the generator refuses hostile values by itself, whatever the engine validated', () => {
  for (const bad of HOSTILE) {
    const cases: CorsPolicy[] = [
      forged({ methods: [`PUT${bad}`] }),
      forged({ requestHeaders: [`x-a${bad}`] }),
      forged({ exposeHeaders: [`x-a${bad}`] }),
      forged({
        origins: { exact: [`https://a${bad}.example`], patterns: [], allowNull: false, custom: false },
      }),
      forged({
        origins: {
          exact: [],
          patterns: [
            { source: 'x', scheme: 'https', host: `ex${bad}ample.com`, subdomains: true, port: null },
          ],
          allowNull: false,
          custom: false,
        },
      }),
      forged({ maxAge: Number.NaN }),
    ];
    for (const policy of cases)
      assert.throws(() => planCors(policy), GenerateError, `accepted ${JSON.stringify(bad)}`);
  }
});

test('hostile --upstream and --location values are refused for every server', () => {
  const policy = { origins: ['https://app.example.com'] };
  for (const server of SERVER_KINDS) {
    for (const bad of HOSTILE) {
      assert.throws(() => generateConfig(server, policy, { location: `/api${bad}/` }), GenerateError);
      assert.throws(
        () => generateConfig(server, policy, { upstream: `http://127.0.0.1:3000/a${bad}` }),
        GenerateError,
      );
    }
    assert.throws(
      () => generateConfig(server, policy, { upstream: 'file:///etc/passwd' }),
      /http:\/\/ or https:\/\//,
    );
    assert.throws(() => generateConfig(server, policy, { location: '/api' }), /must end with "\/"/);
  }
});

test('origins given as a RegExp or a function are refused with an explanation', () => {
  for (const server of SERVER_KINDS) {
    assert.throws(
      () => generateConfig(server, { origins: [/^https:\/\/a\.example$/] }),
      /only code can evaluate/,
    );
    assert.throws(() => generateConfig(server, { origins: () => true }), /only code can evaluate/);
  }
});

test('Apache refuses preflightStatus 200 instead of answering differently', () => {
  assert.throws(
    () => generateConfig('apache', { origins: ['https://a.example'], preflightStatus: 200 }),
    /preflightStatus 200/,
  );
  assert.ok(
    generateConfig('nginx', { origins: ['https://a.example'], preflightStatus: 200 }).text.includes(
      'return 200',
    ),
  );
});

const validPolicyArb = fc.record({
  origins: fc.oneof(fc.constant('*' as const), policyArb),
  methods: fc.oneof(
    fc.constant('*' as const),
    fc.uniqueArray(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'X-Custom'), { maxLength: 3 }),
  ),
  requestHeaders: fc.oneof(
    fc.constant('*' as const),
    fc.uniqueArray(fc.constantFrom('x-a', 'content-type', 'authorization'), { maxLength: 3 }),
  ),
  exposeHeaders: fc.uniqueArray(fc.constantFrom('x-request-id', 'etag'), { maxLength: 2 }),
  maxAge: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  privateNetwork: fc.boolean(),
});

test('every valid policy yields a config for every server, with balanced braces and the upstream CORS headers hidden', () => {
  fc.assert(
    fc.property(
      validPolicyArb,
      fc.constantFrom(...SERVER_KINDS),
      fc.boolean(),
      (options, server, proxied) => {
        const out = generateConfig(
          server,
          options,
          proxied ? { upstream: 'http://127.0.0.1:3000', location: '/api/' } : {},
        );
        const code = out.text
          .split('\n')
          .filter((l) => !l.trim().startsWith('#'))
          .join('\n');
        // Placeholders ({x}, ${1}) and regex quantifiers ({1,326}) aside, every block closes.
        const blocks = code.replace(/\$?\{[\w.,-]+\}/g, '');
        assert.equal(count(blocks, '{'), count(blocks, '}'));
        assert.match(
          out.text,
          server === 'nginx'
            ? /proxy_hide_header Access-Control-Allow-Origin;/
            : server === 'apache'
              ? /Header unset Access-Control-Allow-Origin/
              : server === 'haproxy'
                ? /http-after-response del-header Access-Control-Allow-Origin/
                : /header_down -Access-Control-Allow-Origin/,
        );
      },
    ),
    { numRuns: 200 },
  );
});

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

test('corskit config prints a config, exits 1 on a policy the server cannot express and 2 on usage errors', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'corskit-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const good = join(dir, 'cors.json');
  writeFileSync(good, JSON.stringify({ origins: ['https://app.example.com'], methods: ['PUT'] }));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'origins: ["https://app.example.com"]\npreflightStatus: 200\n');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'config', ...args], {
      encoding: 'utf8',
    });
  const ok = run('nginx', '--policy', good, '--upstream', 'http://127.0.0.1:3000', '--location', '/api/');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /map \$http_origin \$corskit_origin_ok/);
  assert.match(ok.stdout, /location \/api\/ \{/);
  const refused = run('apache', '--policy', bad);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /preflightStatus 200/);
  const haproxy = run('haproxy', '--policy', good, '--upstream', 'http://127.0.0.1:3000');
  assert.equal(haproxy.status, 0, haproxy.stderr);
  assert.match(haproxy.stdout, /^frontend corskit$/m);
  const haproxyPath = run('haproxy', '--policy', good, '--upstream', 'http://127.0.0.1:3000/app');
  assert.equal(haproxyPath.status, 1);
  assert.match(haproxyPath.stderr, /^corskit config: HAProxy forwards the request path unchanged/);
  assert.equal(run('iis', '--policy', good).status, 2);
  assert.equal(run('caddy', '--policy', join(dir, 'missing.json')).status, 2);
});

test('HAProxy refuses an upstream with a path (it forwards the path unchanged) and checks as valid config', () => {
  const policy = { origins: ['https://app.example.com'], credentials: true, methods: ['PUT'] };
  assert.throws(
    () => generateConfig('haproxy', policy, { upstream: 'http://127.0.0.1:3000/app' }),
    /HAProxy forwards the request path unchanged/,
  );
  const out = generateConfig('haproxy', policy, { location: '/api/' });
  assert.match(out.text, /acl corskit_in_scope path_beg '\/api\/'/);
  assert.match(out.text, /http-request return status 204 if \{ var\(txn\.corskit\) -m str preflight-ok \}/);
  assert.doesNotMatch(out.text, /req\.hdr\(/, 'req.hdr splits on commas');
});
