// expressjs/cors's test suite (test/test.js, error-response.js, example-app.js, issue-2.js at
// 5317ebe670db2aaebc1d496eb5d33493deefb3ed), ported to run corskit/compat inside real Express over
// loopback instead of cors with a fake request/response. Titles are the peer's. Its FakeRequest
// (Origin http://example.com, Access-Control-Request-Headers "x-header-1, x-header-2") becomes a
// real request; "next() was called" becomes the app's next middleware answering 200 "next".
// MIT License, Copyright (c) 2013 Troy Goode: see LICENSE beside this file.
import assert from 'node:assert/strict';
import express from 'express';
import compatCors, {
  type CorsOptionsDelegate,
  type CorsPackageOptions,
} from '../../../src/adapters/compat.js';
import { send } from '../../adapters/support/http-client.js';
import { listen } from '../../adapters/support/listen.js';
import {
  asPreflight,
  type Divergence,
  type Exchange,
  type Expected,
  expectExchange,
  type PortedCase,
  type PortedSuite,
} from '../support/ported.js';

const FAKE_HEADERS = {
  origin: 'http://example.com',
  'access-control-request-headers': 'x-header-1, x-header-2',
};
const fake = (method: string, headers: Record<string, string> = FAKE_HEADERS): Exchange => ({
  method,
  headers,
});
const quiet = { warn: () => {} };

type Options = CorsPackageOptions | CorsOptionsDelegate;

/** Express with compat mounted, then a `next` middleware (optionally something before compat). */
async function withCompat(
  options: Options | undefined,
  body: (base: string) => Promise<void>,
  before?: express.RequestHandler,
): Promise<void> {
  const app = express();
  if (before) app.use(before);
  app.use(options === undefined ? compatCors(undefined, quiet) : compatCors(options, quiet));
  app.use((_req, res) => {
    res.status(200).send('next');
  });
  const server = await listen(app);
  try {
    await body(server.origin);
  } finally {
    await server.close();
  }
}

const exchangeCase = (options: Options | undefined, exchange: Exchange, expected: Expected) => () =>
  withCompat(options, (base) => expectExchange(base, exchange, expected));

/** A peer test: the exchange as written, and its expectation. */
function ported(
  title: string,
  options: Options | undefined,
  exchange: Exchange,
  expected: Expected,
  divergence?: Omit<Divergence, 'check'> & { corskitExpected: Expected; corskitExchange?: Exchange },
): PortedCase {
  return {
    title,
    run: exchangeCase(options, exchange, expected),
    divergence: divergence && {
      ...divergence,
      check: exchangeCase(options, divergence.corskitExchange ?? exchange, divergence.corskitExpected),
    },
  };
}

/** The fake OPTIONS request has no Access-Control-Request-Method: no browser sends that as a preflight. */
const notAPreflight = {
  peer: 'treats every OPTIONS request as a preflight and answers it',
  corskit: 'not a preflight (no Access-Control-Request-Method): passes it to the next middleware',
  why: 'Fetch Standard' as const,
  change: 'nothing for browsers (they always send Access-Control-Request-Method); tests must send it',
  corskitExpected: { status: 200, body: 'next' },
};

/** A test with an OPTIONS request without ACRM: ported as written (divergent) and as a realistic preflight. */
function optionsPair(
  title: string,
  options: Options | undefined,
  requested: string,
  expected: Expected,
  realisticDivergence?: Omit<Divergence, 'check' | 'input'> & { corskitExpected: Expected },
  asWritten: (Omit<Divergence, 'check' | 'input'> & { corskitExpected: Expected }) | null = notAPreflight,
): PortedCase[] {
  const input = `${describeOptions(options)}; OPTIONS, Origin: http://example.com`;
  const pre = asPreflight(fake('OPTIONS'), requested);
  return [
    ported(
      title,
      options,
      fake('OPTIONS'),
      expected,
      asWritten ? { ...asWritten, input: `${input}, no ACRM` } : undefined,
    ),
    ported(
      `${title} [realistic preflight]`,
      options,
      pre,
      expected,
      realisticDivergence && { ...realisticDivergence, input: `${input}, ACRM: ${requested}` },
    ),
  ];
}

function describeOptions(options: Options | undefined): string {
  if (options === undefined) return 'cors()';
  if (typeof options === 'function') return 'cors(delegate)';
  return `cors(${JSON.stringify(options, (_k, v) => (v instanceof RegExp ? String(v) : typeof v === 'function' ? 'fn' : v))})`;
}

const methodsList = {
  peer: 'Access-Control-Allow-Methods lists every configured method',
  corskit: 'Access-Control-Allow-Methods names the requested method only',
  why: 'Fetch Standard' as const,
  change:
    'nothing for browsers (the method check only needs the requested method); assert on the requested method',
};

const listSeparator = {
  peer: 'joins a list with ","',
  corskit: 'joins it with ", "',
  why: 'HTTP standard' as const,
  change:
    'nothing for browsers (RFC 9110 lists allow optional whitespace); compare parsed lists, not strings',
};

const headersNotAllowed = {
  peer: 'answers the preflight with the configured headers whatever was requested',
  corskit: 'refuses the preflight (403): x-header-1 is not an allowed header',
  why: 'Fetch Standard' as const,
  change: 'nothing: a browser blocks this request either way; list the headers your clients send',
  corskitExpected: { status: 403, headers: { 'access-control-allow-origin': undefined } },
};

const fixedStringOrigin = {
  peer: 'sends the configured string as Access-Control-Allow-Origin whatever the Origin',
  corskit: 'drops "delegate.com" (not an origin, no browser sends it) with a warning: no CORS headers',
  why: 'security hardening' as const,
  change: "write a real origin ('https://delegate.com'); it is then matched against the request",
};

const cases: PortedCase[] = [
  {
    title: 'does not alter `options` configuration object',
    run: async () => {
      const options = Object.freeze({ origin: 'custom-origin' });
      assert.doesNotThrow(() => compatCors(options, quiet));
    },
  },
  ported('passes control to next middleware', undefined, fake('GET'), { status: 200, body: 'next' }),
  ...optionsPair('shortcircuits preflight requests', undefined, 'GET', { status: 204, body: '' }),
  ...optionsPair(
    'can configure preflight success response status code',
    { optionsSuccessStatus: 200 },
    'GET',
    {
      status: 200,
      body: '',
    },
  ),
  ...optionsPair(
    "doesn't shortcircuit preflight requests with preflightContinue option",
    { preflightContinue: true },
    'GET',
    { status: 200, body: 'next' },
    undefined,
    null, // passing it on is what the test wants, preflight or not
  ),
  {
    title: 'normalizes method names',
    // A lower-case "options" never reaches an app: browsers normalise it (Fetch), and Node's HTTP
    // parser answers 400 before any middleware runs. The realistic request is upper case.
    run: async () => {
      const status = await rawMethodStatus('options');
      assert.equal(status, 204);
    },
    divergence: {
      input: 'cors(); a request line "options / HTTP/1.1"',
      peer: 'upper-cases the method and answers 204 (with a fake request object)',
      corskit: "never sees it: Node's HTTP parser answers 400 (and browsers send OPTIONS)",
      why: 'Fetch Standard',
      change: 'nothing: fetch() normalises "options" to "OPTIONS"',
      check: async () => assert.equal(await rawMethodStatus('options'), 400),
    },
  },
  ...optionsPair(
    'includes Content-Length response header',
    undefined,
    'GET',
    { headers: { 'content-length': '0' } },
    {
      peer: 'sends Content-Length: 0 on its 204',
      corskit: 'sends no Content-Length on a 204 (it does on a 200 preflight)',
      why: 'HTTP standard',
      change:
        'nothing (RFC 9110 §8.6: a server must not send Content-Length in a 204); Safari handles a 204 without it',
      corskitExpected: { status: 204, headers: { 'content-length': undefined } },
    },
  ),
  ported('no options enables default CORS to all origins', undefined, fake('GET'), {
    headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': undefined },
  }),
  ...optionsPair(
    'OPTION call with no options enables default CORS to all origins and methods',
    undefined,
    'PUT',
    {
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      },
    },
    {
      ...methodsList,
      corskitExpected: {
        status: 204,
        headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' },
      },
    },
  ),
  ...optionsPair(
    'overrides defaults',
    {
      origin: 'http://example.com',
      methods: ['FOO', 'bar'],
      headers: ['FIZZ', 'buzz'],
      credentials: true,
      maxAge: 123,
    },
    'FOO',
    {
      status: 204,
      headers: {
        'access-control-allow-origin': 'http://example.com',
        'access-control-allow-methods': 'FOO,bar',
        'access-control-allow-headers': 'FIZZ,buzz',
        'access-control-allow-credentials': 'true',
        'access-control-max-age': '123',
      },
    },
    headersNotAllowed,
  ),
  ported('matches request origin against regexp', { origin: /:\/\/(.+\.)?example.com$/ }, fake('GET'), {
    headers: { 'access-control-allow-origin': 'http://example.com', vary: 'Origin' },
  }),
  ported(
    'matches request origin against array of origin checks',
    { origin: [/foo\.com$/, 'http://example.com'] },
    fake('GET'),
    {
      headers: { 'access-control-allow-origin': 'http://example.com', vary: 'Origin' },
    },
  ),
  ported(
    "doesn't match request origin against array of invalid origin checks",
    { origin: [/foo\.com$/, 'bar.com'] },
    fake('GET'),
    {
      headers: { 'access-control-allow-origin': undefined, vary: 'Origin' },
    },
  ),
  ported(
    'origin of false disables cors',
    { origin: false, methods: ['FOO', 'bar'], headers: ['FIZZ', 'buzz'], credentials: true, maxAge: 123 },
    fake('GET'),
    {
      headers: {
        'access-control-allow-origin': undefined,
        'access-control-allow-methods': undefined,
        'access-control-allow-headers': undefined,
        'access-control-allow-credentials': undefined,
        'access-control-max-age': undefined,
      },
    },
  ),
  ported('can override origin', { origin: 'http://example.com' }, fake('GET'), {
    headers: { 'access-control-allow-origin': 'http://example.com' },
  }),
  ported('includes Vary header for specific origins', { origin: 'http://example.com' }, fake('GET'), {
    headers: { vary: 'Origin' },
  }),
  {
    title: 'appends to an existing Vary header',
    run: () =>
      withCompat(
        { origin: 'http://example.com' },
        (base) => expectExchange(base, fake('GET'), { headers: { vary: 'Foo, Origin' } }),
        (_req, res, next) => {
          res.setHeader('Vary', 'Foo');
          next();
        },
      ),
  },
  ported('origin defaults to *', undefined, fake('GET'), { headers: { 'access-control-allow-origin': '*' } }),
  ported(
    'specifying true for origin reflects requesting origin',
    { origin: true },
    fake('GET'),
    { headers: { 'access-control-allow-origin': 'http://example.com' } },
    {
      input: 'cors({ origin: true }); GET, Origin: http://example.com',
      peer: 'echoes the Origin',
      corskit: 'sends Access-Control-Allow-Origin: * (no credentials, so it grants exactly the same)',
      why: 'Fetch Standard',
      change:
        'nothing for browsers; with credentials: true the origin is echoed (and a warning says to list origins)',
      corskitExpected: { headers: { 'access-control-allow-origin': '*' } },
    },
  ),
  ported(
    'should allow origin when callback returns true',
    { origin: (_o, cb) => cb(null, true) },
    fake('GET'),
    {
      headers: { 'access-control-allow-origin': 'http://example.com' },
    },
  ),
  ported(
    'should not allow origin when callback returns false',
    { origin: (_o, cb) => cb(null, false) },
    fake('GET'),
    {
      headers: {
        'access-control-allow-origin': undefined,
        'access-control-allow-methods': undefined,
        'access-control-allow-headers': undefined,
        'access-control-allow-credentials': undefined,
        'access-control-max-age': undefined,
      },
    },
  ),
  {
    title: 'should not override options.origin callback',
    run: () =>
      withCompat({ origin: (sent, cb) => cb(null, sent === 'http://example.com') }, async (base) => {
        await expectExchange(base, fake('GET'), {
          headers: { 'access-control-allow-origin': 'http://example.com' },
        });
        await expectExchange(base, fake('GET', { origin: 'http://localhost' }), {
          headers: {
            'access-control-allow-origin': undefined,
            'access-control-allow-methods': undefined,
            'access-control-allow-headers': undefined,
            'access-control-allow-credentials': undefined,
            'access-control-max-age': undefined,
          },
        });
      }),
  },
  ...optionsPair(
    'can override methods',
    { methods: ['method1', 'method2'] },
    'method1',
    { status: 204, headers: { 'access-control-allow-methods': 'method1,method2' } },
    {
      ...methodsList,
      corskitExpected: { status: 204, headers: { 'access-control-allow-methods': 'method1' } },
    },
  ),
  ...optionsPair(
    'methods defaults to GET, HEAD, PUT, PATCH, POST, DELETE',
    undefined,
    'DELETE',
    { status: 204, headers: { 'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE' } },
    {
      ...methodsList,
      corskitExpected: { status: 204, headers: { 'access-control-allow-methods': 'DELETE' } },
    },
  ),
  ...optionsPair(
    'can specify allowed headers as array',
    { allowedHeaders: ['header1', 'header2'] },
    'GET',
    { headers: { 'access-control-allow-headers': 'header1,header2', vary: undefined } },
    headersNotAllowed,
  ),
  ...optionsPair(
    'can specify allowed headers as string',
    { allowedHeaders: 'header1,header2' },
    'GET',
    { headers: { 'access-control-allow-headers': 'header1,header2', vary: undefined } },
    headersNotAllowed,
  ),
  ported(
    'specifying an empty list or string of allowed headers will result in no response header for allowed headers',
    { allowedHeaders: [] },
    fake('GET'),
    { headers: { 'access-control-allow-headers': undefined, vary: undefined } },
  ),
  ...optionsPair(
    'if no allowed headers are specified, defaults to requested allowed headers',
    undefined,
    'GET',
    {
      headers: {
        'access-control-allow-headers': 'x-header-1, x-header-2',
        vary: 'Access-Control-Request-Headers',
      },
    },
    {
      peer: 'echoes Access-Control-Request-Headers and varies on it only',
      corskit:
        'answers Access-Control-Allow-Headers: * (any header but Authorization, which it lists when requested) and varies on Origin, ACRM and ACRH',
      why: 'Fetch Standard',
      change: 'nothing for uncredentialed requests; with credentials, list allowedHeaders',
      corskitExpected: {
        status: 204,
        headers: {
          'access-control-allow-headers': '*',
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
        },
      },
    },
  ),
  ported(
    'can specify exposed headers as array',
    { exposedHeaders: ['custom-header1', 'custom-header2'] },
    fake('GET'),
    { headers: { 'access-control-expose-headers': 'custom-header1,custom-header2' } },
    {
      ...listSeparator,
      input: "cors({ exposedHeaders: ['custom-header1', 'custom-header2'] }); GET",
      corskitExpected: { headers: { 'access-control-expose-headers': 'custom-header1, custom-header2' } },
    },
  ),
  ported(
    'can specify exposed headers as string',
    { exposedHeaders: 'custom-header1,custom-header2' },
    fake('GET'),
    { headers: { 'access-control-expose-headers': 'custom-header1,custom-header2' } },
    {
      ...listSeparator,
      input: "cors({ exposedHeaders: 'custom-header1,custom-header2' }); GET",
      corskitExpected: { headers: { 'access-control-expose-headers': 'custom-header1, custom-header2' } },
    },
  ),
  ported(
    'specifying an empty list or string of exposed headers will result in no response header for exposed headers',
    { exposedHeaders: [] },
    fake('GET'),
    { headers: { 'access-control-expose-headers': undefined } },
  ),
  ...optionsPair(
    'includes credentials if explicitly enabled',
    { credentials: true },
    'GET',
    { headers: { 'access-control-allow-credentials': 'true' } },
    {
      peer: 'sends Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true',
      corskit: 'warns and drops credentials: browsers refuse every credentialed response with ACAO *',
      why: 'security hardening',
      change: "list the origins to use credentials: origin: ['https://app.example.com']",
      corskitExpected: { status: 204, headers: { 'access-control-allow-credentials': undefined } },
    },
  ),
  ported('does not includes credentials unless explicitly enabled', undefined, fake('GET'), {
    headers: { 'access-control-allow-credentials': undefined },
  }),
  ...optionsPair('includes maxAge when specified', { maxAge: 456 }, 'GET', {
    headers: { 'access-control-max-age': '456' },
  }),
  ...optionsPair('includes maxAge when specified and equals to zero', { maxAge: 0 }, 'GET', {
    headers: { 'access-control-max-age': '0' },
  }),
  ported('does not includes maxAge unless specified', undefined, fake('GET'), {
    headers: { 'access-control-max-age': undefined },
  }),
  ported(
    'handles options specified via callback',
    (_req, cb) => cb(null, { origin: 'delegate.com' }),
    fake('GET'),
    { headers: { 'access-control-allow-origin': 'delegate.com' } },
    {
      ...fixedStringOrigin,
      input: "cors((req, cb) => cb(null, { origin: 'delegate.com' })); GET, Origin: http://example.com",
      corskitExpected: { status: 200, headers: { 'access-control-allow-origin': undefined } },
    },
  ),
  ...optionsPair(
    'handles options specified via callback for preflight',
    (_req, cb) => cb(null, { origin: 'delegate.com', maxAge: 1000 }),
    'GET',
    { headers: { 'access-control-allow-origin': 'delegate.com', 'access-control-max-age': '1000' } },
    {
      ...fixedStringOrigin,
      corskitExpected: { status: 403, headers: { 'access-control-allow-origin': undefined } },
    },
    {
      ...notAPreflight,
      corskitExpected: { status: 200, headers: { 'access-control-allow-origin': undefined } },
    },
  ),
  {
    title: 'handles error specified via callback',
    run: async () => {
      const app = express();
      app.use(compatCors((_req, cb) => cb('some error'), quiet));
      let seen: unknown;
      app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        seen = err;
        res.status(500).end();
      });
      const server = await listen(app);
      try {
        await send(`${server.origin}/`, { headers: FAKE_HEADERS });
        assert.equal(seen, 'some error');
      } finally {
        await server.close();
      }
    },
  },
  ...errorResponseCases(),
  ...exampleAppCases(),
  ...issue2Cases(),
];

/** test/error-response.js: cors() first, errors after it keep ACAO. No Origin header (supertest). */
function errorResponseCases(): PortedCase[] {
  const app = () => {
    const a = express();
    a.use(compatCors(undefined, quiet));
    a.post('/five-hundred', (_req, _res, next) => next(new Error('nope')));
    a.post('/four-oh-one', (_req, _res, next) => next(new Error('401')));
    a.post('/four-oh-four', (_req, _res, next) => next());
    a.use((err: Error, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (err.message === '401') res.status(401).send('unauthorized');
      else next(err);
    });
    // Express's final handler prints the error (with its stack) in the body outside production.
    a.set('env', 'test');
    return a;
  };
  const run = (path: string, expected: Expected) => async () => {
    const server = await listen(app());
    try {
      await expectExchange(server.origin, { method: 'POST', path }, expected);
    } finally {
      await server.close();
    }
  };
  return [
    {
      title: 'error response 500',
      run: run('/five-hundred', {
        status: 500,
        body: /Error: nope/,
        headers: { 'access-control-allow-origin': '*' },
      }),
    },
    {
      title: 'error response 401',
      run: run('/four-oh-one', {
        status: 401,
        body: 'unauthorized',
        headers: { 'access-control-allow-origin': '*' },
      }),
    },
    {
      title: 'error response 404',
      run: run('/four-oh-four', { status: 404, headers: { 'access-control-allow-origin': '*' } }),
    },
  ];
}

/** test/example-app.js: cors() on single routes. No Origin header (supertest). */
function exampleAppCases(): PortedCase[] {
  const simple = () => {
    const a = express();
    a.head('/', compatCors(undefined, quiet), (_req, res) => {
      res.status(204).send();
    });
    a.get('/', compatCors(undefined, quiet), (_req, res) => {
      res.send('Hello World (Get)');
    });
    a.post('/', compatCors(undefined, quiet), (_req, res) => {
      res.send('Hello World (Post)');
    });
    return a;
  };
  const complex = () => {
    const a = express();
    a.options('/', compatCors(undefined, quiet));
    a.delete('/', compatCors(undefined, quiet), (_req, res) => {
      res.send('Hello World (Delete)');
    });
    return a;
  };
  const run = (make: () => express.Express, exchange: Exchange, expected: Expected) => async () => {
    const server = await listen(make());
    try {
      await expectExchange(server.origin, exchange, expected);
    } finally {
      await server.close();
    }
  };
  const acao = { 'access-control-allow-origin': '*' };
  const optionsExpected: Expected = { status: 204, headers: acao };
  return [
    {
      title: 'example app GET works',
      run: run(simple, { method: 'GET' }, { status: 200, body: 'Hello World (Get)', headers: acao }),
    },
    { title: 'example app HEAD works', run: run(simple, { method: 'HEAD' }, { status: 204, headers: acao }) },
    {
      title: 'example app POST works',
      run: run(simple, { method: 'POST' }, { status: 200, body: 'Hello World (Post)', headers: acao }),
    },
    {
      title: 'example app OPTIONS works',
      run: run(complex, { method: 'OPTIONS' }, optionsExpected),
      divergence: {
        input: "app.options('/', cors()); OPTIONS / without Origin or ACRM",
        peer: 'answers 204 with ACAO *',
        corskit: "not a preflight: passes it on, and Express's automatic OPTIONS answer (200, Allow) replies",
        why: 'Fetch Standard',
        change: 'nothing for browsers (a preflight always has Origin and ACRM)',
        check: run(complex, { method: 'OPTIONS' }, { status: 200, headers: acao }),
      },
    },
    {
      title: 'example app OPTIONS works [realistic preflight]',
      run: run(
        complex,
        {
          method: 'OPTIONS',
          headers: { origin: 'http://example.com', 'access-control-request-method': 'DELETE' },
        },
        optionsExpected,
      ),
    },
    {
      title: 'example app DELETE works',
      run: run(complex, { method: 'DELETE' }, { status: 200, body: 'Hello World (Delete)', headers: acao }),
    },
  ];
}

/** test/issue-2.js: route-level cors with origin: true and credentials. */
function issue2Cases(): PortedCase[] {
  const options: CorsPackageOptions = { origin: true, methods: ['POST'], credentials: true, maxAge: 3600 };
  const make = () => {
    const a = express();
    a.options('/api/login', compatCors(options, quiet));
    a.post('/api/login', compatCors(options, quiet), (_req, res) => {
      res.send('LOGIN');
    });
    return a;
  };
  const run = (exchange: Exchange, expected: Expected) => async () => {
    const server = await listen(make());
    try {
      await expectExchange(server.origin, exchange, expected);
    } finally {
      await server.close();
    }
  };
  const origin = { origin: 'http://example.com' };
  const expected: Expected = {
    status: 204,
    headers: { 'access-control-allow-origin': 'http://example.com' },
  };
  return [
    {
      title: 'issue #2 OPTIONS works',
      run: run({ method: 'OPTIONS', path: '/api/login', headers: origin }, expected),
      divergence: {
        input:
          "cors({ origin: true, methods: ['POST'], credentials: true, maxAge: 3600 }); OPTIONS with Origin, no ACRM",
        peer: 'answers 204 with the origin echoed',
        corskit:
          "not a preflight: passes it on, and Express's automatic OPTIONS answer (200) replies, with the CORS headers of an actual response",
        why: 'Fetch Standard',
        change: 'nothing for browsers (a preflight always has ACRM)',
        check: run(
          { method: 'OPTIONS', path: '/api/login', headers: origin },
          { status: 200, headers: { 'access-control-allow-origin': 'http://example.com' } },
        ),
      },
    },
    {
      title: 'issue #2 OPTIONS works [realistic preflight]',
      run: run(
        {
          method: 'OPTIONS',
          path: '/api/login',
          headers: { ...origin, 'access-control-request-method': 'POST' },
        },
        expected,
      ),
    },
    {
      title: 'issue #2 POST works',
      run: run(
        { method: 'POST', path: '/api/login', headers: origin },
        { status: 200, body: 'LOGIN', headers: { 'access-control-allow-origin': 'http://example.com' } },
      ),
    },
  ];
}

/** Sends a request line with a lower-case method over a raw socket; the status Node answers. */
async function rawMethodStatus(method: string): Promise<number> {
  const { connect } = await import('node:net');
  let status = 0;
  await withCompat(undefined, async (base) => {
    const { hostname, port } = new URL(base);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end(
          `${method} / HTTP/1.1\r\nHost: ${hostname}\r\nOrigin: http://example.com\r\nConnection: close\r\n\r\n`,
        );
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
  });
  return status;
}

export const expressjsCors: PortedSuite = {
  peer: 'expressjs/cors',
  source:
    'github.com/expressjs/cors@5317ebe670db2aaebc1d496eb5d33493deefb3ed test/{test,error-response,example-app,issue-2}.js',
  against: 'corskit/compat in Express 5',
  cases,
};
