// The public entry point: validate everything, report every problem at once, compile once. It
// lives on the engine side so that the engine depends on policy (types, validation) and never
// the reverse.
import { CorsPolicyError } from '../policy/policy-error.js';
import type { CorsPolicy, PolicyOptions, SyncCorsPolicy, SyncPolicyOptions } from '../policy/types.js';
import { compilePolicyOptions } from '../policy/validate.js';
import { isPolicyEngine, PolicyEngine } from './policy-engine.js';

/**
 * Compiles options into an immutable policy; a policy passes through. Throws CorsPolicyError.
 * Without an async origin predicate the policy is typed synchronous: `evaluate()` returns a
 * `CorsDecision`, never a Promise.
 */
export function createPolicy<P extends CorsPolicy>(policy: P): P;
export function createPolicy(options: SyncPolicyOptions | SyncCorsPolicy): SyncCorsPolicy;
export function createPolicy(options: PolicyOptions | CorsPolicy): CorsPolicy;
export function createPolicy(options: PolicyOptions | CorsPolicy): CorsPolicy {
  if (isCorsPolicy(options)) return options;
  const { issues, parts } = compilePolicyOptions(options);
  if (!parts) throw new CorsPolicyError(issues);
  return Object.freeze(new PolicyEngine(parts));
}

/** True for a policy made by createPolicy (works across copies of the package via a global symbol). */
export function isCorsPolicy(x: unknown): x is CorsPolicy {
  return isPolicyEngine(x);
}

/**
 * True when `evaluate()` can only return a decision, never a Promise: no origin predicate. For
 * code that holds a policy of unknown kind (adapters) and wants the synchronous path typed.
 */
export function isSynchronous(policy: CorsPolicy): policy is SyncCorsPolicy {
  return !policy.isAsync;
}
