// corskit: the policy engine. Runtime-neutral: no Node-only API may be imported from here.
// The request table for adapter authors is in corskit/testing.

export { createPolicy, isCorsPolicy, isSynchronous } from './engine/create-policy.js';
export { mergeVary } from './engine/vary.js';
export { POLICY_ISSUE_CODES, type PolicyIssueCode } from './policy/issue-codes.js';
export { CorsPolicyError } from './policy/policy-error.js';
export type {
  CompiledPolicyConfig,
  CorsDecision,
  CorsPolicy,
  CorsRequest,
  OriginEntry,
  OriginPatternSpec,
  OriginPredicate,
  PolicyIssue,
  PolicyOptions,
  Problem,
  RefusalReason,
  SyncCorsPolicy,
  SyncPolicyOptions,
} from './policy/types.js';
export { validatePolicy } from './policy/validate.js';
