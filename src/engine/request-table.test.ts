// The engine against the shared request table: what every adapter is also held to.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CorsRequest } from '../policy/types.js';
import { createPolicy } from './create-policy.js';
import { CORS_RESPONSE_HEADERS, requestTable } from './request-table.js';
import { mergeVary } from './vary.js';

function toRequest(
  method: string,
  headers: Readonly<Record<string, string | readonly string[]>>,
): CorsRequest {
  return { method, header: (name) => headers[name] };
}

describe('request table (engine)', () => {
  test('case names are unique', () => {
    assert.equal(new Set(requestTable.map((c) => c.name)).size, requestTable.length);
  });
  for (const c of requestTable) {
    test(c.name, () => {
      const d = createPolicy(c.policy).evaluate(toRequest(c.request.method, c.request.headers));
      assert.equal(d.kind, c.expected.kind, 'kind');
      assert.equal(d.allowed, c.expected.allowed, 'allowed');
      assert.equal(d.reason, c.expected.reason, 'reason');
      assert.equal(d.status, c.expected.status, 'status');
      const got = Object.fromEntries(d.headers.map(([n, v]) => [n.toLowerCase(), v]));
      for (const name of CORS_RESPONSE_HEADERS)
        assert.equal(got[name] ?? null, c.expected.headers[name], name);
      assert.equal(d.headers.length, Object.keys(got).length, 'no header twice');
      assert.equal(mergeVary(c.priorVary, d.vary), c.expected.vary, 'vary');
    });
  }
});
