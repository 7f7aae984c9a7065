// corskit/compat against the `cors` package itself: for the package's documented, safe option
// combinations, both run over real Express and a browser's verdict (allowed/blocked) must agree
// for every generated request. Plus the warnings and strict mode for its dangerous options.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import corsPackage from 'cors';
import express from 'express';
import fc from 'fast-check';
import compatCors, {
  CorsCompatError,
  type CorsPackageOptions,
  mapCorsOptions,
} from '../../src/adapters/compat.js';
import { type BrowserRequest, browserVerdict } from './support/browser-verdict.js';
import { send } from './support/http-client.js';
import { listen, type Running } from './support/listen.js';

const POOL = [
  'https://app.example.com',
  'https://b.example.com',
  'http://localhost:3000',
  'https://admin.example.com',
];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function serveWith(middleware: express.RequestHandler): Promise<Running> {
  const app = express();
  app.use(middleware);
  app.use((_req, res) => {
    res.send('ok');
  });
  return listen(app);
}

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
const listOrCsv = (items: readonly string[]) =>
  fc.oneof(
    subset(items),
    subset(items).map((a) => a.join(',')),
  );

/** Static origin values the cors README documents, in their safe (anchored, listed) forms. */
const safeStaticOrigin = fc.oneof(
  fc.constantFrom(...POOL),
  fc.constantFrom(...POOL).map((o) => new RegExp(`^${escapeRegExp(o)}$`)),
  fc.constant(/^https:\/\/[a-z]+\.example\.com$/),
  fc.array(
    fc.oneof(
      fc.constantFrom(...POOL),
      fc.constantFrom(...POOL).map((o) => new RegExp(`^${escapeRegExp(o)}$`)),
    ),
    { minLength: 1, maxLength: 3 },
  ),
);

const safeOptions: fc.Arbitrary<CorsPackageOptions> = fc
  .record({
    credentials: fc.boolean(),
    origin: fc.oneof(
      safeStaticOrigin,
      safeStaticOrigin.map(
        (allow) =>
          ((_origin: string | undefined, cb: (e: Error | null, a?: unknown) => void) =>
            setImmediate(() => cb(null, allow))) as NonNullable<CorsPackageOptions['origin']>,
      ),
      fc.constant('*' as const),
      fc.constant(true),
    ),
    methods: fc.option(listOrCsv(['GET', 'PUT', 'PATCH', 'DELETE', 'POST']), { nil: undefined }),
    allowedHeaders: fc.option(listOrCsv(['Content-Type', 'X-Token', 'Authorization']), { nil: undefined }),
    exposedHeaders: fc.option(listOrCsv(['X-Id', 'ETag']), { nil: undefined }),
    maxAge: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    optionsSuccessStatus: fc.option(fc.constantFrom(200, 204), { nil: undefined }),
  })
  // Absent, not undefined: cors merges options over its defaults, so methods: undefined crashes it.
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as CorsPackageOptions)
  .filter((o) => {
    if (!o.credentials) return true;
    // The dangerous or lossy combinations are tested separately below.
    return o.origin !== '*' && o.origin !== true && o.allowedHeaders !== undefined && o.allowedHeaders !== '';
  });

const requestOrigin = fc.oneof(
  fc.constantFrom(
    ...POOL,
    'https://app.example.com.evil.net',
    'https://evil.example',
    'null',
    'http://app.example.com',
  ),
  fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.domain(),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    )
    .map(([scheme, host, port]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}`),
);

const browserRequest: fc.Arbitrary<BrowserRequest> = fc.record({
  origin: requestOrigin,
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  headers: fc
    .subarray(['content-type', 'x-token', 'authorization', 'x-other'])
    .map((names) =>
      Object.fromEntries(names.map((n) => [n, n === 'content-type' ? 'application/json' : 'v'])),
    ),
  credentials: fc.constantFrom('omit' as const, 'include' as const),
});

describe('compat: same verdicts as the cors package', () => {
  test('property: for safe cors options, a browser allows/blocks exactly the same requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        safeOptions,
        fc.array(browserRequest, { minLength: 4, maxLength: 8 }),
        async (options, requests) => {
          const reference = await serveWith(corsPackage(options as corsPackage.CorsOptions));
          const ours = await serveWith(compatCors(options, { warn: () => {} }));
          try {
            for (const request of requests) {
              const expected = await browserVerdict(`${reference.origin}/r`, request);
              const actual = await browserVerdict(`${ours.origin}/r`, request);
              assert.equal(actual, expected, JSON.stringify(request));
            }
          } finally {
            await reference.close();
            await ours.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the verdict check can tell apart: an allow-list vs reflect-all disagree on a foreign origin', async () => {
    const listed = await serveWith(compatCors({ origin: ['https://app.example.com'] }));
    const reflecting = await serveWith(corsPackage({ origin: true }));
    try {
      const request: BrowserRequest = {
        origin: 'https://evil.example',
        method: 'GET',
        headers: {},
        credentials: 'omit',
      };
      assert.equal(await browserVerdict(`${listed.origin}/`, request), 'blocked');
      assert.equal(await browserVerdict(`${reflecting.origin}/`, request), 'allowed');
    } finally {
      await listed.close();
      await reflecting.close();
    }
  });
});

describe('compat: dangerous and lossy options', () => {
  const closers: Array<() => Promise<void>> = [];
  after(() => Promise.all(closers.map((c) => c())));

  test('origin: true with credentials warns once, names the fix, and keeps cors behaviour', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      compatCors({ origin: true, credentials: true });
      const mw = compatCors({ origin: true, credentials: true });
      await new Promise((r) => setImmediate(r));
      const server = await serveWith(mw);
      closers.push(server.close);
      const res = await send(`${server.origin}/`, { headers: { origin: 'https://anyone.example' } });
      assert.equal(res.headers['access-control-allow-origin'], 'https://anyone.example');
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
    } finally {
      process.off('warning', onWarning);
    }
    const mine = warnings.filter((w) => w.includes('origin: true with credentials: true'));
    assert.equal(mine.length, 1, 'warned exactly once');
    assert.match(mine[0]!, /Fix: origin: \['https:\/\/app\.example\.com'\]/);
  });

  test('strict: true refuses origin: true with credentials, and an unanchored RegExp', () => {
    assert.throws(() => compatCors({ origin: true, credentials: true }, { strict: true }), CorsCompatError);
    assert.throws(
      () => compatCors({ origin: /example\.com$/ }, { strict: true }),
      (e: Error) => e instanceof CorsCompatError && e.message.includes('/^https:\\/\\/example\\.com$/'),
    );
    assert.throws(
      () => compatCors({ origin: ['https://a.example', /example\.com/] }, { strict: true }),
      CorsCompatError,
    );
  });

  test('an unanchored RegExp warns with the anchored fix and still matches as cors did', async () => {
    const warnings: string[] = [];
    const server = await serveWith(
      compatCors({ origin: /example\.com$/ }, { warn: (m) => warnings.push(m) }),
    );
    closers.push(server.close);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /not anchored/);
    // The fix is the user's own regex, anchored and with the scheme, so it matches a real Origin.
    const fix = /Fix: (\/.*\/) \(or/.exec(warnings[0]!)?.[1];
    assert.equal(fix, '/^https:\\/\\/example\\.com$/');
    assert.ok(new RegExp(fix!.slice(1, -1)).test('https://example.com'));
    assert.ok(!new RegExp(fix!.slice(1, -1)).test('https://evilexample.com'));
    // cors matched https://evilexample.com too; the mapping keeps that (the warning is the fix).
    const res = await send(`${server.origin}/`, { headers: { origin: 'https://evilexample.com' } });
    assert.equal(res.headers['access-control-allow-origin'], 'https://evilexample.com');
  });

  test('origin "*" with credentials warns and drops credentials (browsers never honoured them)', () => {
    const warnings: string[] = [];
    const mapped = mapCorsOptions({ credentials: true }, { warn: (m) => warnings.push(m) });
    assert.equal(mapped.policy?.config.origins, '*');
    assert.equal(mapped.policy?.config.credentials, false);
    assert.match(warnings[0]!, /origin "\*" with credentials: true/);
  });

  test('header names a browser never sends are dropped with a warning; origin: false disables CORS', async () => {
    const warnings: string[] = [];
    const mapped = mapCorsOptions(
      { origin: 'https://app.example.com', allowedHeaders: ['Content-Type', 'Origin', 'X-Token'] },
      { warn: (m) => warnings.push(m) },
    );
    assert.deepEqual(mapped.policy?.config.requestHeaders, ['content-type', 'x-token']);
    assert.match(warnings.join('\n'), /forbidden request header/);
    assert.equal(mapCorsOptions({ origin: false }).policy, undefined);
    const server = await serveWith(compatCors({ origin: false }));
    closers.push(server.close);
    const res = await send(`${server.origin}/`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers.vary, undefined);
  });

  test('preflightContinue and optionsSuccessStatus map through', async () => {
    const app = express();
    app.use(compatCors({ origin: 'https://app.example.com', optionsSuccessStatus: 200, methods: 'GET,PUT' }));
    app.use((_req, res) => {
      res.send('ok');
    });
    const server = await listen(app);
    closers.push(server.close);
    const pre = await send(`${server.origin}/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' },
    });
    assert.equal(pre.status, 200);
    const cont = mapCorsOptions({ origin: 'https://app.example.com', preflightContinue: true });
    assert.equal(cont.preflightContinue, true);
  });
});
