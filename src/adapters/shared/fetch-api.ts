// The Fetch API view shared by the Fetch and Hono adapters. No Node API may be used here:
// this runs in Workers, Deno and Bun.
import type { CorsDecision, CorsRequest } from '../../policy/types.js';
import { applyDecision, type HeaderAccess } from './apply-decision.js';

/** A CorsRequest over a Fetch `Request`; `Headers.get` already joins repeats with ", ". */
export function fetchCorsRequest(request: Request): CorsRequest {
  return new FetchCorsRequest(request.method, request.headers);
}

// A class rather than a closure per request: cheaper to create, and nothing to name at runtime.
class FetchCorsRequest implements CorsRequest {
  constructor(
    readonly method: string,
    private readonly headers: Headers,
  ) {}

  header(name: string): string | null {
    return this.headers.get(name);
  }
}

const fetchHeaders: HeaderAccess<Headers> = {
  get: (headers, name) => headers.get(name),
  set: (headers, name, value) => headers.set(name, value),
};

/**
 * The empty response that ends a preflight. `headers` may hold headers set before corskit ran
 * (Hono's `c.res.headers`, with what earlier middleware set through `c.header()`: a request id,
 * `Vary: Accept-Encoding`): they are kept, minus the body's own headers, and Vary is merged. They
 * are written in place, so a framework that copies them onto the returned response again
 * (Hono's `c.res` setter does) finds the same values.
 */
export function preflightResponse(decision: CorsDecision, status: number, headers = new Headers()): Response {
  try {
    headers.delete('content-length');
    headers.delete('content-type');
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return preflightResponse(decision, status, new Headers(headers)); // immutable: work on a copy
  }
  applyDecision(fetchHeaders, headers, decision);
  return new Response(null, { status, headers });
}

/**
 * Adds the decision's headers to a response. Responses from `fetch()` or `Response.redirect()`
 * have immutable headers; those are copied into a new Response once, never mutated.
 */
export function withDecision(response: Response, decision: CorsDecision): Response {
  if (decision.headers.length === 0 && decision.vary === '') return response;
  try {
    applyDecision(fetchHeaders, response.headers, decision);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const copy = new Response(response.body, response);
    applyDecision(fetchHeaders, copy.headers, decision);
    return copy;
  }
}
