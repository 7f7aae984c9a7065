// hono's cors middleware tests (src/middleware/cors/index.test.ts at
// 28a9c128912de19f3fb28b00ae289c9b93f6f392), ported to corskit/hono in a real Hono app served by
// @hono/node-server over loopback (instead of `app.request()`). hono/cors's options are mapped to
// a corskit policy by `policyFrom` below; per-origin `allowMethods` functions become a per-request
// policy resolver. Titles are the peer's.
// MIT License, Copyright (c) 2021 - present, Yusuke Wada and Hono contributors: see LICENSE beside this file.
import assert from 'node:assert/strict';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { cors } from '../../../src/adapters/hono.js';
import { createPolicy } from '../../../src/engine/create-policy.js';
import { CorsPolicyError } from '../../../src/policy/policy-error.js';
import type { CorsPolicy, OriginPredicate, PolicyOptions } from '../../../src/policy/types.js';
import { send } from '../../adapters/support/http-client.js';
import { listen } from '../../adapters/support/listen.js';
import type { Divergence, PortedCase, PortedSuite } from '../support/ported.js';

/** hono/cors's options, as its tests use them. */
interface HonoCorsOptions {
  origin?: string | string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
  credentials?: boolean;
}

const HONO_DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'QUERY'];

/** The corskit policy for hono/cors options (empty allowHeaders: hono echoes any requested header). */
function policyFrom(o: HonoCorsOptions, origins?: OriginPredicate): PolicyOptions {
  const origin = o.origin ?? '*';
  return {
    origins: origins ?? (origin === '*' ? '*' : typeof origin === 'string' ? [origin] : origin),
    methods: o.allowMethods ?? HONO_DEFAULT_METHODS,
    requestHeaders: o.allowHeaders?.length ? o.allowHeaders : '*',
    ...(o.exposeHeaders?.length ? { exposeHeaders: o.exposeHeaders } : {}),
    ...(o.maxAge !== undefined ? { maxAge: o.maxAge } : {}),
    ...(o.credentials ? { credentials: true } : {}),
  };
}

type Res = Awaited<ReturnType<typeof send>>;
type Fetch = (path: string, init?: { method?: string; headers?: Record<string, string> }) => Promise<Res>;

/** Builds a fresh Hono app, serves it on loopback, hands the test a request function. */
async function withApp(build: (app: Hono) => void, body: (request: Fetch) => Promise<void>): Promise<void> {
  const app = new Hono();
  build(app);
  const server = await listen(getRequestListener(app.fetch));
  try {
    await body((path, init = {}) => send(`${server.origin}${path}`, init));
  } finally {
    await server.close();
  }
}

const json = (c: Context) => c.json({ success: true });
const list = (value: string | undefined, separator: RegExp = /\s*,\s*/) => value?.split(separator);

/** The peer's shared app, route by route (each test builds only what it uses). */
const api = (app: Hono) => {
  app.use('/api/*', cors(policyFrom({})));
  app.get('/api/abc', json);
  app.get(
    '/api/vary-header',
    () => new Response(JSON.stringify({ success: true }), { headers: { Vary: 'X-Custom-Vary-Value' } }),
  );
};
const api2Options: HonoCorsOptions = {
  origin: 'http://example.com',
  allowHeaders: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
  allowMethods: ['POST', 'GET', 'OPTIONS'],
  exposeHeaders: ['Content-Length', 'X-Kuma-Revision'],
  maxAge: 600,
  credentials: true,
};
const api2 = (app: Hono) => {
  app.use('/api2/*', cors(policyFrom(api2Options)));
  app.get('/api2/abc', json);
};
const api3 = (app: Hono) => {
  app.use(
    '/api3/*',
    cors(policyFrom({ origin: ['http://example.com', 'http://example.org', 'http://example.dev'] })),
  );
  app.get('/api3/abc', json);
  app.get(
    '/api3/vary-header',
    () => new Response(JSON.stringify({ success: true }), { headers: { Vary: 'X-Custom-Vary-Value' } }),
  );
};
// hono: origin: (o) => o.endsWith('.example.com') ? o : 'http://example.com' (a fixed fallback).
const subdomainsOrFixed: OriginPredicate = (o) => o.endsWith('.example.com') || o === 'http://example.com';
const api4 = (app: Hono) => {
  app.use('/api4/*', cors(policyFrom({}, subdomainsOrFixed)));
  app.get('/api4/abc', json);
};
const api8 = (app: Hono) => {
  app.use('/api8/*', cors(policyFrom({}, async (o) => subdomainsOrFixed(o))));
  app.get('/api8/abc', json);
};
// hono: origin: o === 'http://example.com' ? o : '*', allowMethods by origin: a resolver picks one of two policies.
const exampleCom = createPolicy(
  policyFrom({ origin: 'http://example.com', allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] }),
);
const anyOrigin = createPolicy(policyFrom({ allowMethods: ['GET', 'HEAD'] }));
const byOrigin = (c: Context): CorsPolicy =>
  c.req.header('origin') === 'http://example.com' ? exampleCom : anyOrigin;
const api7 = (prefix: string) => (app: Hono) => {
  app.use(`${prefix}/*`, cors(byOrigin));
  app.get(`${prefix}/abc`, () => new Response(JSON.stringify({ success: true })));
};
const api10 = (app: Hono) => {
  app.use('/api10/*', cors(policyFrom({ origin: '*', credentials: true })));
  app.get('/api10/abc', json);
};

const notAPreflight = {
  peer: 'answers every OPTIONS request as a preflight',
  why: 'Fetch Standard' as const,
  change:
    'nothing for browsers (a preflight always has Origin and Access-Control-Request-Method); tests must send both',
};

const preflightAnswer = {
  peer: 'lists every allowed method and header (and the exposed headers) on the preflight',
  corskit:
    'answers with what the preflight asked: the requested method and headers (lower case); Access-Control-Expose-Headers only on actual responses',
  why: 'Fetch Standard' as const,
  change:
    'nothing for browsers (their checks use only the requested method and headers); compare parsed, requested values',
};

const wildcardWithCredentials: Omit<Divergence, 'input'> = {
  peer: "sends Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true (browsers refuse it: 'fail closed')",
  corskit:
    'refuses the configuration at startup: CorsPolicyError, origins "*" cannot be combined with credentials: true',
  why: 'security hardening',
  change: 'list the origins that may send credentials, or drop credentials: true',
  check: async () =>
    assert.throws(
      () => createPolicy(policyFrom({ origin: '*', credentials: true })),
      (e: Error) => e instanceof CorsPolicyError && /cannot be combined with credentials/.test(e.message),
    ),
};

const api2Input = `cors(${JSON.stringify(api2Options)})`;

/** api2 lists http://example.com with credentials. */
const plainHttpWithCredentials: Omit<Divergence, 'input'> = {
  peer: 'allows the plain-http origin with credentials',
  corskit:
    'refuses the configuration at startup: a plain-http origin with credentials can be impersonated by any network attacker',
  why: 'security hardening',
  change: 'use the https:// origin (http://localhost and loopback addresses are accepted for development)',
  check: async () =>
    assert.throws(
      () => createPolicy(policyFrom(api2Options)),
      (e: Error) =>
        e instanceof CorsPolicyError && /not secure \(http:\/\/\) but credentials/.test(e.message),
    ),
};

const fixedFallbackOrigin = {
  input: "origin: (o) => o.endsWith('.example.com') ? o : 'http://example.com'; GET without Origin",
  peer: "sends the function's fallback 'http://example.com' as Access-Control-Allow-Origin to requests without an Origin",
  corskit: 'sends no Access-Control-Allow-Origin without an Origin (a predicate decides per origin)',
  why: 'Fetch Standard' as const,
  change: 'nothing for browsers (a request without Origin is not a CORS request)',
};

const cases: PortedCase[] = [
  {
    title: 'GET default',
    run: () =>
      withApp(api, async (request) => {
        const res = await request('/api/abc');
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], '*');
        assert.equal(res.headers.vary, undefined);
      }),
  },
  ...preflightDefault(),
  {
    title: 'Preflight handles a large Access-Control-Request-Headers value',
    run: () =>
      withApp(api, async (request) => {
        const res = await request('/api/abc', {
          method: 'OPTIONS',
          headers: { 'access-control-request-headers': `x${' '.repeat(200000)}x` },
        });
        assert.equal(res.status, 204);
      }),
    divergence: {
      input: 'cors(); OPTIONS with a 200 kB Access-Control-Request-Headers',
      peer: 'answers 204 (its test calls app.request() directly, with no HTTP server)',
      corskit:
        "never sees it: Node's HTTP server answers 431 above its header limit (64 kB in this test server)",
      why: 'not supported',
      change: "nothing: the engine parses any length, but a real server's header limit answers first",
      check: () =>
        withApp(api, async (request) => {
          const res = await request('/api/abc', {
            method: 'OPTIONS',
            headers: {
              origin: 'http://example.com',
              'access-control-request-headers': `x${' '.repeat(200000)}x`,
            },
          });
          assert.equal(res.status, 431);
        }),
    },
  },
  ...preflightWithOptions(),
  ...[
    ['Disallow an unmatched origin', {}],
    ['Disallow an unmatched origin [realistic preflight]', { 'access-control-request-method': 'POST' }],
  ].map(
    ([title, extra]): PortedCase => ({
      title: title as string,
      run: () =>
        withApp(api2, async (request) => {
          const headers = { origin: 'http://example.net', ...(extra as Record<string, string>) };
          const res = await request('/api2/abc', { method: 'OPTIONS', headers });
          assert.equal(res.headers['access-control-allow-origin'], undefined);
        }),
      divergence: { ...plainHttpWithCredentials, input: `${api2Input}; OPTIONS, Origin: http://example.net` },
    }),
  ),
  {
    title: 'Allow multiple origins',
    run: () =>
      withApp(api3, async (request) => {
        let res = await request('/api3/abc', { headers: { origin: 'http://example.org' } });
        assert.equal(res.headers['access-control-allow-origin'], 'http://example.org');
        res = await request('/api3/abc');
        assert.equal(
          res.headers['access-control-allow-origin'],
          undefined,
          'An unmatched origin should be disallowed',
        );
        res = await request('/api3/abc', { headers: { referer: 'http://example.net/' } });
        assert.equal(
          res.headers['access-control-allow-origin'],
          undefined,
          'An unmatched origin should be disallowed',
        );
      }),
  },
  {
    title: 'Set "Origin" to Vary header',
    run: () =>
      withApp(api3, async (request) => {
        const res = await request('/api3/abc', { headers: { origin: 'http://example.com' } });
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
        assert.equal(res.headers.vary, 'Origin');
      }),
  },
  {
    title: 'Keep original Vary header',
    run: () =>
      withApp(api, async (request) => {
        const res = await request('/api/vary-header', { headers: { origin: 'http://example.com' } });
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], '*');
        assert.equal(res.headers.vary, 'X-Custom-Vary-Value');
      }),
  },
  {
    title: 'Append "Origin" to Vary header, if response has some Vary header',
    run: () =>
      withApp(api3, async (request) => {
        const res = await request('/api3/vary-header', { headers: { origin: 'http://example.com' } });
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
        assert.equal(res.headers.vary, 'X-Custom-Vary-Value, Origin');
      }),
  },
  ...varyOnPreflight(),
  ...[
    ['Allow origins by function', api4, '/api4/abc'],
    ['Allow origins by promise returning function', api8, '/api8/abc'],
  ].map(([title, build, path]): PortedCase => {
    const run = (noOriginExpected: string | undefined) => () =>
      withApp(build as (app: Hono) => void, async (request) => {
        let res = await request(path as string, { headers: { origin: 'http://subdomain.example.com' } });
        assert.equal(res.headers['access-control-allow-origin'], 'http://subdomain.example.com');
        res = await request(path as string);
        assert.equal(res.headers['access-control-allow-origin'], noOriginExpected);
        res = await request(path as string, { headers: { referer: 'http://evil-example.com/' } });
        assert.equal(res.headers['access-control-allow-origin'], noOriginExpected);
      });
    return {
      title: title as string,
      run: run('http://example.com'),
      divergence: { ...fixedFallbackOrigin, check: run(undefined) },
    };
  }),
  {
    title: 'With raw Response object',
    run: () =>
      withApp(
        (app) => {
          app.use('/api5/*', cors(policyFrom({})));
          app.get('/api5/abc', () => new Response(JSON.stringify({ success: true })));
        },
        async (request) => {
          const res = await request('/api5/abc');
          assert.equal(res.headers['access-control-allow-origin'], '*');
          assert.equal(res.headers.vary, undefined);
        },
      ),
  },
  {
    title: 'Should not return duplicate header values',
    run: () =>
      withApp(
        (app) => {
          app.use('/api6/*', cors(policyFrom({ origin: 'http://example.com' })));
          app.use('/api6/*', cors(policyFrom({ origin: 'http://example.com' })));
          app.get('/api6/abc', json);
        },
        async (request) => {
          const res = await request('/api6/abc', { headers: { origin: 'http://example.com' } });
          assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
        },
      ),
  },
  ...methodsByOrigin('Allow methods by function', '/api7'),
  ...methodsByOrigin('Allow methods by promise returning function', '/api9'),
  ...emptyMethods(),
  ...[
    'Emits the wildcard, not the reflected origin, when credentials is true with wildcard origin',
    'Preflight emits the wildcard, not the reflected origin, when credentials is true with wildcard origin',
    'Emits the wildcard with no Origin header when credentials is true with wildcard origin',
    'Emits the wildcard for every origin (never reflects) when credentials is true with wildcard origin',
    'Origin: null gets the wildcard, not a reflected null origin, with credentials',
  ].map(
    (title): PortedCase => ({
      title,
      run: () =>
        withApp(api10, async (request) => {
          const res = await request('/api10/abc', { headers: { origin: 'http://example.com' } });
          assert.equal(res.headers['access-control-allow-origin'], '*');
          assert.equal(res.headers['access-control-allow-credentials'], 'true');
        }),
      divergence: { ...wildcardWithCredentials, input: "cors({ origin: '*', credentials: true })" },
    }),
  ),
  ...[
    'Should not reflect an arbitrary Origin when credentials is true with default origin',
    'Preflight should not approve an arbitrary Origin when credentials is true with default origin',
  ].map(
    (title): PortedCase => ({
      title,
      run: () =>
        withApp(
          (app) => {
            app.use('*', cors(policyFrom({ credentials: true })));
            app.get('/api/me', (c) => c.json({ secret: 'private user data' }));
          },
          async (request) => {
            const res = await request('/api/me', { headers: { origin: 'https://attacker.example' } });
            assert.notEqual(res.headers['access-control-allow-origin'], 'https://attacker.example');
          },
        ),
      divergence: { ...wildcardWithCredentials, input: 'cors({ credentials: true })' },
    }),
  ),
  ...wildcardDefault(),
];

function preflightDefault(): PortedCase[] {
  const title = 'Preflight default';
  const peer = (origin?: string) => () =>
    withApp(api, async (request) => {
      const res = await request('/api/abc', {
        method: 'OPTIONS',
        headers: {
          ...(origin ? { origin } : {}),
          'access-control-request-method': 'QUERY',
          'access-control-request-headers': 'X-PINGOTHER, Content-Type',
        },
      });
      assert.equal(res.status, 204);
      assert.deepEqual(list(res.headers['access-control-allow-methods'], /,/), HONO_DEFAULT_METHODS);
      assert.deepEqual(list(res.headers['access-control-allow-headers'], /,/), [
        'X-PINGOTHER',
        'Content-Type',
      ]);
    });
  return [
    {
      title,
      run: peer(),
      divergence: {
        ...notAPreflight,
        input: 'cors(); OPTIONS with ACRM QUERY and ACRH, without Origin',
        corskit: 'no Origin: not a CORS request; it reaches the routes (404 here: no OPTIONS route)',
        check: () =>
          withApp(api, async (request) => {
            const res = await request('/api/abc', {
              method: 'OPTIONS',
              headers: { 'access-control-request-method': 'QUERY' },
            });
            assert.equal(res.status, 404);
          }),
      },
    },
    {
      title: `${title} [realistic preflight]`,
      run: peer('http://example.com'),
      divergence: {
        ...preflightAnswer,
        input: 'cors(); OPTIONS, Origin, ACRM QUERY, ACRH "X-PINGOTHER, Content-Type"',
        check: () =>
          withApp(api, async (request) => {
            const res = await request('/api/abc', {
              method: 'OPTIONS',
              headers: {
                origin: 'http://example.com',
                'access-control-request-method': 'QUERY',
                'access-control-request-headers': 'X-PINGOTHER, Content-Type',
              },
            });
            assert.equal(res.status, 204);
            assert.equal(res.headers['access-control-allow-methods'], 'QUERY');
            assert.equal(res.headers['access-control-allow-headers'], '*');
          }),
      },
    },
  ];
}

function preflightWithOptions(): PortedCase[] {
  const title = 'Preflight with options';
  const peer = (extra: Record<string, string>) => () =>
    withApp(api2, async (request) => {
      const res = await request('/api2/abc', {
        method: 'OPTIONS',
        headers: { origin: 'http://example.com', ...extra },
      });
      assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
      assert.ok(list(res.headers.vary)?.includes('Origin'));
      assert.deepEqual(list(res.headers['access-control-allow-headers']), [
        'X-Custom-Header',
        'Upgrade-Insecure-Requests',
      ]);
      assert.deepEqual(list(res.headers['access-control-allow-methods']), ['POST', 'GET', 'OPTIONS']);
      assert.deepEqual(list(res.headers['access-control-expose-headers']), [
        'Content-Length',
        'X-Kuma-Revision',
      ]);
      assert.equal(res.headers['access-control-max-age'], '600');
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
    });
  const realistic = {
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'X-Custom-Header, Upgrade-Insecure-Requests',
  };
  return [
    {
      title,
      run: peer({}),
      divergence: { ...plainHttpWithCredentials, input: `${api2Input}; OPTIONS with Origin, no ACRM` },
    },
    {
      title: `${title} [realistic preflight]`,
      run: peer(realistic),
      divergence: { ...plainHttpWithCredentials, input: `${api2Input}; OPTIONS, Origin, ACRM POST, ACRH` },
    },
  ];
}

function varyOnPreflight(): PortedCase[] {
  const title = 'Append "Origin" to Vary header on OPTIONS preflight, if response has some Vary header';
  const build = (app: Hono) => {
    app.use('/api/*', async (c, next) => {
      c.header('Vary', 'Accept-Encoding', { append: true });
      await next();
    });
    app.use('/api/*', cors(policyFrom({ origin: 'http://example.com', allowHeaders: ['X-Custom-Header'] })));
    app.all('/api/test', (c) => c.text('ok'));
  };
  const headers = (extra: Record<string, string>) => ({
    origin: 'http://example.com',
    'access-control-request-headers': 'X-Custom-Header',
    ...extra,
  });
  const peer = (extra: Record<string, string>) => () =>
    withApp(build, async (request) => {
      const res = await request('/api/test', { method: 'OPTIONS', headers: headers(extra) });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
      assert.equal(res.headers.vary, 'Accept-Encoding, Origin, Access-Control-Request-Headers');
    });
  const acrm = { 'access-control-request-method': 'GET' };
  return [
    {
      title,
      run: peer({}),
      divergence: {
        ...notAPreflight,
        input:
          "cors({ origin: 'http://example.com', allowHeaders: ['X-Custom-Header'] }); OPTIONS with Origin and ACRH, no ACRM",
        corskit: "not a preflight: the app's all() route answers 200 'ok'",
        check: () =>
          withApp(build, async (request) => {
            const res = await request('/api/test', { method: 'OPTIONS', headers: headers({}) });
            assert.equal(res.status, 200);
            assert.equal(res.body, 'ok');
          }),
      },
    },
    {
      title: `${title} [realistic preflight]`,
      run: peer(acrm),
      divergence: {
        input:
          "cors({ origin: 'http://example.com', allowHeaders: ['X-Custom-Header'] }); OPTIONS, Origin, ACRM GET, ACRH",
        peer: 'Vary: Accept-Encoding, Origin, Access-Control-Request-Headers',
        corskit:
          'Vary: Accept-Encoding, Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network (the earlier Vary kept first)',
        why: 'Fetch Standard',
        change:
          'nothing: a preflight answer depends on every one of those request headers, so caches must vary on them',
        check: () =>
          withApp(build, async (request) => {
            const res = await request('/api/test', { method: 'OPTIONS', headers: headers(acrm) });
            assert.equal(res.status, 204);
            assert.equal(
              res.headers.vary,
              'Accept-Encoding, Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
            );
          }),
      },
    },
  ];
}

function methodsByOrigin(title: string, prefix: string): PortedCase[] {
  const peer = (acrm: boolean) => () =>
    withApp(api7(prefix), async (request) => {
      const pre = (origin: string, method: string) =>
        request(`${prefix}/abc`, {
          method: 'OPTIONS',
          headers: { origin, ...(acrm ? { 'access-control-request-method': method } : {}) },
        });
      const res = await pre('http://example.com', 'PATCH');
      assert.equal(res.headers['access-control-allow-origin'], 'http://example.com');
      assert.equal(res.headers['access-control-allow-methods'], 'GET,HEAD,POST,PATCH,DELETE');
      const res2 = await pre('http://example.org', 'GET');
      assert.equal(res2.headers['access-control-allow-origin'], '*');
      assert.equal(res2.headers['access-control-allow-methods'], 'GET,HEAD');
    });
  const input = `origin and allowMethods by function (${prefix}), mapped to a resolver picking one of two policies by Origin`;
  return [
    {
      title,
      run: peer(false),
      divergence: {
        ...notAPreflight,
        input: `${input}; OPTIONS without ACRM`,
        corskit: 'not a preflight: no Access-Control-Allow-Methods',
        check: () =>
          withApp(api7(prefix), async (request) => {
            const res = await request(`${prefix}/abc`, {
              method: 'OPTIONS',
              headers: { origin: 'http://example.com' },
            });
            assert.equal(res.headers['access-control-allow-methods'], undefined);
          }),
      },
    },
    {
      title: `${title} [realistic preflight]`,
      run: peer(true),
      divergence: {
        ...preflightAnswer,
        input: `${input}; OPTIONS with ACRM PATCH / GET`,
        check: () =>
          withApp(api7(prefix), async (request) => {
            const res = await request(`${prefix}/abc`, {
              method: 'OPTIONS',
              headers: { origin: 'http://example.com', 'access-control-request-method': 'PATCH' },
            });
            assert.equal(res.headers['access-control-allow-methods'], 'PATCH');
            const refused = await request(`${prefix}/abc`, {
              method: 'OPTIONS',
              headers: { origin: 'http://example.org', 'access-control-request-method': 'PATCH' },
            });
            assert.equal(refused.status, 403, 'PATCH is not allowed for other origins');
          }),
      },
    },
  ];
}

function emptyMethods(): PortedCase[] {
  const title = 'Does not set allow methods when function returns an empty array';
  const build = (app: Hono) => {
    app.use(cors(policyFrom({ allowMethods: [] })));
  };
  const peer = (headers: Record<string, string>) => () =>
    withApp(build, async (request) => {
      const res = await request('/', { method: 'OPTIONS', headers });
      assert.equal(res.headers['access-control-allow-methods'], undefined);
    });
  const realistic = { origin: 'http://example.com', 'access-control-request-method': 'GET' };
  return [
    { title, run: peer({}) },
    {
      title: `${title} [realistic preflight]`,
      run: peer(realistic),
      divergence: {
        input: 'allowMethods: () => [] (mapped to methods: []); OPTIONS, Origin, ACRM GET',
        peer: 'sends no Access-Control-Allow-Methods',
        corskit:
          'Access-Control-Allow-Methods: GET (GET, HEAD and POST are always allowed by the CORS protocol)',
        why: 'Fetch Standard',
        change: 'nothing: browsers never need permission for GET, HEAD or POST',
        check: () =>
          withApp(build, async (request) => {
            const res = await request('/', { method: 'OPTIONS', headers: realistic });
            assert.equal(res.headers['access-control-allow-methods'], 'GET');
          }),
      },
    },
  ];
}

function wildcardDefault(): PortedCase[] {
  const title = 'Options without origin fall back to wildcard default';
  const build = (app: Hono) => {
    app.use('/api/*', cors(policyFrom({ allowMethods: ['GET', 'POST'] })));
    app.get('/api/abc', (c) => c.json({ ok: true }));
  };
  const peer = (extra: Record<string, string>) => () =>
    withApp(build, async (request) => {
      const res = await request('/api/abc');
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const preflight = await request('/api/abc', { method: 'OPTIONS', headers: extra });
      assert.deepEqual(list(preflight.headers['access-control-allow-methods']), ['GET', 'POST']);
    });
  const realistic = { origin: 'http://example.com', 'access-control-request-method': 'POST' };
  return [
    {
      title,
      run: peer({}),
      divergence: {
        ...notAPreflight,
        input: "cors({ allowMethods: ['GET', 'POST'] }); OPTIONS without Origin or ACRM",
        corskit: 'not a preflight: no Access-Control-Allow-Methods (404: no OPTIONS route)',
        check: () =>
          withApp(build, async (request) => {
            const res = await request('/api/abc', { method: 'OPTIONS' });
            assert.equal(res.status, 404);
            assert.equal(res.headers['access-control-allow-methods'], undefined);
          }),
      },
    },
    {
      title: `${title} [realistic preflight]`,
      run: peer(realistic),
      divergence: {
        ...preflightAnswer,
        input: "cors({ allowMethods: ['GET', 'POST'] }); OPTIONS, Origin, ACRM POST",
        check: () =>
          withApp(build, async (request) => {
            const res = await request('/api/abc', { method: 'OPTIONS', headers: realistic });
            assert.equal(res.headers['access-control-allow-methods'], 'POST');
          }),
      },
    },
  ];
}

export const honoCors: PortedSuite = {
  peer: 'hono/cors',
  source: 'github.com/honojs/hono@28a9c128912de19f3fb28b00ae289c9b93f6f392 src/middleware/cors/index.test.ts',
  against: 'corskit/hono in Hono 4 on @hono/node-server',
  cases,
};
