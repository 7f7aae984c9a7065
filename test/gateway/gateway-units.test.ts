// Invariants of the gateway's pure parts, for all inputs (fast-check): route matching, header
// filtering, request path normalisation, config value parsing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createPolicy } from '../../src/engine/create-policy.js';
import {
  clientResponseHeaders,
  isHopByHop,
  upstreamRequestHeaders,
} from '../../src/gateway/forwarding-headers.js';
import {
  GatewayConfigError,
  gatewayConfigFromDocument,
  parseDuration,
  parseSize,
} from '../../src/gateway/gateway-config.js';
import { parseRequestPath } from '../../src/gateway/request-path.js';
import { prefixCovers, RouteTable } from '../../src/gateway/route-table.js';

const segment = fc.stringMatching(/^[a-z0-9]{1,4}$/);
const path = fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`);
const prefix = fc.tuple(path, fc.boolean()).map(([p, slash]) => (slash && p !== '/' ? `${p}/` : p));
const policy = createPolicy({ origins: '*' });

describe('route table', () => {
  test('the chosen route covers the path and no covering route is longer', () => {
    fc.assert(
      fc.property(fc.uniqueArray(prefix, { maxLength: 8 }), path, (prefixes, p) => {
        const table = new RouteTable(prefixes.map((x) => ({ prefix: x, policy, source: 'inline' })));
        const chosen = table.match(p);
        const covering = prefixes.filter((x) => prefixCovers(x, p));
        if (covering.length === 0) return chosen === undefined;
        return chosen !== undefined && covering.every((x) => x.length <= chosen.prefix.length);
      }),
    );
  });

  test('a prefix covers only whole segments', () => {
    fc.assert(
      fc.property(path, segment, (p, extra) => {
        const base = p === '/' ? '' : p;
        return prefixCovers(p, `${base}/${extra}`) && (p === '/' || !prefixCovers(p, `${base}${extra}x`));
      }),
    );
  });
});

const headerName = fc.oneof(
  fc.constantFrom(
    'Connection',
    'Keep-Alive',
    'TE',
    'Transfer-Encoding',
    'Upgrade',
    'Proxy-Authorization',
    'Host',
    'Expect',
  ),
  fc.constantFrom('Accept', 'Authorization', 'Cookie', 'X-Custom', 'Content-Type', 'Origin'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/),
);
const headerValue = fc.stringMatching(/^[ -~]{0,20}$/);
const rawHeaders = fc
  .array(fc.tuple(headerName, headerValue), { maxLength: 12 })
  .map((pairs) => pairs.flat());

describe('forwarding headers', () => {
  test('no hop-by-hop or Connection-named header reaches the upstream; the rest keep their order', () => {
    fc.assert(
      fc.property(rawHeaders, fc.boolean(), (raw, trust) => {
        const out = upstreamRequestHeaders(
          raw,
          { remoteAddress: '10.0.0.1', proto: 'http', host: 'h' },
          trust,
        );
        const named = new Set<string>();
        for (let i = 0; i < raw.length; i += 2) {
          if (raw[i]!.toLowerCase() === 'connection')
            for (const t of raw[i + 1]!.split(',')) named.add(t.trim().toLowerCase());
        }
        const names = out.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
        for (const n of names) if (isHopByHop(n) || n === 'host' || n === 'expect') return false;
        const kept = names.filter((n) => !n.startsWith('x-forwarded-') && n !== 'forwarded');
        const expected: string[] = [];
        for (let i = 0; i < raw.length; i += 2) {
          const n = raw[i]!.toLowerCase();
          if (
            !isHopByHop(n) &&
            !named.has(n) &&
            !['host', 'expect'].includes(n) &&
            !n.startsWith('x-forwarded-')
          ) {
            expected.push(n);
          }
        }
        assert.deepEqual(kept, expected);
        const xff = out[out.findIndex((n, i) => i % 2 === 0 && n === 'x-forwarded-for') + 1];
        return trust ? xff!.endsWith('10.0.0.1') : xff === '10.0.0.1';
      }),
    );
  });

  test('without trustProxy no client forwarding header survives, and Forwarded names this hop only', () => {
    const spoofable = fc.constantFrom(
      'Forwarded',
      'X-Real-IP',
      'x-forwarded-port',
      'X-Forwarded-Prefix',
      'X-Client-IP',
      'True-Client-IP',
      'X-Original-URL',
      'X-Rewrite-URL',
      'X-Forwarded-Server',
      'X-Forwarded-Ssl',
      'X-Forwarded-For',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(spoofable, headerName), headerValue), { maxLength: 12 }),
        (pairs) => {
          const out = upstreamRequestHeaders(
            pairs.flat(),
            { remoteAddress: '::1', proto: 'https', host: 'gw:1' },
            false,
          );
          const values = new Map<string, string[]>();
          for (let i = 0; i < out.length; i += 2) {
            const name = out[i]!.toLowerCase();
            values.set(name, [...(values.get(name) ?? []), out[i + 1]!]);
          }
          for (const name of [
            'x-real-ip',
            'x-forwarded-port',
            'x-forwarded-prefix',
            'x-client-ip',
            'true-client-ip',
            'x-original-url',
            'x-rewrite-url',
            'x-forwarded-server',
            'x-forwarded-ssl',
          ])
            assert.equal(values.get(name), undefined, name);
          assert.deepEqual(values.get('forwarded'), ['for="[::1]";proto=https;host="gw:1"']);
          assert.deepEqual(values.get('x-forwarded-for'), ['::1']);
          return true;
        },
      ),
    );
  });

  test('the client never gets an upstream Access-Control-* or hop-by-hop header; Vary is returned apart', () => {
    const name = fc.oneof(
      headerName,
      fc.constantFrom('Access-Control-Allow-Origin', 'access-control-allow-credentials', 'Vary'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(name, headerValue), { maxLength: 12 }), (pairs) => {
        const { headers, vary, droppedCors } = clientResponseHeaders(pairs.flat());
        const names = headers.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
        const varies = pairs.filter(([n]) => n.toLowerCase() === 'vary').map(([, v]) => v);
        return (
          names.every((n) => !n.startsWith('access-control-') && !isHopByHop(n) && n !== 'vary') &&
          vary === (varies.length ? varies.join(', ') : null) &&
          droppedCors.length === pairs.filter(([n]) => n.toLowerCase().startsWith('access-control-')).length
        );
      }),
    );
  });
});

describe('request path', () => {
  const piece = fc.constantFrom('a', 'b', '.', '..', '%2e', '%2E%2e', '', 'c.d', '%2f');
  test('the matched path has no dot segments and is what the upstream gets', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.option(fc.constantFrom('?q=1', '?a=../b')),
        (pieces, query) => {
          const parsed = parseRequestPath(`/${pieces.join('/')}${query ?? ''}`);
          if (!parsed) return false;
          const segments = parsed.path.split('/');
          return (
            parsed.path.startsWith('/') &&
            !segments.some((s) => s === '.' || s === '..' || /^(%2e|\.)+$/i.test(s)) &&
            parsed.pathAndQuery.startsWith(parsed.path)
          );
        },
      ),
    );
  });

  test('targets that are not paths are refused', () => {
    for (const target of ['*', 'example.com:443', '', 'ftp://x/y'])
      assert.equal(parseRequestPath(target), undefined, target);
    assert.deepEqual(parseRequestPath('http://other.example/p?x=1'), {
      path: '/p',
      pathAndQuery: '/p?x=1',
      readings: [],
    });
  });

  const anyPiece = fc.oneof(
    piece,
    fc.constantFrom('%61dmin', '%41', '%7e', '%2F', '%5c', ';a=1', 'A;', '%252e', '\\', '~', '%zz'),
    fc.stringMatching(/^[a-zA-Z0-9%._~;=-]{0,6}$/),
  );
  test('normalising is idempotent and leaves no escaped unreserved byte, no `//`, no dot segment', () => {
    fc.assert(
      fc.property(fc.array(anyPiece, { maxLength: 8 }), (pieces) => {
        const parsed = parseRequestPath(`/${pieces.join('/')}`);
        if (!parsed) return true; // refused outright: nothing is forwarded
        const again = parseRequestPath(parsed.pathAndQuery);
        assert.equal(again?.path, parsed.path, 'a second pass changes nothing');
        assert.doesNotMatch(parsed.path, /%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2[DE]|5F|7E)/i);
        assert.doesNotMatch(parsed.path, /\/\/|(^|\/)\.\.?(\/|$)/);
        assert.doesNotMatch(parsed.path, /%[0-9a-f][a-f]|%[a-f][0-9a-f]/, 'escapes are upper-case');
        return true;
      }),
    );
  });

  test('an encoded slash or a ";" that changes the route makes the path ambiguous', () => {
    const table = new RouteTable(['/', '/admin'].map((prefix) => ({ prefix, policy, source: 'inline' })));
    const routeOf = (target: string) => {
      const match = table.resolve(parseRequestPath(target)!);
      return typeof match === 'string' ? match : match?.prefix;
    };
    assert.equal(routeOf('/ADMIN/users'), '/admin');
    assert.equal(routeOf('/%61dmin/users'), '/admin');
    assert.equal(routeOf('//admin//users'), '/admin');
    assert.equal(routeOf('/public/..%2Fadmin/users'), 'ambiguous');
    assert.equal(routeOf('/admin%2Fusers'), 'ambiguous');
    assert.equal(routeOf('/admin;jsessionid=1/users'), 'ambiguous');
    assert.equal(routeOf('/public\\..\\admin/users'), '/admin');
    assert.equal(routeOf('/files/a%2Fb'), '/', 'an encoded slash that changes no route is kept');
    assert.equal(parseRequestPath('/files/a%2fb')!.path, '/files/a%2Fb');
    const sensitive = new RouteTable([{ prefix: '/admin', policy, source: 'inline' }], {
      caseSensitive: true,
    });
    assert.equal(sensitive.match('/ADMIN/users'), undefined);
  });
});

describe('worker restarts', () => {
  test('the wait doubles with each failed start, from 1 s up to 30 s', async () => {
    const { restartDelay } = await import('../../src/gateway/workers.js');
    assert.deepEqual(
      [0, 1, 2, 3, 5, 6, 20].map(restartDelay),
      [1_000, 1_000, 2_000, 4_000, 16_000, 30_000, 30_000],
    );
  });
});

describe('config values', () => {
  test('durations and sizes', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration(250), 250);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration(-1), undefined);
    assert.equal(parseSize('16kb'), 16_384);
    assert.equal(parseSize('1MiB'), 1_048_576);
    assert.equal(parseSize('lots'), undefined);
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        (n) => parseDuration(`${n}ms`) === n && parseDuration(`${n}s`) === n * 1000,
      ),
    );
  });

  test('a config document reports every problem at once', () => {
    try {
      gatewayConfigFromDocument(
        { upstream: 'ftp://x', listen: { port: -1 }, routes: { api: { policy: {} }, '/b/': {} }, extra: 1 },
        '/tmp',
        'g.yaml',
      );
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof GatewayConfigError);
      const found = error.problems.map((p) => `${p.code} ${p.path}`);
      for (const p of [
        'config-invalid-upstream upstream',
        'config-invalid-port listen.port',
        'config-invalid-prefix routes["api"]',
        'config-route-needs-one-policy routes["/b/"]',
        'config-unknown-key extra',
      ])
        assert.ok(found.includes(p), `${p} in ${found.join('; ')}`);
      // The same problem shape as a policy issue: a hint for every code.
      for (const p of error.problems) assert.ok(p.hint.length > 0 && p.severity === 'error', p.code);
    }
  });

  test('new limits, tls and caseSensitiveRoutes are read, and their problems carry codes', () => {
    const config = gatewayConfigFromDocument(
      {
        upstream: 'http://127.0.0.1:1',
        routes: { '/': { policy: { origins: '*' } } },
        caseSensitiveRoutes: true,
        tls: { cert: 'c.pem', key: 'k.pem' },
        limits: { maxQueued: 0, bodyBuffer: '8kb', minBodyRate: 0, maxHeaderCount: 100 },
        timeouts: { clientBody: '5s' },
      },
      '/etc/gw',
      'g.yaml',
    );
    assert.equal(config.caseSensitiveRoutes, true);
    assert.deepEqual(config.tls, { cert: '/etc/gw/c.pem', key: '/etc/gw/k.pem' });
    assert.deepEqual(
      [
        config.limits.maxQueued,
        config.limits.bodyBuffer,
        config.limits.minBodyRate,
        config.limits.maxHeaderCount,
      ],
      [0, 8192, 0, 100],
    );
    assert.equal(config.timeouts.clientBody, 5000);
    try {
      gatewayConfigFromDocument(
        {
          upstream: 'http://127.0.0.1:1',
          routes: { '/': { policy: {} } },
          tls: { cert: 'c.pem' },
          limits: { maxQueued: -1, bogus: 1 },
        },
        '/tmp',
        'g.yaml',
      );
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof GatewayConfigError);
      const codes = error.problems.map((p) => `${p.path}:${p.code}`);
      assert.deepEqual(codes.sort(), [
        'limits.bogus:config-unknown-limit',
        'limits.maxQueued:config-invalid-limit',
        'tls:config-invalid-tls',
      ]);
    }
  });

  test('the shipped example config is valid', async () => {
    const { readGatewayConfig } = await import('../../src/gateway/gateway-config.js');
    const { exampleDir } = await import('../../src/cli/example/gateway-example.js');
    const config = await readGatewayConfig(`${exampleDir}gateway.yaml`);
    assert.deepEqual(config.routes.map((r) => r.prefix).sort(), ['/api/', '/public/']);
  });
});
