// Two copies of corskit in one process (two versions in node_modules): an error thrown by one
// copy's class must still pass `instanceof` against the other's. A second module instance is
// loaded with a query string, which gives it its own class objects, like a second copy would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayConfigError } from '../gateway/gateway-config.js';
import { GenerateError } from '../generate/generate-error.js';
import { CorsPolicyError } from './policy-error.js';

test('instanceof holds across two module instances of each error class', async () => {
  const copy = (await import(`./policy-error.js?copy=${Date.now()}`)) as typeof import('./policy-error.js');
  assert.notEqual(copy.CorsPolicyError, CorsPolicyError, 'the import made a second copy');
  const issue = {
    code: 'origins-empty',
    path: 'origins',
    message: 'm',
    hint: 'h',
    severity: 'error',
  } as const;
  assert.ok(new copy.CorsPolicyError([issue]) instanceof CorsPolicyError);
  assert.ok(new CorsPolicyError([issue]) instanceof copy.CorsPolicyError);

  const gw = (await import(
    `../gateway/gateway-config.js?copy=${Date.now()}`
  )) as typeof import('../gateway/gateway-config.js');
  assert.notEqual(gw.GatewayConfigError, GatewayConfigError);
  assert.ok(new gw.GatewayConfigError('x', []) instanceof GatewayConfigError);

  const gen = (await import(
    `../generate/generate-error.js?copy=${Date.now()}`
  )) as typeof import('../generate/generate-error.js');
  assert.ok(new gen.GenerateError('x') instanceof GenerateError);
});

test('unrelated errors are not mistaken for branded ones', () => {
  assert.equal(new Error('x') instanceof CorsPolicyError, false);
  assert.equal(new CorsPolicyError([]) instanceof GatewayConfigError, false);
  assert.equal((null as unknown) instanceof CorsPolicyError, false);
});
