import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsRequest } from '../policy/types.js';
import { VERSION } from '../policy/version.js';
import { CompiledPolicyError, compilePolicyData, policyFromCompiled } from './compiled-policy.js';
import { requestTable } from './request-table.js';

const policies = [...new Set(requestTable.map((c) => JSON.stringify(c.policy)))].map((k) => JSON.parse(k));
const requests = requestTable.map((c) => c.request);

function asRequest(r: (typeof requests)[number]): CorsRequest {
  return { method: r.method, header: (name: string) => r.headers[name] };
}

/** Through JSON, as a bundler would import `corskit compile` output. */
const roundTrip = (options: object) =>
  policyFromCompiled(JSON.parse(JSON.stringify(compilePolicyData(createPolicy(options as never)))));

describe('policies compiled ahead of time', () => {
  test(`decide exactly like createPolicy: ${policies.length} table policies × ${requests.length} table requests`, () => {
    for (const options of policies) {
      const live = createPolicy(options);
      const loaded = roundTrip(options);
      for (const r of requests) assert.deepEqual(loaded.evaluate(asRequest(r)), live.evaluate(asRequest(r)));
    }
  });

  test('refuse data written by another corskit version, naming both versions', () => {
    const data = { ...compilePolicyData(createPolicy({ origins: ['https://a.example'] })), corskit: '0.0.1' };
    assert.throws(
      () => policyFromCompiled(data),
      (e: Error) => {
        assert.ok(e instanceof CompiledPolicyError);
        assert.match(
          e.message,
          new RegExp(`corskit 0\\.0\\.1 .*this is corskit ${VERSION.replace(/\./g, '\\.')}`),
        );
        return true;
      },
    );
  });

  test('refuse data of another format version', () => {
    const data = { ...compilePolicyData(createPolicy({ origins: '*' })), format: 999 };
    assert.throws(() => policyFromCompiled(data), CompiledPolicyError);
  });

  test('refuse what is not compiled data (raw options included)', () => {
    for (const x of [null, 42, {}, { origins: ['https://a.example'] }])
      assert.throws(() => policyFromCompiled(x), /not a compiled corskit policy/);
  });

  test('refuse to compile predicates and RegExps, which exist only in code', () => {
    assert.throws(() => compilePolicyData(createPolicy({ origins: () => true })), CompiledPolicyError);
    assert.throws(
      () => compilePolicyData(createPolicy({ origins: [/^https:\/\/a\.example$/] })),
      CompiledPolicyError,
    );
  });
});
