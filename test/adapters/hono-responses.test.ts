// corskit/hono on @hono/node-server writes the decision into the Node response's head (not onto
// c.res): every way a Hono app can produce a response must still carry the headers exactly once,
// with Vary merged. Real Hono, real @hono/node-server, real HTTP over loopback; the same cases also
// run through app.request() (the Fetch path used on Workers/Deno/Bun) where it applies.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import fc from 'fast-check';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { cors } from '../../src/adapters/hono.js';
import { createPolicy } from '../../src/engine/create-policy.js';
import { listen, type Running } from './support/listen.js';
import { APP_ORIGIN, apiPolicy, EVIL_ORIGIN, publicPolicy } from './support/scenarios.js';

interface Wire {
  status: number;
  /** Every header line as received, names lower-cased, repeats kept. */
  lines: Array<[string, string]>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        }
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The one value of a header; fails when the header line appears more than once. */
function only(wire: Wire, name: string): string | undefined {
  const values = wire.lines.filter(([n]) => n === name).map(([, v]) => v);
  assert.ok(values.length <= 1, `${name} sent ${values.length} times: ${JSON.stringify(values)}`);
  return values[0];
}

const varyTokens = (value: string | undefined | null) =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

const SHARED_HEADERS = { 'Content-Type': 'text/plain', 'X-Shared': 'yes' };

function responsesApp(): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  // An outer middleware that sets its own Vary on whatever comes back (like compress would).
  app.use('/outer/*', async (c, next) => {
    await next();
    c.res.headers.append('Vary', 'Accept-Encoding');
  });
  app.use(
    '*',
    cors((c) => (c.req.path.startsWith('/public/') ? publicPolicy : apiPolicy)),
  );
  app.get('/api/json', (c) => c.json({ ok: true }));
  app.get('/outer/json', (c) => c.json({ ok: true }));
  app.get(
    '/api/raw',
    () => new Response('raw', { headers: { 'Content-Type': 'text/plain', VARY: 'Accept' } }),
  );
  app.get(
    '/api/raw-headers',
    () => new Response('raw', { headers: new Headers({ vary: 'accept, origin' }) }),
  );
  app.get('/api/shared', () => new Response('shared', { headers: SHARED_HEADERS }));
  app.get('/api/own-vary', (c) => {
    c.header('Vary', 'Origin');
    return c.text('own vary');
  });
  app.get('/api/own-acao', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('access-control-allow-credentials', 'false');
    return c.text('own acao');
  });
  app.get('/api/stream', (c) =>
    stream(c, async (s) => {
      await s.write('one,');
      await new Promise((r) => setTimeout(r, 10));
      await s.write('two');
    }),
  );
  app.get('/api/sse-like', () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
        setTimeout(() => controller.close(), 10);
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream', Vary: 'Cookie' } });
  });
  app.get('/api/direct', (c) => {
    // Written straight to the Node response, bypassing Hono's Response entirely.
    c.env.outgoing.setHeader('Vary', 'Cookie');
    c.env.outgoing.writeHead(207, 'Multi', { 'content-type': 'text/plain', vary: 'Accept' });
    c.env.outgoing.end('direct');
    return RESPONSE_ALREADY_SENT;
  });
  app.get('/api/direct-raw', (c) => {
    c.env.outgoing.writeHead(200, [
      'Content-Type',
      'text/plain',
      'Vary',
      'Accept',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ]);
    c.env.outgoing.end('raw array');
    return RESPONSE_ALREADY_SENT;
  });
  app.get('/api/implicit', (c) => {
    c.env.outgoing.statusCode = 202;
    c.env.outgoing.end('implicit');
    return RESPONSE_ALREADY_SENT;
  });
  app.get('/api/not-found', (c) => c.notFound());
  app.get('/public/text', (c) => {
    c.header('Vary', 'Accept-Language');
    return c.text('public');
  });
  return app;
}

describe('hono: every kind of response gets the decision once, Vary merged (@hono/node-server)', () => {
  let server: Running;
  before(async () => {
    server = await listen(getRequestListener(responsesApp().fetch));
  });
  after(() => server.close());
  const url = (path: string) => `${server.origin}${path}`;
  const allowed = { origin: APP_ORIGIN };

  test('c.json: ACAO, ACAC and Vary: Origin', async () => {
    const res = await get(url('/api/json'), allowed);
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"ok":true}');
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(res, 'access-control-allow-credentials'), 'true');
    assert.equal(only(res, 'vary'), 'Origin');
    assert.equal(only(res, 'content-type'), 'application/json');
  });

  test('new Response with a Vary in another case: one Vary line, both tokens', async () => {
    const res = await get(url('/api/raw'), allowed);
    assert.equal(res.body, 'raw');
    assert.deepEqual(varyTokens(only(res, 'vary')), ['Accept', 'Origin']);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
  });

  test('new Response whose Vary already names origin: not duplicated', async () => {
    const res = await get(url('/api/raw-headers'), allowed);
    assert.deepEqual(varyTokens(only(res, 'vary')), ['accept', 'origin']);
  });

  test('a handler that sets Vary: Origin itself: not duplicated', async () => {
    const res = await get(url('/api/own-vary'), allowed);
    assert.equal(only(res, 'vary'), 'Origin');
    assert.equal(res.body, 'own vary');
  });

  test("a handler's own CORS headers are replaced by the decision, never sent twice", async () => {
    const res = await get(url('/api/own-acao'), allowed);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(res, 'access-control-allow-credentials'), 'true');
    const refused = await get(url('/api/own-acao'), { origin: EVIL_ORIGIN });
    // Refused: corskit sends no Allow-* of its own; the app's explicit headers are its own business.
    assert.equal(only(refused, 'access-control-allow-origin'), '*');
    assert.equal(only(refused, 'vary'), 'Origin');
  });

  test('a headers object shared by every response is never mutated (no ACAO leaks to a refused origin)', async () => {
    const first = await get(url('/api/shared'), allowed);
    assert.equal(only(first, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(first, 'x-shared'), 'yes');
    const refused = await get(url('/api/shared'), { origin: EVIL_ORIGIN });
    assert.equal(only(refused, 'access-control-allow-origin'), undefined);
    assert.equal(only(refused, 'access-control-allow-credentials'), undefined);
    assert.equal(only(refused, 'vary'), 'Origin');
    // (@hono/node-server itself adds Content-Length to it; corskit adds nothing.)
    assert.deepEqual(
      Object.keys(SHARED_HEADERS).filter((name) => /^(access-control-|vary$)/i.test(name)),
      [],
    );
  });

  test('an outer middleware appending to Vary after corskit: merged, one line', async () => {
    const res = await get(url('/outer/json'), allowed);
    assert.deepEqual(varyTokens(only(res, 'vary')).sort(), ['Accept-Encoding', 'Origin']);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
  });

  test('hono/streaming stream(): headers sent before the body streams', async () => {
    const res = await get(url('/api/stream'), allowed);
    assert.equal(res.body, 'one,two');
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(res, 'vary'), 'Origin');
  });

  test('a ReadableStream body with its own Vary', async () => {
    const res = await get(url('/api/sse-like'), allowed);
    assert.equal(res.body, 'data: 1\n\n');
    assert.deepEqual(varyTokens(only(res, 'vary')), ['Cookie', 'Origin']);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
  });

  test('a handler writing straight to c.env.outgoing (writeHead with a status message)', async () => {
    const res = await get(url('/api/direct'), allowed);
    assert.equal(res.status, 207);
    assert.equal(res.body, 'direct');
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    // The head's own Vary wins over the one set earlier with setHeader, as in plain Node; Origin is added.
    assert.deepEqual(varyTokens(only(res, 'vary')), ['Accept', 'Origin']);
  });

  test('writeHead with a raw header array: repeats kept, Vary merged', async () => {
    const res = await get(url('/api/direct-raw'), allowed);
    assert.equal(res.body, 'raw array');
    assert.deepEqual(
      res.lines.filter(([n]) => n === 'set-cookie').map(([, v]) => v),
      ['a=1', 'b=2'],
    );
    assert.deepEqual(varyTokens(only(res, 'vary')), ['Accept', 'Origin']);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
  });

  test('an implicit head (res.end() without writeHead)', async () => {
    const res = await get(url('/api/implicit'), allowed);
    assert.equal(res.status, 202);
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(res, 'vary'), 'Origin');
  });

  test("c.notFound() and Hono's own 404", async () => {
    for (const path of ['/api/not-found', '/api/no-such-route']) {
      const res = await get(url(path), allowed);
      assert.equal(res.status, 404, path);
      assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN, path);
      assert.equal(only(res, 'vary'), 'Origin', path);
    }
  });

  test('HEAD (Hono answers it from the GET route): headers, no body', async () => {
    const res = await get(url('/api/json'), allowed, 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    assert.equal(only(res, 'access-control-allow-origin'), APP_ORIGIN);
    assert.equal(only(res, 'vary'), 'Origin');
  });

  test("wildcard policy: ACAO * and the app's Vary left as it was", async () => {
    const res = await get(url('/public/text'), allowed);
    assert.equal(only(res, 'access-control-allow-origin'), '*');
    assert.equal(only(res, 'vary'), 'Accept-Language');
  });

  test('a refused origin: no Allow-* header, Vary: Origin', async () => {
    const res = await get(url('/api/json'), { origin: EVIL_ORIGIN });
    assert.equal(res.status, 200);
    assert.equal(
      res.lines.some(([n]) => n.startsWith('access-control-allow-')),
      false,
    );
    assert.equal(only(res, 'vary'), 'Origin');
  });

  test('many concurrent requests from different origins never see each other’s headers', async () => {
    const origins = [APP_ORIGIN, EVIL_ORIGIN, 'https://other.example'];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => origins[i % 3]!).map(async (origin) => ({
        origin,
        res: await get(url(`/api/${origin === APP_ORIGIN ? 'stream' : 'shared'}`), { origin }),
      })),
    );
    for (const { origin, res } of results) {
      assert.equal(only(res, 'access-control-allow-origin'), origin === APP_ORIGIN ? APP_ORIGIN : undefined);
    }
  });
});

describe('hono: the same responses through app.request() (the Fetch path: Workers, Deno, Bun)', () => {
  const app = new Hono();
  app.use('*', cors(apiPolicy));
  app.get('/api/raw', () => new Response('raw', { headers: { VARY: 'Accept' } }));
  app.get('/api/own-vary', (c) => {
    c.header('Vary', 'Origin');
    return c.text('own vary');
  });
  app.get('/api/stream', (c) =>
    stream(c, async (s) => {
      await s.write('streamed');
    }),
  );

  test('Vary merged, not duplicated; streams keep their body', async () => {
    const raw = await app.request('/api/raw', { headers: { origin: APP_ORIGIN } });
    assert.deepEqual(varyTokens(raw.headers.get('vary')), ['Accept', 'Origin']);
    assert.equal(raw.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const own = await app.request('/api/own-vary', { headers: { origin: APP_ORIGIN } });
    assert.equal(own.headers.get('vary'), 'Origin');
    const streamed = await app.request('/api/stream', { headers: { origin: APP_ORIGIN } });
    // Headers first: in this process @hono/node-server has replaced the global Response with its
    // lightweight one, whose header changes do not survive reading the body.
    assert.equal(streamed.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(await streamed.text(), 'streamed');
  });
});

// For any head the app writes (names in any case, any Vary tokens, any other headers), the wire
// carries: each decision header once with the decision's value, one Vary holding the app's tokens
// followed by the missing decision tokens, and every other header of the app unchanged.
describe('hono: property — the written head is the app head merged with the decision', () => {
  const tokenArb = fc.constantFrom('Origin', 'origin', 'Accept', 'Accept-Encoding', 'Cookie', 'X-Custom');
  const caseArb = (name: string) =>
    fc.constantFrom(
      name,
      name.toLowerCase(),
      name.toUpperCase(),
      name.replace(/^./, (ch) => ch.toLowerCase()),
    );
  const headArb = fc.record(
    {
      vary: fc.tuple(
        caseArb('Vary'),
        fc.uniqueArray(tokenArb, { minLength: 1, maxLength: 4, selector: (t) => t.toLowerCase() }),
      ),
      acao: fc.tuple(caseArb('Access-Control-Allow-Origin'), fc.constantFrom('*', 'https://x.example')),
      other: fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,12}$/), {
        maxKeys: 3,
      }),
    },
    { requiredKeys: ['other'] },
  );
  const originArb = fc.constantFrom(APP_ORIGIN, EVIL_ORIGIN, undefined);

  let server: Running;
  before(async () => {
    const app = new Hono();
    app.use(
      '*',
      cors(createPolicy({ origins: [APP_ORIGIN], credentials: true, exposeHeaders: ['x-total'] })),
    );
    app.get('/', (c) => {
      const head = JSON.parse(c.req.header('x-head') ?? '{}') as {
        vary?: [string, string[]];
        acao?: [string, string];
        other: Record<string, string>;
      };
      const headers: Record<string, string> = { ...head.other };
      if (head.vary) headers[head.vary[0]] = head.vary[1].join(', ');
      if (head.acao) headers[head.acao[0]] = head.acao[1];
      return new Response('ok', { headers });
    });
    server = await listen(getRequestListener(app.fetch));
  });
  after(() => server.close());

  test('holds for generated heads and origins', async () => {
    await fc.assert(
      fc.asyncProperty(headArb, originArb, async (head, origin) => {
        const res = await get(server.origin, {
          'x-head': JSON.stringify(head),
          ...(origin ? { origin } : {}),
        });
        const appTokens = head.vary?.[1] ?? [];
        const expectedVary = appTokens.some((t) => t.toLowerCase() === 'origin')
          ? appTokens
          : [...appTokens, 'Origin'];
        assert.deepEqual(varyTokens(only(res, 'vary')), expectedVary);
        const granted = origin === APP_ORIGIN;
        assert.equal(only(res, 'access-control-allow-origin'), granted ? APP_ORIGIN : head.acao?.[1]);
        assert.equal(only(res, 'access-control-allow-credentials'), granted ? 'true' : undefined);
        assert.equal(only(res, 'access-control-expose-headers'), granted ? 'x-total' : undefined);
        for (const [name, value] of Object.entries(head.other)) assert.equal(only(res, name), value);
      }),
      { numRuns: 120 },
    );
  });
});
