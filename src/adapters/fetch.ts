// corskit/fetch: CORS for any Fetch-API runtime (Cloudflare Workers, Deno, Bun, Node's Request and
// Response). Wrap a `(Request) => Response` handler, or decorate a Response you built yourself.
// No Node API may be used here.
import { createFetchCors, type FetchCors, type FetchCorsOptions } from './shared/fetch-cors.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { FetchCors, FetchCorsOptions, FetchHandler } from './shared/fetch-cors.js';
export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

/**
 * `export default { fetch: cors(policy)(handler) }`, or `cors((request) => policyFor(request))(handler)`.
 *
 * @example
 * ```ts
 * import { cors } from 'corskit/fetch';
 *
 * const withCors = cors({ origins: ['https://app.example.com'] });
 * export default { fetch: withCors((request) => new Response('ok')) };
 * ```
 */
export function cors(source: PolicySource<Request>, options: FetchCorsOptions = {}): FetchCors {
  return createFetchCors(compilePolicySource(source), options);
}
