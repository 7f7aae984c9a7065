// The public entry point: validate everything, report every problem at once, compile once.
import { isPolicyEngine, PolicyEngine } from '../engine/policy-engine.js';
import { CorsPolicyError } from './policy-error.js';
import type { CorsPolicy, PolicyOptions } from './types.js';
import { compilePolicyOptions } from './validate.js';

/** Compiles options into an immutable policy; a policy passes through. Throws CorsPolicyError. */
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
