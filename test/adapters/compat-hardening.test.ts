// corskit/compat never lets a browser read what the `cors` package would not have let it read.
// Each case runs the real `cors` package and corskit/compat side by side over real Express, and
// compares what a browser would conclude (allowed/blocked) for credentialed and uncredentialed,
// simple and preflighted requests; plus the exact headers and the one warning with the fix.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import corsPackage from 'cors';
import express from 'express';
import compatCors, {
  CorsCompatError,
  type CorsOptionsDelegate,
  type CorsPackageOptions,
} from '../../src/adapters/compat.js';
import { type BrowserRequest, browserVerdict } from './support/browser-verdict.js';
import { send } from './support/http-client.js';
import { listen, type Running } from './support/listen.js';

const APP = 'https://app.example.com';
const SUB = 'https://api.example.com';
const EVIL = 'https://evil.example.net';
const LOCAL = 'http://localhost:3000';

async function serveWith(middleware: express.RequestHandler): Promise<Running> {
  const app = express();
  app.use(middleware);
  app.use((_req, res) => {
    res.send('ok');
  });
  return listen(app);
}

/** The browser requests each case is judged on: every origin, both credentials modes, simple and preflighted. */
function requestsFrom(origins: readonly string[]): BrowserRequest[] {
  const out: BrowserRequest[] = [];
  for (const origin of origins)
    for (const credentials of ['omit', 'include'] as const) {
      out.push({ origin, method: 'GET', headers: {}, credentials });
      out.push({ origin, method: 'PUT', headers: { 'x-token': 'v' }, credentials });
      out.push({ origin, method: 'POST', headers: { 'content-type': 'application/json' }, credentials });
    }
  return out;
}

const closers: Array<() => Promise<void>> = [];
after(() => Promise.all(closers.map((c) => c())));

/** Runs both; asserts corskit never allows a request `cors` blocks, and returns the two verdict lists. */
async function compare(
  options: CorsPackageOptions | CorsOptionsDelegate,
  origins: readonly string[],
  warn: (m: string) => void = () => {},
) {
  const reference = await serveWith(corsPackage(options as never));
  const ours = await serveWith(compatCors(options, { warn }));
  closers.push(reference.close, ours.close);
  const theirs: string[] = [];
  const mine: string[] = [];
  for (const request of requestsFrom(origins)) {
    const expected = await browserVerdict(`${reference.origin}/r`, request);
    const actual = await browserVerdict(`${ours.origin}/r`, request);
    theirs.push(expected);
    mine.push(actual);
    if (actual === 'allowed')
      assert.equal(expected, 'allowed', `corskit allows what cors does not: ${JSON.stringify(request)}`);
  }
  return { theirs, mine, server: ours };
}

describe('compat: never more than cors (security)', () => {
  test("origin callback answering '*' with credentials: '*' without credentials, never the origin echoed with credentials", async () => {
    const warnings: string[] = [];
    const options: CorsPackageOptions = { origin: (_o, cb) => cb(null, '*'), credentials: true };
    const { theirs, mine, server } = await compare(options, [EVIL, APP], (m) => warnings.push(m));
    assert.deepEqual(mine, theirs, 'same verdicts as cors');
    const actual = await send(`${server.origin}/`, { headers: { origin: EVIL } });
    assert.equal(actual.headers['access-control-allow-origin'], '*');
    assert.equal(actual.headers['access-control-allow-credentials'], undefined);
    const preflight = await send(`${server.origin}/`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'PUT' },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    const mineOnly = warnings.filter((w) => w.includes("answered '*' with credentials"));
    assert.equal(mineOnly.length, 1, 'warned exactly once');
    assert.match(mineOnly[0]!, /Fix: answer cb\(null, true\) for the origins you trust/);
  });

  test("'*' inside an origin list is a literal, as in cors: it allows nothing by itself", async () => {
    const warnings: string[] = [];
    const { theirs, mine } = await compare({ origin: ['*', APP] }, [EVIL, APP], (m) => warnings.push(m));
    assert.deepEqual(mine, theirs);
    assert.ok(mine.includes('allowed'), 'the listed origin still works');
    assert.equal(warnings.filter((w) => w.includes("origin list entry '*'")).length, 1);
  });

  test("a wildcard-looking string ('https://*.example.com', ['http://localhost:*']) is a literal, as in cors", async () => {
    for (const origin of ['https://*.example.com', ['http://localhost:*']] as const) {
      const warnings: string[] = [];
      const { theirs, mine } = await compare(
        { origin: origin as CorsPackageOptions['origin'], credentials: true, allowedHeaders: ['x-token'] },
        [SUB, LOCAL, EVIL],
        (m) => warnings.push(m),
      );
      assert.deepEqual(mine, theirs);
      assert.ok(!mine.includes('allowed'), `${origin} allowed something`);
      const warning = warnings.find((w) => w.includes('never matched'));
      assert.ok(warning, `no warning for ${origin}`);
      // The fix is a RegExp that matches what the string looks like.
      const fix = /Fix: origin: (\/.*\/) to allow/.exec(warning)?.[1];
      assert.ok(fix, warning);
      const re = new RegExp(fix.slice(1, -1));
      assert.ok(re.test(typeof origin === 'string' ? SUB : LOCAL), `${fix} does not match`);
      assert.ok(!re.test(EVIL));
    }
  });

  test('an explicit falsy origin (origin: process.env.UNSET) disables CORS, as in cors, instead of allowing "*"', async () => {
    for (const origin of [undefined, '']) {
      const { theirs, mine } = await compare({ origin } as CorsPackageOptions, [APP, EVIL]);
      assert.deepEqual(mine, theirs);
      assert.ok(!mine.includes('allowed'));
    }
  });

  test('strings a browser never sends (a trailing slash, an upper-case scheme) stay literals that never match', async () => {
    const { theirs, mine } = await compare({ origin: [`${APP}/`, 'HTTPS://api.example.com'] }, [APP, SUB]);
    assert.deepEqual(mine, theirs);
  });
});

describe('compat: accepts every option cors accepts (warning, not throwing, unless strict)', () => {
  for (const key of ['allowedHeaders', 'exposedHeaders', 'methods'] as const) {
    test(`${key}: '*' with credentials: true starts with a warning and the same verdicts`, async () => {
      const warnings: string[] = [];
      const options: CorsPackageOptions = {
        origin: [APP],
        credentials: true,
        allowedHeaders: ['x-token'],
        [key]: '*',
      };
      const { theirs, mine } = await compare(options, [APP, EVIL], (m) => warnings.push(m));
      // Credentialed requests: the same verdicts (browsers read '*' literally there). Uncredentialed
      // ones got the wildcard from cors; corskit cannot send both, so it is stricter there.
      const requests = requestsFrom([APP, EVIL]);
      requests.forEach((request, i) => {
        if (request.credentials === 'include') assert.equal(mine[i], theirs[i], JSON.stringify(request));
      });
      const warning = warnings.find((w) => w.startsWith(`corskit/compat: ${key}: '*' with credentials`));
      assert.ok(warning, warnings.join('\n'));
      assert.match(warning, /Fix: list the names/);
      assert.throws(() => compatCors(options, { strict: true }), CorsCompatError);
    });
  }
});

describe('compat: the options delegate cors((req, cb) => cb(null, options))', () => {
  const PUBLIC: CorsPackageOptions = { origin: '*' };
  // Warns at compile time: a browser never sends `Origin` as a script-set header, so it is dropped.
  const API: CorsPackageOptions = {
    origin: [APP],
    credentials: true,
    allowedHeaders: ['Origin', 'x-token', 'content-type'],
  };
  const delegate: CorsOptionsDelegate = (req, cb) => cb(null, req.url?.startsWith('/public') ? PUBLIC : API);

  test('per-request options, same verdicts as cors', async () => {
    const reference = await serveWith(corsPackage(delegate as never));
    const ours = await serveWith(compatCors(delegate, { warn: () => {} }));
    closers.push(reference.close, ours.close);
    for (const path of ['/public/x', '/api/x'])
      for (const request of requestsFrom([APP, EVIL])) {
        const expected = await browserVerdict(`${reference.origin}${path}`, request);
        const actual = await browserVerdict(`${ours.origin}${path}`, request);
        assert.equal(actual, expected, `${path} ${JSON.stringify(request)}`);
      }
    const pub = await send(`${ours.origin}/public/x`, { headers: { origin: EVIL } });
    assert.equal(pub.headers['access-control-allow-origin'], '*');
    const api = await send(`${ours.origin}/api/x`, { headers: { origin: APP } });
    assert.equal(api.headers['access-control-allow-credentials'], 'true');
  });

  test('each distinct options object is compiled once (its warning is given once, not per request)', async () => {
    const warnings: string[] = [];
    const server = await serveWith(compatCors(delegate, { warn: (m) => warnings.push(m) }));
    closers.push(server.close);
    for (let i = 0; i < 5; i++) await send(`${server.origin}/api/x`, { headers: { origin: APP } });
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });

  test('an error from the delegate goes to the error path (500), like cors', async () => {
    let runs = 0;
    const app = express();
    app.use(compatCors((_req, cb) => cb(new Error('config down'))));
    app.use((_req, res) => {
      runs++;
      res.send('ok');
    });
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).send('error path');
    });
    const server = await listen(app);
    closers.push(server.close);
    const res = await send(`${server.origin}/`, { method: 'POST', headers: { origin: APP } });
    assert.equal(res.status, 500);
    assert.equal(runs, 0);
  });
});
