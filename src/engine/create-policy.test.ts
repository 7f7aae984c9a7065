// Typed synchronous evaluation: checked by `npm run typecheck` (the @ts-expect-error lines fail
// the build if the typing regresses) and at run time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorsDecision, CorsPolicy, PolicyOptions } from '../policy/types.js';
import { createPolicy, isSynchronous } from './create-policy.js';

const request = { method: 'GET', header: (n: string) => (n === 'origin' ? 'https://a.example' : null) };

test('a policy without an origin predicate evaluates to a CorsDecision, typed', () => {
  const d: CorsDecision = createPolicy({ origins: ['https://a.example'] }).evaluate(request);
  assert.equal(d.allowed, true);
});

test('a synchronous predicate keeps the Promise in the type: its failure comes back as a rejection', async () => {
  const policy = createPolicy({ origins: (o: string) => o === 'https://a.example' });
  // @ts-expect-error a predicate can fail, and its error comes back as a rejected Promise
  const d: CorsDecision = policy.evaluate(request);
  assert.equal((await d).allowed, true);
  const failing = createPolicy({
    origins: () => {
      throw new Error('db down');
    },
  });
  await assert.rejects(Promise.resolve(failing.evaluate(request)), /db down/);
});

test('an async origin predicate keeps the Promise in the type', async () => {
  const policy = createPolicy({ origins: async (o: string) => o === 'https://a.example' });
  // @ts-expect-error evaluate() may return a Promise here
  const d: CorsDecision = policy.evaluate(request);
  assert.equal((await d).allowed, true);
  assert.equal(isSynchronous(policy), false);
});

test('options typed PolicyOptions (a file, say) give the general policy; isSynchronous narrows it', () => {
  const options: PolicyOptions = { origins: ['https://a.example'] };
  const policy: CorsPolicy = createPolicy(options);
  // @ts-expect-error without narrowing the result may be a Promise
  const unknown: CorsDecision = policy.evaluate(request);
  assert.ok(unknown);
  assert.ok(isSynchronous(policy));
  if (isSynchronous(policy)) assert.equal(policy.evaluate(request).allowed, true);
});

test('a policy passes through createPolicy with its type', () => {
  const sync = createPolicy({ origins: '*' });
  const same = createPolicy(sync);
  assert.equal(same, sync);
  const d: CorsDecision = same.evaluate(request);
  assert.equal(d.allowed, true);
});
