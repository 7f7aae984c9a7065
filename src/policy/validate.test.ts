// Every validation rule: a table of bad policies and the issue each must produce.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPolicy } from '../engine/create-policy.js';
import { CorsPolicyError } from './policy-error.js';
import type { PolicyOptions } from './types.js';
import { validatePolicy } from './validate.js';

interface Rule {
  name: string;
  options: unknown;
  path: string;
  /** A fragment of the message. */
  message: string;
  severity?: 'error' | 'warning';
}

const A = 'https://app.example.com';
const origin = (o: unknown, extra: object = {}): unknown => ({ origins: [o], ...extra });

const rules: Rule[] = [
  { name: 'not an object', options: 'https://a.example', path: '', message: 'must be an object' },
  { name: 'null policy', options: null, path: '', message: 'must be an object' },
  { name: 'unknown key', options: { origins: [A], orgins: [A] }, path: 'orgins', message: 'unknown option' },
  { name: 'origins missing', options: {}, path: 'origins', message: 'is required' },
  { name: 'origins empty', options: { origins: [] }, path: 'origins', message: 'is empty' },
  {
    name: 'origins a bare string',
    options: { origins: A },
    path: 'origins',
    message: 'must be "*" or a list',
  },
  { name: 'origins a number', options: { origins: 3 }, path: 'origins', message: 'must be "*", a list' },
  {
    name: '* with credentials',
    options: { origins: '*', credentials: true },
    path: 'origins',
    message: 'cannot be combined with credentials',
  },
  { name: '* inside a list', options: origin('*'), path: 'origins[0]', message: 'inside a list' },
  { name: 'non-string origin', options: origin(42), path: 'origins[0]', message: 'must be a string' },
  { name: 'path', options: origin(`${A}/api`), path: 'origins[0]', message: 'has a path' },
  { name: 'trailing slash', options: origin(`${A}/`), path: 'origins[0]', message: 'trailing slash' },
  { name: 'query', options: origin(`${A}?x=1`), path: 'origins[0]', message: 'has a query' },
  { name: 'fragment', options: origin(`${A}#x`), path: 'origins[0]', message: 'fragment' },
  {
    name: 'userinfo',
    options: origin('https://user:pw@app.example.com'),
    path: 'origins[0]',
    message: 'userinfo',
  },
  {
    name: 'upper-case scheme',
    options: origin('HTTPS://app.example.com'),
    path: 'origins[0]',
    message: 'scheme must be lower case',
  },
  {
    name: 'upper-case host',
    options: origin('https://App.Example.com'),
    path: 'origins[0]',
    message: 'host must be lower case',
  },
  {
    name: 'default https port',
    options: origin('https://app.example.com:443'),
    path: 'origins[0]',
    message: 'default port 443',
  },
  {
    name: 'default http port',
    options: origin('http://localhost:80'),
    path: 'origins[0]',
    message: 'default port 80',
  },
  {
    name: 'bad port',
    options: origin('https://app.example.com:99999'),
    path: 'origins[0]',
    message: 'not a valid port',
  },
  {
    name: 'leading-zero port',
    options: origin('https://app.example.com:0443'),
    path: 'origins[0]',
    message: 'not a valid port',
  },
  {
    name: 'bad punycode',
    options: origin('https://xn--abc.example.com'),
    path: 'origins[0]',
    message: 'IDNA',
  },
  { name: 'non-ASCII host', options: origin('https://münchen.de'), path: 'origins[0]', message: 'non-ASCII' },
  {
    name: 'whitespace',
    options: origin(' https://app.example.com'),
    path: 'origins[0]',
    message: 'whitespace',
  },
  {
    name: 'inner whitespace',
    options: origin('https://app .example.com'),
    path: 'origins[0]',
    message: 'whitespace',
  },
  { name: 'no scheme', options: origin('app.example.com'), path: 'origins[0]', message: 'no scheme' },
  { name: 'empty host', options: origin('https://'), path: 'origins[0]', message: 'empty host' },
  {
    name: 'empty label',
    options: origin('https://app..example.com'),
    path: 'origins[0]',
    message: 'empty label',
  },
  {
    name: 'bad host char',
    options: origin('https://app!.example.com'),
    path: 'origins[0]',
    message: 'characters a host name cannot have',
  },
  {
    name: 'non-canonical IPv4',
    options: origin('http://0x7f.0.0.1:8080'),
    path: 'origins[0]',
    message: 'canonical',
  },
  {
    name: 'non-canonical IPv6',
    options: origin('http://[0:0::1]:8080'),
    path: 'origins[0]',
    message: 'canonical',
  },
  {
    name: 'too long',
    options: origin(`https://${'a'.repeat(330)}.com`),
    path: 'origins[0]',
    message: 'longer than 326',
  },
  { name: 'https://*', options: origin('https://*'), path: 'origins[0]', message: 'matches every host' },
  { name: 'https://*.com', options: origin('https://*.com'), path: 'origins[0]', message: 'public suffix' },
  {
    name: 'https://*.co.uk',
    options: origin('https://*.co.uk'),
    path: 'origins[0]',
    message: 'public suffix',
  },
  {
    name: 'https://*.github.io',
    options: origin('https://*.github.io'),
    path: 'origins[0]',
    message: 'public suffix',
  },
  {
    name: 'wildcard PSL rule (*.ck)',
    options: origin('https://*.foo.ck'),
    path: 'origins[0]',
    message: 'public suffix',
  },
  {
    name: 'star in the middle',
    options: origin('https://app.*.example.com'),
    path: 'origins[0]',
    message: 'leading "*."',
  },
  {
    name: 'partial-label star',
    options: origin('https://app-*.example.com'),
    path: 'origins[0]',
    message: 'leading "*."',
  },
  {
    name: '*. in front of an IP',
    options: origin('http://*.127.0.0.1'),
    path: 'origins[0]',
    message: 'IP address',
  },
  {
    name: 'http with credentials',
    options: origin('http://app.example.com', { credentials: true }),
    path: 'origins[0]',
    message: 'not secure',
  },
  {
    name: 'http pattern with credentials',
    options: origin('http://*.example.com', { credentials: true }),
    path: 'origins[0]',
    message: 'not secure',
  },
  {
    name: 'unanchored RegExp',
    options: origin(/example\.com$/),
    path: 'origins[0]',
    message: 'not anchored',
  },
  {
    name: 'half-anchored RegExp',
    options: origin(/^https:\/\/example\.com/),
    path: 'origins[0]',
    message: 'not anchored',
  },
  {
    name: 'RegExp with top-level |',
    options: origin(/^https:\/\/a\.example|https:\/\/b\.example$/),
    path: 'origins[0]',
    message: 'outside a group',
  },
  {
    name: 'RegExp with g flag',
    options: origin(/^https:\/\/a\.example$/g),
    path: 'origins[0]',
    message: 'g or y flag',
  },
  {
    name: 'credentials not boolean',
    options: { origins: [A], credentials: 'true' },
    path: 'credentials',
    message: 'true or false',
  },
  {
    name: 'privateNetwork not boolean',
    options: { origins: [A], privateNetwork: 1 },
    path: 'privateNetwork',
    message: 'true or false',
  },
  {
    name: 'methods not a list',
    options: { origins: [A], methods: 'PUT' },
    path: 'methods',
    message: 'must be "*" or a list',
  },
  {
    name: 'methods * with credentials',
    options: { origins: [A], credentials: true, methods: '*' },
    path: 'methods',
    message: 'credentials',
  },
  {
    name: 'invalid method token',
    options: { origins: [A], methods: ['PUT DELETE'] },
    path: 'methods[0]',
    message: 'not a valid method',
  },
  {
    name: 'comma in method',
    options: { origins: [A], methods: ['PUT,DELETE'] },
    path: 'methods[0]',
    message: 'not a valid method',
  },
  {
    name: 'CONNECT',
    options: { origins: [A], methods: ['CONNECT'] },
    path: 'methods[0]',
    message: 'forbidden method',
  },
  {
    name: 'trace (any case)',
    options: { origins: [A], methods: ['trace'] },
    path: 'methods[0]',
    message: 'forbidden method',
  },
  {
    name: 'TRACK',
    options: { origins: [A], methods: ['TRACK'] },
    path: 'methods[0]',
    message: 'forbidden method',
  },
  {
    name: 'non-string method',
    options: { origins: [A], methods: [1] },
    path: 'methods[0]',
    message: 'must be a string',
  },
  {
    name: 'lower-case custom method warns',
    options: { origins: [A], methods: ['patch'] },
    path: 'methods[0]',
    message: 'case-sensitive',
    severity: 'warning',
  },
  {
    name: 'requestHeaders * with credentials',
    options: { origins: [A], credentials: true, requestHeaders: '*' },
    path: 'requestHeaders',
    message: 'credentials',
  },
  {
    name: 'invalid header name',
    options: { origins: [A], requestHeaders: ['x token'] },
    path: 'requestHeaders[0]',
    message: 'not a valid header name',
  },
  {
    name: 'forbidden request header',
    options: { origins: [A], requestHeaders: ['Cookie'] },
    path: 'requestHeaders[0]',
    message: 'forbidden request header',
  },
  {
    name: 'forbidden sec- header',
    options: { origins: [A], requestHeaders: ['sec-fetch-mode'] },
    path: 'requestHeaders[0]',
    message: 'forbidden request header',
  },
  {
    name: 'forbidden proxy- header',
    options: { origins: [A], requestHeaders: ['proxy-authorization'] },
    path: 'requestHeaders[0]',
    message: 'forbidden request header',
  },
  {
    name: 'CORS response header as request header',
    options: { origins: [A], requestHeaders: ['access-control-allow-origin'] },
    path: 'requestHeaders[0]',
    message: 'CORS response header',
  },
  {
    name: 'exposeHeaders * with credentials',
    options: { origins: [A], credentials: true, exposeHeaders: '*' },
    path: 'exposeHeaders',
    message: 'credentials',
  },
  {
    name: 'expose Set-Cookie',
    options: { origins: [A], exposeHeaders: ['Set-Cookie'] },
    path: 'exposeHeaders[0]',
    message: 'never exposed',
  },
  {
    name: 'expose a CORS header',
    options: { origins: [A], exposeHeaders: ['access-control-allow-origin'] },
    path: 'exposeHeaders[0]',
    message: 'CORS header',
  },
  {
    name: 'invalid expose name',
    options: { origins: [A], exposeHeaders: ['x:y'] },
    path: 'exposeHeaders[0]',
    message: 'not a valid header name',
  },
  {
    name: 'maxAge negative',
    options: { origins: [A], maxAge: -1 },
    path: 'maxAge',
    message: 'from 0 to 86400',
  },
  {
    name: 'maxAge too large',
    options: { origins: [A], maxAge: 86401 },
    path: 'maxAge',
    message: 'from 0 to 86400',
  },
  {
    name: 'maxAge fractional',
    options: { origins: [A], maxAge: 1.5 },
    path: 'maxAge',
    message: 'whole number',
  },
  {
    name: 'maxAge a string',
    options: { origins: [A], maxAge: '600' },
    path: 'maxAge',
    message: 'whole number',
  },
  {
    name: 'maxAge above Chromium cap warns',
    options: { origins: [A], maxAge: 7201 },
    path: 'maxAge',
    message: '7200',
    severity: 'warning',
  },
  {
    name: 'preflightStatus',
    options: { origins: [A], preflightStatus: 201 },
    path: 'preflightStatus',
    message: '200 or 204',
  },
  {
    name: 'null origin warns',
    options: { origins: ['null'] },
    path: 'origins[0]',
    message: 'sandboxed',
    severity: 'warning',
  },
];

describe('validation rules', () => {
  for (const r of rules) {
    test(r.name, () => {
      const { issues } = validatePolicy(r.options);
      const severity = r.severity ?? 'error';
      const hit = issues.find(
        (i) => i.path === r.path && i.message.includes(r.message) && i.severity === severity,
      );
      assert.ok(
        hit,
        `expected ${severity} at ${r.path} containing "${r.message}", got ${JSON.stringify(issues)}`,
      );
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
    assert.match(err.message, /origins\[0\]: "https:\/\/a\.example\/" has a trailing slash/);
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
