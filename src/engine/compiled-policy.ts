// Policies compiled ahead of time. Validation (with the embedded Public Suffix List) runs once at
// build time, in `corskit compile`; the runtime then loads the validated configuration without
// re-checking it, so an edge bundle carries only the decision code. The data is tied to the exact
// corskit version that wrote it: the compiled form is internal and may change in any release, and
// misreading it would silently change what the policy allows.
import type { CompiledPolicyConfig, CorsPolicy } from '../policy/types.js';
import { VERSION } from '../policy/version.js';
import { PolicyEngine } from './policy-engine.js';

/** Bumped whenever CompiledPolicyConfig changes shape. */
export const COMPILED_POLICY_FORMAT = 1;

/** What `corskit compile` writes: plain JSON, importable by any bundler. */
export interface CompiledPolicyData {
  readonly corskit: string;
  readonly format: number;
  readonly config: CompiledPolicyConfig;
}

/** A compiled policy that this corskit cannot load (another version, or not a compiled policy at all). */
export class CompiledPolicyError extends Error {
  override readonly name = 'CompiledPolicyError';
}

/** The compiled form of a policy; refuses predicates and RegExps, which only exist in code. */
export function compilePolicyData(policy: CorsPolicy): CompiledPolicyData {
  const { origins } = policy.config;
  if (origins !== '*' && origins.custom)
    throw new CompiledPolicyError(
      'a policy with an origin predicate or RegExp cannot be compiled ahead of time: list its origins and patterns instead',
    );
  return { corskit: VERSION, format: COMPILED_POLICY_FORMAT, config: policy.config };
}

/** True for data shaped like `corskit compile` output (whatever version wrote it). */
export function isCompiledPolicyData(x: unknown): x is CompiledPolicyData {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { corskit?: unknown }).corskit === 'string' &&
    'config' in x
  );
}

/** Loads compiled data into a policy, refusing data written by any other corskit version. */
export function policyFromCompiled(data: unknown): CorsPolicy {
  if (!isCompiledPolicyData(data))
    throw new CompiledPolicyError(
      'not a compiled corskit policy: create one with `corskit compile cors.json`',
    );
  if (data.corskit !== VERSION || data.format !== COMPILED_POLICY_FORMAT)
    throw new CompiledPolicyError(
      `this policy was compiled by corskit ${data.corskit} (format ${data.format}), but this is corskit ${VERSION} (format ${COMPILED_POLICY_FORMAT}): run \`corskit compile\` again with this version`,
    );
  const config = deepFreeze(structuredClone(data.config));
  return Object.freeze(new PolicyEngine({ config, regexps: [], predicate: undefined, warnings: [] }));
}

/** The loaded policy exposes its config: a copy frozen to the leaves, as createPolicy's is. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
