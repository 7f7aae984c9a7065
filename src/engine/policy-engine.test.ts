// Engine behaviour beyond the shared table: hostile input, RegExp and predicate origins, sync/async.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CorsRequest } from '../policy/types.js';
import { createPolicy } from './create-policy.js';

function req(method: string, headers: Record<string, string | string[]>): CorsRequest {
  return { method, header: (n) => headers[n] };
}
const A = 'https://app.example.com';

describe('hostile input', () => {
  const policy = createPolicy({ origins: [A, 'https://*.example.com'], requestHeaders: ['x-a'] });
  test('CR/LF and NUL in Origin are refused as malformed, never echoed', () => {
    for (const origin of [
      `${A}\r\nSet-Cookie: a=b`,
      `https://x.example.com\n`,
      `https://x.example.com\0`,
      `https://x.exa\tmple.com`,
    ]) {
      const d = policy.evaluate(req('GET', { origin }));
      assert.equal(d.reason, 'malformed-origin');
      assert.equal(d.origin, null);
      assert.deepEqual(d.headers, []);
    }
  });
  test('CR/LF in Access-Control-Request-Method or -Headers refuses the preflight', () => {
    const m = policy.evaluate(req('OPTIONS', { origin: A, 'access-control-request-method': 'PUT\r\nX: y' }));
    assert.equal(m.reason, 'malformed-preflight');
    const h = policy.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-a\r\nx: y',
      }),
    );
    assert.equal(h.reason, 'malformed-preflight');
  });
  test('Access-Control-Request-Headers split over several lines is joined', () => {
    const d = policy.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'GET',
        'access-control-request-headers': ['x-a', 'X-A'],
      }),
    );
    assert.ok(d.allowed);
    assert.deepEqual(
      d.headers.find(([n]) => n === 'Access-Control-Allow-Headers'),
      ['Access-Control-Allow-Headers', 'x-a'],
    );
  });
  test('a megabyte of Access-Control-Request-Headers is refused without scanning it all', () => {
    const huge = 'x-a,'.repeat(250_000);
    const d = policy.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'GET',
        'access-control-request-headers': huge,
      }),
    );
    assert.equal(d.reason, 'malformed-preflight');
  });
  test('a 100 kB Origin is refused', () => {
    const d = policy.evaluate(req('GET', { origin: `https://${'a.'.repeat(50_000)}example.com` }));
    assert.equal(d.reason, 'malformed-origin');
  });
  test('several Origin values, as an array or comma-joined', () => {
    for (const origin of [[A, A], `${A},${A}`, [A, 'https://evil.example']]) {
      const d = policy.evaluate(req('GET', { origin }));
      assert.equal(d.reason, 'malformed-origin');
    }
  });
  test('ACRPN other than "true" is malformed', () => {
    const d = policy.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'GET',
        'access-control-request-private-network': 'yes',
      }),
    );
    assert.equal(d.reason, 'malformed-preflight');
  });
});

describe('RegExp and predicate origins', () => {
  test('anchored RegExp matches whole origins only', () => {
    const p = createPolicy({ origins: [/^https:\/\/(?:a|b)\.example\.com$/] });
    const allowed = (origin: string) => p.evaluate(req('GET', { origin })).allowed;
    assert.ok(allowed('https://a.example.com'));
    assert.ok(!allowed('https://c.example.com'));
    assert.ok(!allowed('https://a.example.com.evil.net'));
    assert.ok(p.config.origins !== '*' && p.config.origins.custom);
  });
  test('a synchronous predicate keeps evaluate synchronous', () => {
    const p = createPolicy({ origins: (o) => o === A });
    assert.equal(p.isAsync, true);
    const d = p.evaluate(req('GET', { origin: A }));
    assert.ok(!(d instanceof Promise));
    assert.ok(d.allowed);
  });
  test('a predicate only ever sees well-formed origins', async () => {
    const seen: string[] = [];
    const p = createPolicy({
      origins: async (o) => {
        seen.push(o);
        return true;
      },
    });
    for (const origin of ['https://ok.example', 'https://bad.example/', `https://x.example\r\n`, 'null'])
      await p.evaluate(req('GET', { origin }));
    assert.deepEqual(seen, ['https://ok.example', 'null']);
  });
  test('a rejecting or throwing predicate makes evaluate() reject with its error (never a verdict)', async () => {
    const down = new Error('db down');
    const rejecting = createPolicy({ origins: () => Promise.reject(down) });
    await assert.rejects(Promise.resolve(rejecting.evaluate(req('GET', { origin: A }))), down);
    const throwing = createPolicy({
      origins: () => {
        throw down;
      },
    });
    const d = throwing.evaluate(req('OPTIONS', { origin: A, 'access-control-request-method': 'PUT' }));
    assert.ok(d instanceof Promise, 'a synchronous throw surfaces as a rejection');
    await assert.rejects(d, down);
  });
});

describe('precomputed decisions', () => {
  test('the same frozen decision is returned for an exact origin', () => {
    const p = createPolicy({ origins: [A], credentials: true, exposeHeaders: ['x-id'] });
    const a = p.evaluate(req('GET', { origin: A }));
    const b = p.evaluate(req('POST', { origin: A }));
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a));
  });
  test('preflight memo: repeated preflights share a decision, a different request does not', () => {
    const p = createPolicy({ origins: [A], methods: ['PUT'], requestHeaders: ['x-a', 'x-b'] });
    const pre = (acrh: string) =>
      p.evaluate(
        req('OPTIONS', {
          origin: A,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': acrh,
        }),
      );
    assert.equal(pre('x-a'), pre('x-a'));
    const b = pre('x-b');
    assert.deepEqual(
      b.headers.find(([n]) => n === 'Access-Control-Allow-Headers'),
      ['Access-Control-Allow-Headers', 'x-b'],
    );
    assert.equal(pre('x-a').headers.find(([n]) => n === 'Access-Control-Allow-Headers')![1], 'x-a');
  });
  test('preflight memo: thousands of distinct junk requests leave answers unchanged', () => {
    const p = createPolicy({ origins: [A], methods: ['PUT'], requestHeaders: ['x-a'] });
    for (let i = 0; i < 3000; i++)
      p.evaluate(
        req('OPTIONS', {
          origin: A,
          'access-control-request-method': `M${i}`,
          'access-control-request-headers': `x-${i}`,
        }),
      );
    const ok = p.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-a',
      }),
    );
    assert.ok(ok.allowed);
    const no = p.evaluate(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-b',
      }),
    );
    assert.equal(no.reason, 'header-not-allowed');
  });
});
