// Every validation rule: a table of bad policies and the issue each must produce.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPolicy } from '../engine/create-policy.js';
import { POLICY_ISSUE_CODES, type PolicyIssueCode } from './issue-codes.js';
import { CorsPolicyError } from './policy-error.js';
import type { PolicyOptions } from './types.js';
import { validatePolicy } from './validate.js';

interface Rule {
  name: string;
  options: unknown;
  path: string;
  /** The stable code (never the English wording, which may change or be translated). */
  code: PolicyIssueCode;
  severity?: 'error' | 'warning';
}

const A = 'https://app.example.com';
const origin = (o: unknown, extra: object = {}): unknown => ({ origins: [o], ...extra });

const rules: Rule[] = [
  { name: 'not an object', options: 'https://a.example', path: '', code: 'policy-not-object' },
  { name: 'null policy', options: null, path: '', code: 'policy-not-object' },
  { name: 'unknown key', options: { origins: [A], orgins: [A] }, path: 'orgins', code: 'unknown-option' },
  { name: 'origins missing', options: {}, path: 'origins', code: 'origins-required' },
  { name: 'origins empty', options: { origins: [] }, path: 'origins', code: 'origins-empty' },
  {
    name: 'origins a bare string',
    options: { origins: A },
    path: 'origins',
    code: 'origins-not-a-list',
  },
  { name: 'origins a number', options: { origins: 3 }, path: 'origins', code: 'origins-not-a-list' },
  {
    name: '* with credentials',
    options: { origins: '*', credentials: true },
    path: 'origins',
    code: 'wildcard-with-credentials',
  },
  { name: '* inside a list', options: origin('*'), path: 'origins[0]', code: 'origin-wildcard-in-list' },
  { name: 'non-string origin', options: origin(42), path: 'origins[0]', code: 'origin-not-a-string' },
  { name: 'path', options: origin(`${A}/api`), path: 'origins[0]', code: 'origin-path' },
  { name: 'trailing slash', options: origin(`${A}/`), path: 'origins[0]', code: 'origin-trailing-slash' },
  { name: 'query', options: origin(`${A}?x=1`), path: 'origins[0]', code: 'origin-query' },
  { name: 'fragment', options: origin(`${A}#x`), path: 'origins[0]', code: 'origin-fragment' },
  {
    name: 'userinfo',
    options: origin('https://user:pw@app.example.com'),
    path: 'origins[0]',
    code: 'origin-userinfo',
  },
  {
    name: 'upper-case scheme',
    options: origin('HTTPS://app.example.com'),
    path: 'origins[0]',
    code: 'origin-scheme-case',
  },
  {
    name: 'upper-case host',
    options: origin('https://App.Example.com'),
    path: 'origins[0]',
    code: 'origin-host-case',
  },
  {
    name: 'default https port',
    options: origin('https://app.example.com:443'),
    path: 'origins[0]',
    code: 'origin-default-port',
  },
  {
    name: 'default http port',
    options: origin('http://localhost:80'),
    path: 'origins[0]',
    code: 'origin-default-port',
  },
  {
    name: 'bad port',
    options: origin('https://app.example.com:99999'),
    path: 'origins[0]',
    code: 'origin-invalid-port',
  },
  {
    name: 'leading-zero port',
    options: origin('https://app.example.com:0443'),
    path: 'origins[0]',
    code: 'origin-invalid-port',
  },
  {
    name: 'bad punycode',
    options: origin('https://xn--abc.example.com'),
    path: 'origins[0]',
    code: 'origin-invalid-host',
  },
  {
    name: 'non-ASCII host',
    options: origin('https://münchen.de'),
    path: 'origins[0]',
    code: 'origin-non-ascii',
  },
  {
    name: 'whitespace',
    options: origin(' https://app.example.com'),
    path: 'origins[0]',
    code: 'origin-whitespace',
  },
  {
    name: 'inner whitespace',
    options: origin('https://app .example.com'),
    path: 'origins[0]',
    code: 'origin-whitespace',
  },
  {
    name: 'no scheme',
    options: origin('app.example.com'),
    path: 'origins[0]',
    code: 'origin-missing-scheme',
  },
  { name: 'empty host', options: origin('https://'), path: 'origins[0]', code: 'origin-empty-host' },
  {
    name: 'empty label',
    options: origin('https://app..example.com'),
    path: 'origins[0]',
    code: 'origin-empty-label',
  },
  {
    name: 'bad host char',
    options: origin('https://app!.example.com'),
    path: 'origins[0]',
    code: 'origin-invalid-host',
  },
  {
    name: 'non-canonical IPv4',
    options: origin('http://0x7f.0.0.1:8080'),
    path: 'origins[0]',
    code: 'origin-non-canonical-host',
  },
  {
    name: 'non-canonical IPv6',
    options: origin('http://[0:0::1]:8080'),
    path: 'origins[0]',
    code: 'origin-non-canonical-host',
  },
  {
    name: 'too long',
    options: origin(`https://${'a'.repeat(330)}.com`),
    path: 'origins[0]',
    code: 'origin-too-long',
  },
  { name: 'https://*', options: origin('https://*'), path: 'origins[0]', code: 'origin-matches-every-host' },
  {
    name: 'https://*.com',
    options: origin('https://*.com'),
    path: 'origins[0]',
    code: 'origin-public-suffix-wildcard',
  },
  {
    name: 'https://*.co.uk',
    options: origin('https://*.co.uk'),
    path: 'origins[0]',
    code: 'origin-public-suffix-wildcard',
  },
  {
    name: 'https://*.github.io',
    options: origin('https://*.github.io'),
    path: 'origins[0]',
    code: 'origin-public-suffix-wildcard',
  },
  {
    name: 'wildcard PSL rule (*.ck)',
    options: origin('https://*.foo.ck'),
    path: 'origins[0]',
    code: 'origin-public-suffix-wildcard',
  },
  {
    name: 'star in the middle',
    options: origin('https://app.*.example.com'),
    path: 'origins[0]',
    code: 'origin-misplaced-wildcard',
  },
  {
    name: 'partial-label star',
    options: origin('https://app-*.example.com'),
    path: 'origins[0]',
    code: 'origin-misplaced-wildcard',
  },
  {
    name: '*. in front of an IP',
    options: origin('http://*.127.0.0.1'),
    path: 'origins[0]',
    code: 'origin-wildcard-ip',
  },
  {
    name: 'http with credentials',
    options: origin('http://app.example.com', { credentials: true }),
    path: 'origins[0]',
    code: 'insecure-origin-with-credentials',
  },
  {
    name: 'http pattern with credentials',
    options: origin('http://*.example.com', { credentials: true }),
    path: 'origins[0]',
    code: 'insecure-origin-with-credentials',
  },
  {
    name: 'unanchored RegExp',
    options: origin(/example\.com$/),
    path: 'origins[0]',
    code: 'regexp-not-anchored',
  },
  {
    name: 'half-anchored RegExp',
    options: origin(/^https:\/\/example\.com/),
    path: 'origins[0]',
    code: 'regexp-not-anchored',
  },
  {
    name: 'RegExp with top-level |',
    options: origin(/^https:\/\/a\.example|https:\/\/b\.example$/),
    path: 'origins[0]',
    code: 'regexp-top-level-alternation',
  },
  {
    name: 'RegExp with g flag',
    options: origin(/^https:\/\/a\.example$/g),
    path: 'origins[0]',
    code: 'regexp-stateful-flag',
  },
  {
    name: 'credentials not boolean',
    options: { origins: [A], credentials: 'true' },
    path: 'credentials',
    code: 'invalid-boolean',
  },
  {
    name: 'privateNetwork not boolean',
    options: { origins: [A], privateNetwork: 1 },
    path: 'privateNetwork',
    code: 'invalid-boolean',
  },
  {
    name: 'methods not a list',
    options: { origins: [A], methods: 'PUT' },
    path: 'methods',
    code: 'not-a-list',
  },
  {
    name: 'methods * with credentials',
    options: { origins: [A], credentials: true, methods: '*' },
    path: 'methods',
    code: 'wildcard-with-credentials',
  },
  {
    name: 'invalid method token',
    options: { origins: [A], methods: ['PUT DELETE'] },
    path: 'methods[0]',
    code: 'method-invalid',
  },
  {
    name: 'comma in method',
    options: { origins: [A], methods: ['PUT,DELETE'] },
    path: 'methods[0]',
    code: 'method-invalid',
  },
  {
    name: 'CONNECT',
    options: { origins: [A], methods: ['CONNECT'] },
    path: 'methods[0]',
    code: 'method-forbidden',
  },
  {
    name: 'trace (any case)',
    options: { origins: [A], methods: ['trace'] },
    path: 'methods[0]',
    code: 'method-forbidden',
  },
  {
    name: 'TRACK',
    options: { origins: [A], methods: ['TRACK'] },
    path: 'methods[0]',
    code: 'method-forbidden',
  },
  {
    name: 'non-string method',
    options: { origins: [A], methods: [1] },
    path: 'methods[0]',
    code: 'not-a-string',
  },
  {
    name: 'lower-case custom method warns',
    options: { origins: [A], methods: ['patch'] },
    path: 'methods[0]',
    code: 'method-case-sensitive',
    severity: 'warning',
  },
  {
    name: 'requestHeaders * with credentials',
    options: { origins: [A], credentials: true, requestHeaders: '*' },
    path: 'requestHeaders',
    code: 'wildcard-with-credentials',
  },
  {
    name: 'invalid header name',
    options: { origins: [A], requestHeaders: ['x token'] },
    path: 'requestHeaders[0]',
    code: 'header-invalid',
  },
  {
    name: 'forbidden request header',
    options: { origins: [A], requestHeaders: ['Cookie'] },
    path: 'requestHeaders[0]',
    code: 'request-header-forbidden',
  },
  {
    name: 'forbidden sec- header',
    options: { origins: [A], requestHeaders: ['sec-fetch-mode'] },
    path: 'requestHeaders[0]',
    code: 'request-header-forbidden',
  },
  {
    name: 'forbidden proxy- header',
    options: { origins: [A], requestHeaders: ['proxy-authorization'] },
    path: 'requestHeaders[0]',
    code: 'request-header-forbidden',
  },
  {
    name: 'CORS response header as request header',
    options: { origins: [A], requestHeaders: ['access-control-allow-origin'] },
    path: 'requestHeaders[0]',
    code: 'request-header-is-cors',
  },
  {
    name: 'exposeHeaders * with credentials',
    options: { origins: [A], credentials: true, exposeHeaders: '*' },
    path: 'exposeHeaders',
    code: 'wildcard-with-credentials',
  },
  {
    name: 'expose Set-Cookie',
    options: { origins: [A], exposeHeaders: ['Set-Cookie'] },
    path: 'exposeHeaders[0]',
    code: 'expose-header-forbidden',
  },
  {
    name: 'expose a CORS header',
    options: { origins: [A], exposeHeaders: ['access-control-allow-origin'] },
    path: 'exposeHeaders[0]',
    code: 'expose-header-is-cors',
  },
  {
    name: 'invalid expose name',
    options: { origins: [A], exposeHeaders: ['x:y'] },
    path: 'exposeHeaders[0]',
    code: 'header-invalid',
  },
  {
    name: 'maxAge negative',
    options: { origins: [A], maxAge: -1 },
    path: 'maxAge',
    code: 'max-age-invalid',
  },
  {
    name: 'maxAge too large',
    options: { origins: [A], maxAge: 86401 },
    path: 'maxAge',
    code: 'max-age-invalid',
  },
  {
    name: 'maxAge fractional',
    options: { origins: [A], maxAge: 1.5 },
    path: 'maxAge',
    code: 'max-age-invalid',
  },
  {
    name: 'maxAge a string',
    options: { origins: [A], maxAge: '600' },
    path: 'maxAge',
    code: 'max-age-invalid',
  },
  {
    name: 'maxAge above Chromium cap warns',
    options: { origins: [A], maxAge: 7201 },
    path: 'maxAge',
    code: 'max-age-above-chromium-cap',
    severity: 'warning',
  },
  {
    name: 'preflightStatus',
    options: { origins: [A], preflightStatus: 201 },
    path: 'preflightStatus',
    code: 'preflight-status-invalid',
  },
  {
    name: 'null origin warns',
    options: { origins: ['null'] },
    path: 'origins[0]',
    code: 'null-origin',
    severity: 'warning',
  },
  // Issue #10 item 7: the jub0bs/cors rules the README claims.
  {
    name: '"null" with credentials',
    options: origin('null', { credentials: true }),
    path: 'origins[0]',
    code: 'null-with-credentials',
  },
  {
    name: 'custom scheme with credentials',
    options: origin('connector://foo', { credentials: true }),
    path: 'origins[0]',
    code: 'scheme-not-allowed-with-credentials',
  },
  {
    name: 'wss with credentials (a page never has a wss: origin)',
    options: origin('wss://app.example.com', { credentials: true }),
    path: 'origins[0]',
    code: 'scheme-not-allowed-with-credentials',
  },
  {
    name: 'ws with credentials',
    options: origin('ws://app.example.com', { credentials: true }),
    path: 'origins[0]',
    code: 'insecure-origin-with-credentials',
  },
  {
    name: 'file: URL',
    options: origin('file:///home/me/index.html'),
    path: 'origins[0]',
    code: 'origin-file-scheme',
  },
  { name: 'file: origin', options: origin('file://'), path: 'origins[0]', code: 'origin-file-scheme' },
  {
    name: 'label longer than 63',
    options: origin(`https://${'a'.repeat(64)}.example`),
    path: 'origins[0]',
    code: 'origin-label-too-long',
  },
  {
    name: 'host longer than 253',
    options: origin(`https://${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}`),
    path: 'origins[0]',
    code: 'origin-host-too-long',
  },
  {
    name: 'IPv4-mapped IPv6 (dotted)',
    options: origin('http://[::ffff:127.0.0.1]:8080'),
    path: 'origins[0]',
    code: 'origin-ipv4-mapped-ipv6',
  },
  {
    name: 'IPv4-mapped IPv6 (hex)',
    options: origin('http://[::ffff:7f00:1]'),
    path: 'origins[0]',
    code: 'origin-ipv4-mapped-ipv6',
  },
  {
    name: 'RegExp with an unescaped dot warns',
    options: origin(/^https:\/\/app.example.com$/),
    path: 'origins[0]',
    code: 'regexp-unescaped-dot',
    severity: 'warning',
  },
  {
    name: 'expose Origin (a request header)',
    options: { origins: [A], exposeHeaders: ['Origin'] },
    path: 'exposeHeaders[0]',
    code: 'expose-header-is-request-header',
  },
  {
    name: 'not an origin at all',
    options: origin('https:app'),
    path: 'origins[0]',
    code: 'origin-not-serialized',
  },
  {
    name: 'invalid scheme',
    options: origin('1http://a.example'),
    path: 'origins[0]',
    code: 'origin-invalid-scheme',
  },
  { name: 'invalid IPv6', options: origin('http://[::g]'), path: 'origins[0]', code: 'origin-invalid-ipv6' },
  {
    name: 'non-string header name',
    options: { origins: [A], requestHeaders: [1] },
    path: 'requestHeaders[0]',
    code: 'not-a-string',
  },
];

describe('validation rules', () => {
  for (const r of rules) {
    test(r.name, () => {
      const { issues } = validatePolicy(r.options);
      const severity = r.severity ?? 'error';
      const hit = issues.find((i) => i.path === r.path && i.code === r.code && i.severity === severity);
      assert.ok(hit, `expected ${severity} ${r.code} at ${r.path}, got ${JSON.stringify(issues)}`);
      assert.ok(hit.hint.length > 0, 'every issue has a hint');
      if (severity === 'error')
        assert.throws(() => createPolicy(r.options as PolicyOptions), CorsPolicyError);
      else assert.doesNotThrow(() => createPolicy(r.options as PolicyOptions));
    });
  }
});

describe('validation: policies that are fine', () => {
  const good: Array<[string, PolicyOptions]> = [
    ['exact https', { origins: [A] }],
    ['wildcard', { origins: '*', methods: '*', requestHeaders: '*', exposeHeaders: '*' }],
    [
      'subdomains of a registrable domain',
      { origins: ['https://*.example.com', 'https://*.example.co.uk'], credentials: true },
    ],
    ['own github.io site', { origins: ['https://*.me.github.io'] }],
    [
      'localhost any port with credentials',
      { origins: ['http://localhost:*', 'http://127.0.0.1:8080', 'http://[::1]:3000'], credentials: true },
    ],
    ['*.localhost', { origins: ['http://*.localhost:*'], credentials: true }],
    ['punycode host', { origins: ['https://xn--mnchen-3ya.de'] }],
    ['anchored RegExp', { origins: [/^https:\/\/(?:a|b)\.example\.com$/] }],
    ['predicate', { origins: () => true, credentials: true }],
    ['custom scheme', { origins: ['chrome-extension://abcdefghijklmnop', 'capacitor://localhost'] }],
    ['authorization next to *', { origins: '*', requestHeaders: ['*', 'authorization'] }],
    ['maxAge bounds', { origins: [A], maxAge: 86400 }],
  ];
  for (const [name, options] of good) {
    test(name, () => {
      const { issues } = validatePolicy(options);
      assert.deepEqual(
        issues.filter((i) => i.severity === 'error'),
        [],
      );
      assert.doesNotThrow(() => createPolicy(options));
    });
  }
});

describe('validation: reporting and normalisation', () => {
  test('every problem is reported at once', () => {
    const options = {
      origins: ['https://a.example/', '*', 'https://*.com'],
      credentials: true,
      methods: ['TRACE', 'bad method'],
      requestHeaders: '*',
      maxAge: -5,
      preflightStatus: 500,
    };
    const err = (() => {
      try {
        createPolicy(options as unknown as PolicyOptions);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof CorsPolicyError);
    const paths = err.issues.map((i) => i.path);
    assert.deepEqual(paths, [
      'origins[0]',
      'origins[1]',
      'origins[2]',
      'methods[0]',
      'methods[1]',
      'requestHeaders',
      'maxAge',
      'preflightStatus',
    ]);
    assert.match(err.message, /8 problems/);
    assert.deepEqual(
      err.issues.map((i) => i.code),
      [
        'origin-trailing-slash',
        'origin-wildcard-in-list',
        'origin-public-suffix-wildcard',
        'method-forbidden',
        'method-invalid',
        'wildcard-with-credentials',
        'max-age-invalid',
        'preflight-status-invalid',
      ],
    );
    assert.match(err.message, /hint: /);
  });
  test('validatePolicy never throws on junk', () => {
    for (const junk of [
      undefined,
      0,
      [],
      'x',
      { origins: [null, {}, []] },
      { origins: ['https://a.example'], methods: [{}] },
    ]) {
      assert.doesNotThrow(() => validatePolicy(junk));
      assert.ok(validatePolicy(junk).issues.length > 0);
    }
  });
  test('duplicates are folded and values normalised', () => {
    const p = createPolicy({
      origins: [A, A, 'https://*.example.com', 'https://*.example.com', 'null'],
      methods: ['put', 'PUT', 'GET', 'PATCH', 'delete'],
      requestHeaders: ['X-Token', 'x-token', 'Content-Type'],
      exposeHeaders: ['X-Id', 'x-id', 'Content-Type'],
    });
    const o = p.config.origins;
    assert.ok(o !== '*');
    assert.deepEqual(o.exact, [A]);
    assert.deepEqual(
      o.patterns.map((x) => x.source),
      ['https://*.example.com'],
    );
    assert.deepEqual(o.patterns[0], {
      source: 'https://*.example.com',
      scheme: 'https',
      host: 'example.com',
      subdomains: true,
      port: null,
    });
    assert.equal(o.allowNull, true);
    assert.deepEqual(p.config.methods, ['DELETE', 'PATCH', 'PUT']);
    assert.deepEqual(p.config.requestHeaders, ['content-type', 'x-token']);
    assert.deepEqual(p.config.exposeHeaders, ['x-id']);
    assert.equal(p.config.preflightStatus, 204);
    assert.equal(p.config.maxAge, undefined);
    assert.ok(Object.isFrozen(p.config) && Object.isFrozen(o.exact) && Object.isFrozen(p));
  });
  test('any-port and subdomain-port patterns are compiled', () => {
    const p = createPolicy({
      origins: ['http://localhost:*', 'https://*.example.com:8443', 'https://*.example.com:*'],
    });
    assert.ok(p.config.origins !== '*');
    assert.deepEqual(
      p.config.origins.patterns.map((x) => [x.source, x.port, x.subdomains]),
      [
        ['http://localhost:*', '*', false],
        ['https://*.example.com:*', '*', true],
        ['https://*.example.com:8443', 8443, true],
      ],
    );
  });
  test('warnings are kept on the policy', () => {
    const p = createPolicy({ origins: [A], maxAge: 86400 });
    assert.equal(p.warnings.length, 1);
    assert.equal(p.warnings[0]!.path, 'maxAge');
  });
  test('a policy passes through createPolicy', () => {
    const p = createPolicy({ origins: [A] });
    assert.equal(createPolicy(p), p);
  });
});

describe('validation: stable codes', () => {
  test('every code is produced by a rule above, and documented in docs/policy.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const docs = await readFile(new URL('../../docs/policy.md', import.meta.url), 'utf8');
    const covered = new Set(rules.map((r) => r.code));
    for (const code of POLICY_ISSUE_CODES) {
      assert.ok(covered.has(code), `no rule in the table produces ${code}`);
      assert.ok(docs.includes(`\`${code}\``), `docs/policy.md does not list ${code}`);
    }
  });

  test('codes are kebab-case and unique', () => {
    assert.equal(new Set(POLICY_ISSUE_CODES).size, POLICY_ISSUE_CODES.length);
    for (const code of POLICY_ISSUE_CODES) assert.match(code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  test('the unescaped-dot warning shows the escaped form', () => {
    const [issue] = validatePolicy({ origins: [/^https:\/\/app.example.com$/] }).issues;
    assert.equal(issue?.code, 'regexp-unescaped-dot');
    assert.ok(issue.hint.includes(String.raw`/^https:\/\/app\.example\.com$/`), issue.hint);
    assert.deepEqual(validatePolicy({ origins: [/^https:\/\/[a-z]+\.example\.com$/] }).issues, []);
    assert.deepEqual(validatePolicy({ origins: [/^https:\/\/.+\.example\.com$/] }).issues, []);
  });

  test('the IPv4-mapped hint names the IPv4 origin', () => {
    const [issue] = validatePolicy({ origins: ['http://[::ffff:127.0.0.1]:8080'] }).issues;
    assert.ok(issue?.hint.includes('"http://127.0.0.1"'), issue?.hint);
  });

  test('browser-extension origins are allowed with credentials', () => {
    const options = {
      origins: [
        'chrome-extension://abcdefghijklmnop',
        'moz-extension://0a1b2c3d',
        'safari-web-extension://x',
      ],
      credentials: true,
    };
    assert.deepEqual(validatePolicy(options).issues, []);
  });
});
