// corskit: the policy engine. Runtime-neutral: no Node-only API may be imported from here.

export { createPolicy, isCorsPolicy, isSynchronous } from './engine/create-policy.js';
export {
  ACAC,
  ACAH,
  ACAM,
  ACAO,
  ACAPN,
  ACEH,
  ACMA,
  VARY_ACTUAL,
  VARY_PREFLIGHT,
} from './engine/decision-headers.js';
export type { CorsResponseHeaderName, RequestTableCase, RequestTableTag } from './engine/request-table.js';
export { CORS_RESPONSE_HEADERS, requestTable } from './engine/request-table.js';
export { mergeVary } from './engine/vary.js';
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
  RefusalReason,
  SyncCorsPolicy,
  SyncPolicyOptions,
} from './policy/types.js';
export { validatePolicy } from './policy/validate.js';
