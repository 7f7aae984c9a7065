// jub0bs/cors's configuration tables (config_test.go: TestConfig, invalidConfigTestCases) and its
// origin-pattern tables (internal/origins/pattern_test.go: parsePatternTestCases,
// TestIsDeemedInsecure, TestHostIsEffectiveTLD, extracted as data into origin-patterns.json), at
// b30599e182f5808a4d059ed9ee51181a81e002fa, ported to corskit's createPolicy and evaluate.
// jub0bs's Config maps to corskit options: Origins → origins, Credentialed → credentials,
// Methods → methods, RequestHeaders → requestHeaders, MaxAgeInSeconds → maxAge,
// ResponseHeaders → exposeHeaders. Its two Dangerously* switches have no corskit equivalent.
// MIT License, Copyright (c) 2024 jub0bs: see LICENSE beside this file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPolicy } from '../../../src/engine/create-policy.js';
import { CorsPolicyError } from '../../../src/policy/policy-error.js';
import type { CompiledPolicyConfig, CorsPolicy, PolicyOptions } from '../../../src/policy/types.js';
import type { PortedCase, PortedSuite, Why } from '../support/ported.js';

/** jub0bs/cors's Config, field for field. */
interface JConfig {
  Origins?: string[];
  Credentialed?: boolean;
  Methods?: string[];
  RequestHeaders?: string[];
  MaxAgeInSeconds?: number;
  ResponseHeaders?: string[];
  DangerouslyTolerateInsecureOrigins?: boolean;
  DangerouslyTolerateSubdomainsOfPublicSuffixes?: boolean;
}

function toOptions(c: JConfig): PolicyOptions {
  const o: Record<string, unknown> = {};
  if (c.Origins !== undefined) o.origins = c.Origins.length === 1 && c.Origins[0] === '*' ? '*' : c.Origins;
  if (c.Credentialed) o.credentials = true;
  if (c.Methods) o.methods = c.Methods;
  if (c.RequestHeaders) o.requestHeaders = c.RequestHeaders;
  if (c.MaxAgeInSeconds) o.maxAge = c.MaxAgeInSeconds; // 0: jub0bs's default (no header)
  if (c.ResponseHeaders) o.exposeHeaders = c.ResponseHeaders;
  return o as unknown as PolicyOptions;
}

/** corskit's compiled config, in the shape of jub0bs's normalised Config. */
function asJConfig(config: CompiledPolicyConfig): JConfig {
  const list = (v: '*' | readonly string[]) => (v === '*' ? ['*'] : [...v]);
  const out: JConfig = {
    Origins:
      config.origins === '*'
        ? ['*']
        : [...config.origins.exact, ...config.origins.patterns.map((p) => p.source)].sort(),
  };
  if (config.credentials) out.Credentialed = true;
  if (list(config.methods).length > 0) out.Methods = list(config.methods);
  const requestHeaders = list(config.requestHeaders);
  if (config.allowAuthorizationWithWildcard) requestHeaders.push('authorization');
  if (requestHeaders.length > 0) out.RequestHeaders = requestHeaders;
  if (config.maxAge !== undefined) out.MaxAgeInSeconds = config.maxAge;
  if (list(config.exposeHeaders).length > 0) out.ResponseHeaders = list(config.exposeHeaders);
  return out;
}

const normalise = (c: JConfig): JConfig => {
  const out: JConfig = { ...c, Origins: [...(c.Origins ?? [])].sort() };
  delete out.DangerouslyTolerateInsecureOrigins;
  delete out.DangerouslyTolerateSubdomainsOfPublicSuffixes;
  return out;
};

/** Marks a divergence that exists only until issue #10 item 7 (validation, src/policy/validate.ts) is merged. */

interface Entry {
  corskit: string;
  why: Why;
  change: string;
  /** Set when the divergence disappears once the validation change of issue #10 item 7 is merged. */
  awaits?: string;
  /** For a config case where corskit compiles differently: its config in jub0bs's shape. */
  corskitConfig?: JConfig;
}

// --- configuration: valid ---------------------------------------------------------------------

interface ValidCase {
  desc: string;
  cfg: JConfig | null;
  want: JConfig | null;
  divergence?: Entry;
}

const validConfig: ValidCase[] = [
  {
    desc: 'passthrough',
    cfg: null,
    want: null,
    divergence: {
      corskit: 'no pass-through policy: createPolicy requires origins',
      why: 'not supported',
      change: "don't mount the middleware there, or return undefined from a resolver for those requests",
    },
  },
  {
    desc: 'anonymous allow all',
    cfg: {
      Origins: ['*'],
      Methods: ['*'],
      RequestHeaders: ['authoriZation', '*', 'Authorization'],
      ResponseHeaders: ['*'],
    },
    want: { Origins: ['*'], Methods: ['*'], RequestHeaders: ['*', 'authorization'], ResponseHeaders: ['*'] },
  },
  {
    desc: 'anonymous allow all but not Authorization request header',
    cfg: { Origins: ['*'], Methods: ['*'], RequestHeaders: ['*'], ResponseHeaders: ['*'] },
    want: { Origins: ['*'], Methods: ['*'], RequestHeaders: ['*'], ResponseHeaders: ['*'] },
  },
  {
    desc: 'discrete methods discrete headers zero max age',
    cfg: {
      Origins: ['https://example.com', 'https://example.com'],
      RequestHeaders: ['x-foO', 'x-Bar', 'authoRizaTion', 'Authorization'],
      MaxAgeInSeconds: -1,
      ResponseHeaders: ['x-FOO', 'X-baR', 'x-foo'],
    },
    want: {
      Origins: ['https://example.com'],
      RequestHeaders: ['authorization', 'x-bar', 'x-foo'],
      MaxAgeInSeconds: -1,
      ResponseHeaders: ['x-bar', 'x-foo'],
    },
    divergence: {
      corskit:
        'maxAge -1 is refused (0..86400); maxAge: 0 sends Access-Control-Max-Age: 0, which is what -1 does in jub0bs',
      why: 'not supported',
      change: 'write maxAge: 0 to disable preflight caching',
    },
  },
  {
    desc: 'credentialed all req headers',
    cfg: {
      Origins: ['http://example.com', 'https://*.example.com:8080', 'https://*.foo.example.com:8080'],
      Credentialed: true,
      Methods: ['POST', 'PUT', 'DELETE', 'GET'],
      RequestHeaders: ['*'],
      MaxAgeInSeconds: 86_400,
      ResponseHeaders: ['x-FOO', 'X-baR', 'x-foo'],
      DangerouslyTolerateInsecureOrigins: true,
    },
    want: {
      Origins: ['http://example.com', 'https://*.example.com:8080'],
      Credentialed: true,
      Methods: ['DELETE', 'PUT'],
      RequestHeaders: ['*'],
      MaxAgeInSeconds: 86_400,
      ResponseHeaders: ['x-bar', 'x-foo'],
    },
    divergence: {
      corskit:
        'refuses http://example.com with credentials (no DangerouslyTolerateInsecureOrigins), and refuses requestHeaders "*" with credentials',
      why: 'security hardening',
      change: 'use https:// origins and list the request headers when credentials are on',
    },
  },
  {
    desc: 'discrete origin patterns in addition to wildcard',
    cfg: {
      Origins: [
        'http://example.com',
        'http://example.com',
        'https://*.example.com',
        'https://*.example.com',
        '*',
        '*',
      ],
    },
    want: { Origins: ['*'] },
    divergence: {
      corskit: 'refuses "*" inside a list (it must be origins: "*" on its own)',
      why: 'security hardening',
      change: 'write origins: "*" when every origin is allowed; a list never contains "*"',
    },
  },
  {
    desc: 'safelisted response-header names',
    cfg: {
      Origins: ['http://example.com'],
      ResponseHeaders: [
        'Cache-Control',
        'content-Language',
        'content-lEngth',
        'content-typE',
        'expireS',
        'lasT-modified',
        'prAgmA',
        'X-Foo',
      ],
    },
    want: { Origins: ['http://example.com'], ResponseHeaders: ['x-foo'] },
  },
  {
    desc: 'discrete methods in addition to wildcard',
    cfg: {
      Origins: ['http://example.com'],
      Methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', '*', '*'],
    },
    want: { Origins: ['http://example.com'], Methods: ['*'] },
  },
  {
    desc: 'browser-normalized methods',
    cfg: {
      Origins: ['http://example.com'],
      Methods: [
        'Get',
        'get',
        'gET',
        'Head',
        'head',
        'hEAD',
        'Post',
        'post',
        'pOST',
        'getaway',
        'headstrong',
        'postal',
      ],
    },
    want: { Origins: ['http://example.com'], Methods: ['getaway', 'headstrong', 'postal'] },
  },
  {
    desc: 'discrete request-header names in addition to wildcard (anonymous)',
    cfg: {
      Origins: ['http://example.com'],
      RequestHeaders: ['Authorization', 'X-Api-Key', '*', '*', 'AuthorizatioN'],
    },
    want: { Origins: ['http://example.com'], RequestHeaders: ['*', 'authorization'] },
  },
  {
    desc: 'discrete request-header names in addition to wildcard (credentialed)',
    cfg: {
      Origins: ['https://example.com'],
      Credentialed: true,
      RequestHeaders: ['Authorization', 'X-Api-Key', '*', '*', 'AuthorizatioN'],
    },
    want: { Origins: ['https://example.com'], Credentialed: true, RequestHeaders: ['*'] },
    divergence: {
      corskit:
        'refuses requestHeaders "*" with credentials (browsers read it literally on credentialed requests)',
      why: 'security hardening',
      change: 'list the request headers when credentials are on',
    },
  },
  {
    desc: 'discrete response-header names in addition to wildcard',
    cfg: { Origins: ['http://example.com'], ResponseHeaders: ['X-Foo', 'X-Bar', '*', '*'] },
    want: { Origins: ['http://example.com'], ResponseHeaders: ['*'] },
  },
  {
    desc: 'max age with no possible preflight',
    cfg: { Origins: ['http://example.com'], MaxAgeInSeconds: 10 },
    want: { Origins: ['http://example.com'], MaxAgeInSeconds: 10 },
  },
  {
    desc: 'wildcard pattern encompassing subdomains of a public suffix',
    cfg: { Origins: ['https://*.com'], DangerouslyTolerateSubdomainsOfPublicSuffixes: true },
    want: { Origins: ['https://*.com'] },
    divergence: {
      corskit:
        'always refuses a pattern over a public suffix (no DangerouslyTolerateSubdomainsOfPublicSuffixes)',
      why: 'security hardening',
      change: 'list the sites, or use a predicate if you really serve every .com',
    },
  },
  {
    desc: 'many origins',
    cfg: {
      Origins: [
        'https://bat',
        'https://cat',
        'https://fat',
        'https://hat',
        'https://meerkat',
        'https://mat',
        'https://oat',
        'https://pat',
        'https://rat',
        'https://sat',
      ],
    },
    want: {
      Origins: [
        'https://bat',
        'https://cat',
        'https://fat',
        'https://hat',
        'https://meerkat',
        'https://mat',
        'https://oat',
        'https://pat',
        'https://rat',
        'https://sat',
      ],
    },
  },
];

function compileConfig(cfg: JConfig | null): CorsPolicy {
  return createPolicy(toOptions(cfg ?? {}));
}

function validCase(c: ValidCase): PortedCase {
  const title = `TestConfig: ${c.desc}`;
  const run = async () => {
    const policy = compileConfig(c.cfg);
    assert.deepEqual(normalise(asJConfig(policy.config)), normalise(c.want ?? {}));
  };
  const d = c.divergence;
  return {
    title,
    run,
    divergence: d && {
      input: `Config ${JSON.stringify(c.cfg)}`,
      peer:
        c.cfg === null
          ? 'passes every request through untouched'
          : `accepts it, normalised to ${JSON.stringify(c.want)}`,
      corskit: d.corskit,
      why: d.why,
      change: d.change,
      check: async () => {
        if (d.corskitConfig)
          assert.deepEqual(normalise(asJConfig(compileConfig(c.cfg).config)), normalise(d.corskitConfig));
        else assert.throws(() => compileConfig(c.cfg), CorsPolicyError);
      },
    },
  };
}

// --- configuration: invalid -------------------------------------------------------------------

interface InvalidCase {
  desc: string;
  cfg: JConfig;
  /** The corskit issue paths matching jub0bs's expected errors. */
  paths: string[];
  divergence?: Entry;
}

const invalidConfig: InvalidCase[] = [
  { desc: 'no origin pattern specified', cfg: {}, paths: ['origins'] },
  {
    desc: 'null origin',
    cfg: { Origins: ['null'] },
    paths: ['origins[0]'],
    divergence: {
      corskit:
        'accepts "null" when listed (with a warning); with credentials it is refused once item 7 is merged',
      why: 'not supported',
      change: 'nothing, unless you relied on jub0bs refusing "null": then remove it',
    },
  },
  {
    desc: 'invalid origin pattern',
    cfg: { Origins: ['http://example.com:6060/path'] },
    paths: ['origins[0]'],
  },
  {
    desc: 'empty method name',
    cfg: { Origins: ['https://example.com'], Methods: [''] },
    paths: ['methods[0]'],
  },
  {
    desc: 'invalid method name',
    cfg: { Origins: ['https://example.com'], Methods: ['résumé'] },
    paths: ['methods[0]'],
  },
  {
    desc: 'forbidden method name',
    cfg: { Origins: ['https://example.com'], Methods: ['GET', 'CONNECT'] },
    paths: ['methods[1]'],
  },
  {
    desc: 'empty request-header name',
    cfg: { Origins: ['https://example.com'], RequestHeaders: [''] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'invalid request-header name',
    cfg: { Origins: ['https://example.com'], RequestHeaders: ['résumé'] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'forbidden request-header name',
    cfg: { Origins: ['https://example.com'], RequestHeaders: ['Connection'] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'forbidden request-header name with Sec- prefix',
    cfg: { Origins: ['https://example.com'], RequestHeaders: ['Sec-Foo'] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'forbidden request-header name with Proxy- prefix',
    cfg: { Origins: ['https://example.com'], RequestHeaders: ['Proxy-Foo'] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'prohibited request-header name',
    cfg: { Origins: ['https://example.com'], RequestHeaders: ['Access-Control-Allow-Origin'] },
    paths: ['requestHeaders[0]'],
  },
  {
    desc: 'max age less than -1',
    cfg: {
      Origins: ['https://example.com'],
      RequestHeaders: ['Content-Type', 'Authorization'],
      MaxAgeInSeconds: -2,
    },
    paths: ['maxAge'],
  },
  {
    desc: 'max age exceeds upper bound',
    cfg: {
      Origins: ['https://example.com'],
      RequestHeaders: ['Content-Type', 'Authorization'],
      MaxAgeInSeconds: 86_401,
    },
    paths: ['maxAge'],
  },
  {
    desc: 'empty response-header name',
    cfg: { Origins: ['https://example.com'], ResponseHeaders: [''] },
    paths: ['exposeHeaders[0]'],
  },
  {
    desc: 'invalid response-header name',
    cfg: { Origins: ['https://example.com'], ResponseHeaders: ['résumé'] },
    paths: ['exposeHeaders[0]'],
  },
  {
    desc: 'forbidden response-header name',
    cfg: { Origins: ['https://example.com'], ResponseHeaders: ['Set-Cookie'] },
    paths: ['exposeHeaders[0]'],
  },
  {
    desc: 'prohibited response-header name',
    cfg: { Origins: ['https://example.com'], ResponseHeaders: ['Access-Control-Request-Method'] },
    paths: ['exposeHeaders[0]'],
  },
  {
    desc: 'wildcard origin with Credentialed',
    cfg: { Origins: ['*'], Credentialed: true },
    paths: ['origins'],
  },
  {
    desc: 'insecure origin with Credentialed without DangerouslyTolerateInsecureOrigins',
    cfg: { Origins: ['http://example.com:6060', 'http://*.example.com:6060'], Credentialed: true },
    paths: ['origins[0]', 'origins[1]'],
  },
  {
    desc: 'wildcard pattern encompassing subdomains of a public suffix with Credentialed without DangerouslyTolerateSubdomainsOfPublicSuffixes',
    cfg: { Origins: ['https://*.com'], Credentialed: true },
    paths: ['origins[0]'],
  },
  {
    desc: 'wildcard response-header name with Credentialed',
    cfg: { Origins: ['https://example.com'], Credentialed: true, ResponseHeaders: ['*'] },
    paths: ['exposeHeaders'],
  },
  {
    desc: 'multiple configuration issues',
    cfg: {
      Origins: ['http://example.com', 'https://example.com/'],
      Methods: ['CONNECT', 'résumé'],
      RequestHeaders: ['résumé', 'Access-Control-Allow-Origin'],
      MaxAgeInSeconds: 86_401,
    },
    paths: ['origins[1]', 'methods[0]', 'methods[1]', 'requestHeaders[0]', 'requestHeaders[1]', 'maxAge'],
  },
];

function invalidCase(c: InvalidCase): PortedCase {
  const run = async () => {
    let issues: readonly { path: string; severity: string }[] = [];
    assert.throws(
      () => compileConfig(c.cfg),
      (e: unknown) => {
        if (!(e instanceof CorsPolicyError)) return false;
        issues = e.issues;
        return true;
      },
    );
    const errors = issues.filter((i) => i.severity === 'error').map((i) => i.path);
    for (const path of c.paths) assert.ok(errors.includes(path), `no error at ${path}: ${errors.join(', ')}`);
  };
  const d = c.divergence;
  return {
    title: `TestConfig_invalid: ${c.desc}`,
    run,
    divergence: d && {
      input: `Config ${JSON.stringify(c.cfg)}`,
      peer: `refuses it (${c.paths.join(', ')})`,
      corskit: d.corskit,
      why: d.why,
      change: d.change,
      check: async () => {
        compileConfig(c.cfg);
      },
    },
  };
}

// --- origin patterns --------------------------------------------------------------------------

interface PatternData {
  parsePattern: Array<{ desc: string; input: string; valid: boolean; kind?: string }>;
  isDeemedInsecure: Array<{ pattern: string; want: boolean }>;
  hostIsEffectiveTLD: Array<{ pattern: string; want: boolean }>;
}

const data = JSON.parse(
  readFileSync(new URL('./origin-patterns.json', import.meta.url), 'utf8'),
) as PatternData;

/** corskit's verdict on one origin entry: accepted, or refused with an error. */
function accepts(options: PolicyOptions): boolean {
  try {
    createPolicy(options);
    return true;
  } catch (error) {
    if (!(error instanceof CorsPolicyError)) throw error;
    return false;
  }
}

/** A fully qualified host (`example.com.`) is its own origin, rarely meant; corskit refuses it. */
const trailingDot: Entry = {
  corskit: 'refuses a host ending with "." (a fully qualified name is a different origin from the usual one)',
  why: 'not supported',
  change: 'list the host without the trailing dot; use a predicate if you must serve the fully qualified one',
};

/** Divergences of the origin-pattern tables, keyed by the ported title. */
const patternDivergences: Record<string, Entry> = {
  'TestParsePattern: null origin': {
    corskit: 'accepts "null" as a listed origin (with a warning)',
    why: 'not supported',
    change: 'nothing; list "null" only if you must serve sandboxed documents',
  },
  'TestParsePattern: wildcard character sequence followed by 252 chars': {
    corskit:
      'accepts the pattern: its base domain is a valid name, and no subdomain of it longer than 253 characters can ever match',
    why: 'not supported',
    change: 'nothing: no browser can send an origin that long, so the pattern can only match valid names',
  },
  'TestParsePattern: trailing full stop in host': trailingDot,
  'TestIsDeemedInsecure: https://localhost.': trailingDot,
  'TestIsDeemedInsecure: http://localhost.': trailingDot,
  'TestIsDeemedInsecure: https://*.localhost.': trailingDot,
  'TestIsDeemedInsecure: http://*.localhost.': trailingDot,
  'TestIsDeemedInsecure: https://foo.localhost.': trailingDot,
  'TestIsDeemedInsecure: http://foo.localhost.': trailingDot,
  'TestIsDeemedInsecure: https://foo.bar.baz.localhost.': trailingDot,
  'TestIsDeemedInsecure: http://foo.bar.baz.localhost.': trailingDot,
};

function verdictCase(
  title: string,
  input: string,
  options: PolicyOptions,
  peerAccepts: boolean,
  peer: string,
): PortedCase {
  const d = patternDivergences[title];
  return {
    title,
    run: async () =>
      assert.equal(
        accepts(options),
        peerAccepts,
        `${input}: jub0bs ${peerAccepts ? 'accepts' : 'refuses'} it`,
      ),
    divergence: d && {
      input,
      peer,
      corskit: d.corskit + (d.awaits ? ` [until ${d.awaits} is merged]` : ''),
      why: d.why,
      change: d.change,
      check: async () => assert.equal(accepts(options), !peerAccepts),
    },
  };
}

/** An origin a browser would send that a valid exact pattern must allow, through evaluate(). */
async function evaluateAllows(pattern: string): Promise<void> {
  if (pattern.includes('*')) return;
  const decision = await createPolicy({ origins: [pattern] }).evaluate({
    method: 'GET',
    header: (name) => (name === 'origin' ? pattern : null),
  });
  assert.equal(decision.allowed, true, `evaluate() refuses ${pattern}`);
}

const patternCases: PortedCase[] = [
  ...data.parsePattern.map((p) => {
    const c = verdictCase(
      `TestParsePattern: ${p.desc}`,
      p.input.length > 80 ? `origins: [${p.input.length}-char pattern]` : `origins: ['${p.input}']`,
      { origins: [p.input] },
      p.valid,
      p.valid ? `a valid pattern (${p.kind})` : 'refuses it',
    );
    if (!p.valid || c.divergence) return c;
    return {
      ...c,
      run: async () => {
        await c.run();
        await evaluateAllows(p.input);
      },
    };
  }),
  ...data.isDeemedInsecure.map((p) =>
    verdictCase(
      `TestIsDeemedInsecure: ${p.pattern}`,
      `origins: ['${p.pattern}'], credentials: true`,
      { origins: [p.pattern], credentials: true },
      !p.want,
      p.want ? 'deems it insecure: refused with credentials' : 'deems it secure: accepted with credentials',
    ),
  ),
  ...data.hostIsEffectiveTLD.map((p) =>
    verdictCase(
      `TestHostIsEffectiveTLD: ${p.pattern}`,
      `origins: ['${p.pattern}']`,
      { origins: [p.pattern] },
      !p.want,
      p.want
        ? 'a public suffix: refused (with credentials, unless tolerated)'
        : 'not a public suffix: accepted',
    ),
  ),
];

export const jub0bsCors: PortedSuite = {
  peer: 'jub0bs/cors',
  source:
    'github.com/jub0bs/cors@b30599e182f5808a4d059ed9ee51181a81e002fa config_test.go (TestConfig, TestConfig_invalid), internal/origins/pattern_test.go (as origin-patterns.json)',
  against: 'createPolicy and evaluate',
  cases: [...validConfig.map(validCase), ...invalidConfig.map(invalidCase), ...patternCases],
};
