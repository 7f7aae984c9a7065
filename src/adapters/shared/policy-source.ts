// Resolving what a user hands an adapter (a compiled policy, policy options, or a per-request
// resolver) into one function. Options are compiled here, once, when the middleware is mounted:
// a request never pays for validation.
import { createPolicy } from '../../engine/create-policy.js';
import type { CorsPolicy, PolicyOptions } from '../../policy/types.js';

/**
 * Picks the policy for one request (say by path: `/public/*` → `*`, `/api/*` → an allow-list).
 * Return a policy compiled once with `createPolicy`, or `undefined` to leave the request untouched.
 */
export type PolicyResolver<Req> = (request: Req) => CorsPolicy | undefined;

/** Everything an adapter's `cors()` accepts as its first argument. */
export type PolicySource<Req> = CorsPolicy | PolicyOptions | PolicyResolver<Req>;

/** Compiles a fixed policy now, or wraps a resolver so that it checks what it returns. */
export function compilePolicySource<Req>(source: PolicySource<Req>): PolicyResolver<Req> {
  if (typeof source === 'function') return checkedResolver(source);
  if (source === null || typeof source !== 'object') {
    throw new TypeError('corskit: cors() needs a policy, policy options, or a resolver function');
  }
  const policy = createPolicy(source);
  return () => policy;
}

function checkedResolver<Req>(resolve: PolicyResolver<Req>): PolicyResolver<Req> {
  return (request) => {
    const policy = resolve(request);
    // A resolver returning raw options would compile a policy per request: refuse it loudly.
    if (policy !== undefined && typeof policy?.evaluate !== 'function') {
      throw new TypeError(
        'corskit: a policy resolver must return a policy from createPolicy() (compiled once) or undefined',
      );
    }
    return policy;
  };
}
