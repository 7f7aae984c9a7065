// Framework generator unit tests: the origin matching each stack's output writes (read back out of
// the generated text) accepts exactly the origins the engine allows, for all origins (property);
// hostile values never reach Python, Ruby, Go or PHP source; options that make no sense for an
// application framework are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createPolicy } from '../../src/engine/create-policy.js';
import { GenerateError, generateConfig, STACK_KINDS, type StackKind } from '../../src/generate/index.js';
import { renderStack } from '../../src/generate/render-stack.js';
import { goRaw, phpSingle, pythonRaw, quoted, rubyRegex } from '../../src/generate/stack-plan.js';
import type { CorsDecision, CorsPolicy } from '../../src/policy/types.js';

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
];
const originArb = fc.oneof(
  fc
    .array(fc.constantFrom(...PIECES, '3000', '[::1]', 'null', '-', 'A', '/', ' ', ',', '\n', 'é'), {
      maxLength: 10,
    })
    .map((p) => p.join('')),
  fc.constantFrom(...ENTRIES).map((e) => e.replace('*', 'sub').replace(':*', ':8080')),
);
const policyArb = fc.uniqueArray(fc.constantFrom(...ENTRIES), { minLength: 1, maxLength: 4 });

function engineAllows(policy: CorsPolicy, origin: string): boolean {
  const d = policy.evaluate({
    method: 'GET',
    header: (n) => (n === 'origin' ? origin : null),
  }) as CorsDecision;
  return d.allowed;
}

/** Python's `\Z` and Ruby's `\A … \z` as JavaScript anchors (no `m` flag: both mean the whole input). */
const toJs = (re: string): RegExp =>
  new RegExp(re.replaceAll('\\Z', '$').replaceAll('\\A', '^').replaceAll('\\z', '$'));
const all = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1]!);

/** The origin check each stack's output performs, rebuilt from the output text alone. */
const MATCHER: Record<StackKind, (text: string) => (origin: string) => boolean> = {
  django: (text) => {
    const regexes = all(text.slice(text.indexOf('CORS_ALLOWED_ORIGIN_REGEXES')), /r"([^"]+)"/g).map(toJs);
    return (o) => regexes.some((r) => r.test(o));
  },
  flask: (text) => {
    const regexes = all(text, /re\.compile\(r"([^"]+)"\),/g).map(toJs);
    return (o) => regexes.some((r) => r.test(o));
  },
  fastapi: (text) => {
    const exact = all(/allow_origins=\[(.*)\],$/m.exec(text)?.[1] ?? '', /"([^"]+)"/g);
    const regex = /allow_origin_regex=r"([^"]+)"/.exec(text)?.[1];
    const full = regex === undefined ? undefined : toJs(`^(?:${regex})$`);
    return (o) => exact.includes(o) || (full?.test(o) ?? false);
  },
  rack: (text) => {
    const line = /origins ([\s\S]*?)\n\s+resource/.exec(text)![1]!;
    const exact = all(line, /^\s*"([^"]+)"/gm);
    const regexes = all(line, /Regexp\.new\('([^']+)'\)/g).map(toJs);
    return (o) => exact.includes(o) || regexes.some((r) => r.test(o));
  },
  go: (text) => {
    const regex = new RegExp(/regexp\.MustCompile\(`([^`]+)`\)/.exec(text)![1]!);
    const cap = /len\(origin\) <= (\d+)/.exec(text)?.[1];
    return (o) => (cap === undefined || Buffer.byteLength(o) <= Number(cap)) && regex.test(o);
  },
  php: (text) => {
    const regex = new RegExp(/preg_match\('~([^~]+)~D', \$origin\)/.exec(text)![1]!);
    return (o) => Buffer.byteLength(o) <= 326 && regex.test(o);
  },
};

for (const stack of STACK_KINDS) {
  test(`${stack}: the origins written in the output are exactly those the engine allows`, () => {
    fc.assert(
      fc.property(policyArb, originArb, (origins, origin) => {
        const policy = createPolicy({ origins });
        const accepts = MATCHER[stack](generateConfig(stack, policy).text);
        assert.equal(
          accepts(origin),
          engineAllows(policy, origin),
          `${stack} for ${JSON.stringify(origin)} with ${origins}`,
        );
      }),
      { numRuns: 400 },
    );
  });
}

test('every stack writes every method, header and exposed header of the policy, and no control character', () => {
  const policy = {
    origins: ['https://app.example.com'],
    methods: ['PUT', 'X-CUSTOM'],
    requestHeaders: ['x-token', 'x_trace'],
    exposeHeaders: ['etag'],
    credentials: true,
    maxAge: 60,
  };
  for (const stack of STACK_KINDS) {
    const text = generateConfig(stack, policy).text;
    for (const word of ['PUT', 'x-token', 'x_trace', 'etag', '60'])
      assert.ok(text.toLowerCase().includes(word.toLowerCase()), `${stack}: ${word}`);
    assert.ok(!/[\0-\x08\x0b-\x1f\x7f]/.test(text), stack);
  }
});

test('the quoting helpers refuse what their string syntax could misread', () => {
  assert.throws(() => pythonRaw('a"b'), GenerateError);
  assert.throws(() => pythonRaw('ab\\'), GenerateError);
  assert.throws(() => pythonRaw('a\nb'), GenerateError);
  assert.throws(() => rubyRegex("a'b"), GenerateError);
  assert.throws(() => rubyRegex('a#{x}b'), GenerateError);
  assert.throws(() => goRaw('a`b'), GenerateError);
  assert.throws(() => phpSingle("a'b"), GenerateError);
  assert.throws(() => phpSingle('a\nb'), GenerateError);
  for (const bad of ['x"y', "x'y", 'x$y', 'x\\y', 'x`y', 'x{y', 'x#y', 'x y'])
    assert.throws(() => quoted(bad), GenerateError, bad);
  assert.equal(rubyRegex('\\Aa\\\\b\\z'), "Regexp.new('\\Aa\\\\\\\\b\\z')");
});

test('hostile policy values are refused for every stack before any source is written', () => {
  for (const bad of ['x"y', "x'y", 'x;y', 'x$y', 'x\\y', 'x\ny', 'x`y', 'x#y']) {
    for (const stack of STACK_KINDS) {
      // The engine's validation refuses these first; the generator's own guard is tested in generate.test.ts.
      assert.throws(() => generateConfig(stack, { origins: ['https://a.example'], methods: [`PUT${bad}`] }));
      assert.throws(() =>
        generateConfig(stack, { origins: ['https://a.example'], requestHeaders: [`x-a${bad}`] }),
      );
    }
  }
});

test('--upstream, --location, RegExp and function origins are refused for the stacks with a reason', () => {
  for (const stack of STACK_KINDS) {
    assert.throws(
      () => generateConfig(stack, { origins: ['https://a.example'] }, { upstream: 'http://127.0.0.1:3000' }),
      /for nginx, Apache and Caddy/,
    );
    assert.throws(
      () => generateConfig(stack, { origins: ['https://a.example'] }, { location: '/api/' }),
      GenerateError,
    );
    assert.throws(
      () => generateConfig(stack, { origins: [/^https:\/\/a\.example$/] }),
      /only code can evaluate/,
    );
    assert.throws(() => generateConfig(stack, { origins: () => true }), /only code can evaluate/);
  }
});

test('where a library would grant more than the policy, the output narrows it and says so', () => {
  const noHeaders = generateConfig('fastapi', { origins: ['https://a.example'] }).text;
  assert.match(noHeaders, /class PolicyCORSMiddleware\(CORSMiddleware\)/);
  assert.match(noHeaders, /self\.allow_headers = \[\]/);
  const rack = generateConfig('rack', { origins: ['https://a.example'], requestHeaders: '*' }).text;
  assert.match(rack, /headers: :any/);
  assert.match(
    rack,
    /if: proc \{ \|env\| env\["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"\]\.to_s !~ .*authorization/,
  );
  const go = generateConfig('go', { origins: ['https://a.example'] }).text;
  assert.match(go, /AllowedHeaders: \[\]string\{"Origin"\}/);
  const flask = generateConfig('flask', { origins: ['https://a.example'], requestHeaders: '*' }).text;
  assert.match(flask, /\(\?!authorization\\Z\)/);
  const django = generateConfig('django', { origins: ['https://a.example'], privateNetwork: true }).text;
  assert.match(django, /cannot answer Private Network Access preflights/);
});

test('the stack generators refuse hostile values by themselves, whatever the engine validated', () => {
  const forged = (over: Partial<CorsPolicy['config']>): CorsPolicy => ({
    config: {
      origins: { exact: ['https://app.example.com'], patterns: [], allowNull: false, custom: false },
      credentials: false,
      methods: [],
      requestHeaders: [],
      exposeHeaders: [],
      maxAge: undefined,
      privateNetwork: false,
      preflightStatus: 204,
      ...over,
    },
    warnings: [],
    isAsync: false,
    evaluate: () => {
      throw new Error('not used');
    },
  });
  for (const bad of ['x"y', "x'y", 'x;y', 'x{y', 'x$y', 'x\\y', 'x\ny', 'x y', 'x#y', 'x`y']) {
    const policies = [
      forged({ methods: [`PUT${bad}`] }),
      forged({ requestHeaders: [`x-a${bad}`] }),
      forged({ exposeHeaders: [`x-a${bad}`] }),
      forged({
        origins: { exact: [`https://a${bad}.example`], patterns: [], allowNull: false, custom: false },
      }),
    ];
    for (const stack of STACK_KINDS)
      for (const policy of policies)
        assert.throws(
          () => renderStack(stack, policy, () => 'forged'),
          GenerateError,
          `${stack} accepted ${JSON.stringify(bad)}`,
        );
  }
});
