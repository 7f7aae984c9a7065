// corskit/fetch: CORS for any Fetch-API runtime (Cloudflare Workers, Deno, Bun, Node's Request and
// Response). Wrap a `(Request) => Response` handler, or decorate a Response you built yourself.
// No Node API may be used here.
import type { CorsDecision, CorsPolicy } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { fetchCorsRequest, preflightResponse, withDecision } from './shared/fetch-api.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export interface FetchCorsOptions extends AdapterOptions<Request> {
  /**
   * Turns an error thrown (or a rejection) by the wrapped handler into a response, which then gets
   * the CORS headers like any other. Default: a plain-text 500, with the error passed to console.error.
   */
  onError?: (error: unknown, request: Request) => Response | Promise<Response>;
}

export type FetchHandler<Rest extends unknown[]> = (
  request: Request,
  ...rest: Rest
) => Response | Promise<Response>;

export interface FetchCors {
  /** Wraps a handler: answers preflights, runs the handler, and adds the CORS headers to whatever it returns or throws. */
  <Rest extends unknown[]>(
    handler: FetchHandler<Rest>,
  ): (request: Request, ...rest: Rest) => Promise<Response>;
  /**
   * The preflight response for `request`, or undefined when it is not a preflight (or preflights
   * continue): for code that routes by hand and calls `decorate` on its own responses.
   */
  preflight(request: Request): Promise<Response | undefined>;
  /** `response` with the CORS headers for `request` (a copy when its headers are immutable). */
  decorate(request: Request, response: Response): Promise<Response>;
}

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
  const resolve = compilePolicySource(source);
  const { preflightContinue, onRefuse } = options;
  const onError = options.onError ?? defaultOnError;

  async function decide(request: Request): Promise<CorsDecision | undefined> {
    const policy: CorsPolicy | undefined = resolve(request);
    if (policy === undefined) return undefined;
    const decision = await policy.evaluate(fetchCorsRequest(request));
    reportRefusal(onRefuse, decision, request);
    return decision;
  }

  async function respond(request: Request, run: () => Response | Promise<Response>): Promise<Response> {
    let response: Response;
    try {
      response = await run();
    } catch (error) {
      response = await onError(error, request);
    }
    return response;
  }

  const wrap = <Rest extends unknown[]>(handler: FetchHandler<Rest>) =>
    async function corskit(request: Request, ...rest: Rest): Promise<Response> {
      const decision = await decide(request);
      if (decision === undefined) return respond(request, () => handler(request, ...rest));
      if (endsHere(decision, preflightContinue))
        return preflightResponse(decision, preflightStatus(decision));
      return withDecision(await respond(request, () => handler(request, ...rest)), decision);
    };

  return Object.assign(wrap, {
    async preflight(request: Request): Promise<Response | undefined> {
      if (request.method !== 'OPTIONS') return undefined;
      const decision = await decide(request);
      if (decision === undefined || !endsHere(decision, preflightContinue)) return undefined;
      return preflightResponse(decision, preflightStatus(decision));
    },
    async decorate(request: Request, response: Response): Promise<Response> {
      const decision = await decide(request);
      return decision === undefined ? response : withDecision(response, decision);
    },
  });
}

function defaultOnError(error: unknown): Response {
  // The runtime's own error page would carry no CORS headers and hide the 500 behind a CORS error.
  console.error(error);
  return new Response('Internal Server Error', {
    status: 500,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
