// corskit/edge: corskit/fetch for bundles that must stay small (Workers, edge functions). It takes
// a policy compiled ahead of time by `corskit compile`, so the validator and the Public Suffix List
// stay at build time and the bundle carries only the decision code. Raw policy options are refused
// here: compiling them would need exactly the code this entry point leaves out.
// No Node API may be used here.
import { type CompiledPolicyData, policyFromCompiled } from '../engine/compiled-policy.js';
import type { CorsPolicy } from '../policy/types.js';
import { createFetchCors, type FetchCors, type FetchCorsOptions } from './shared/fetch-cors.js';
import type { PolicyResolver } from './shared/policy-source.js';

export type { CompiledPolicyData } from '../engine/compiled-policy.js';
export { CompiledPolicyError, policyFromCompiled } from '../engine/compiled-policy.js';
export type { FetchCors, FetchCorsOptions, FetchHandler } from './shared/fetch-cors.js';
export type { PolicyResolver } from './shared/policy-source.js';

/** What corskit/edge's `cors()` accepts: `corskit compile` output, a loaded policy, or a resolver. */
export type EdgePolicySource = CompiledPolicyData | CorsPolicy | PolicyResolver<Request>;

/**
 * @example
 * import compiled from './cors.compiled.json';   // `corskit compile cors.json`
 * import { cors } from 'corskit/edge';
 * export default { fetch: cors(compiled)((request) => new Response('hi')) };
 */
export function cors(source: EdgePolicySource, options: FetchCorsOptions = {}): FetchCors {
  return createFetchCors(edgeResolver(source), options);
}

function edgeResolver(source: EdgePolicySource): PolicyResolver<Request> {
  if (typeof source === 'function') {
    return (request) => {
      const policy = source(request);
      if (policy !== undefined && typeof policy?.evaluate !== 'function')
        throw new TypeError(
          'corskit/edge: a policy resolver must return a policy from policyFromCompiled() or undefined',
        );
      return policy;
    };
  }
  if (isLoadedPolicy(source)) return () => source;
  const policy = policyFromCompiled(source);
  return () => policy;
}

function isLoadedPolicy(x: unknown): x is CorsPolicy {
  return typeof x === 'object' && x !== null && typeof (x as CorsPolicy).evaluate === 'function';
}
