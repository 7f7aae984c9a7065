// corskit: the policy engine. Runtime-neutral: no Node-only API may be imported from here.
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
} from './policy/types.js';
