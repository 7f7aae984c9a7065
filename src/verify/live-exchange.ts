// The two sides verify compares. The live side sends each distinct request to the server once
// and remembers the answer, so the browser model and the header comparison see the same
// response; the policy side answers the same request as the engine would, on top of the live
// response (status and body headers are the application's business, the CORS headers are not).
import type { HeaderList, NetworkFailure, Transport, WireRequest, WireResponse } from '../browser/types.js';
import { CORS_RESPONSE_HEADERS } from '../engine/decision-headers.js';
import { mergeVary } from '../engine/vary.js';
import type { CorsDecision, CorsPolicy, CorsRequest } from '../policy/types.js';
import { linesOf } from './compare-response.js';

export interface Exchange {
  readonly request: WireRequest;
  readonly response: WireResponse | NetworkFailure | null;
}

export function requestKey(r: WireRequest): string {
  const headers = r.headers.map(([n, v]) => `${n.toLowerCase()}:${v}`).sort();
  return JSON.stringify([r.method, r.url, headers]);
}

export function corsRequestOf(r: WireRequest): CorsRequest {
  return {
    method: r.method,
    header(name) {
      const lines = linesOf(r.headers, name);
      return lines.length === 0 ? null : lines.length === 1 ? lines[0]! : lines;
    },
  };
}

export function isResponse(r: Exchange['response']): r is WireResponse {
  return r !== null && !('networkError' in r);
}

export interface LiveExchange {
  readonly transport: Transport;
  /** Every distinct request sent, in the order first sent. */
  readonly exchanges: ReadonlyMap<string, Exchange>;
  /** HTTP requests actually sent (memo hits not counted). */
  sent(): number;
}

export function liveExchange(send: Transport): LiveExchange {
  const exchanges = new Map<string, Exchange>();
  let count = 0;
  const transport: Transport = async (request) => {
    const key = requestKey(request);
    const seen = exchanges.get(key);
    if (seen) return seen.response;
    count++;
    const response = await send(request);
    exchanges.set(key, { request, response });
    return response;
  };
  return { transport, exchanges, sent: () => count };
}

export function decide(policy: CorsPolicy, request: WireRequest): Promise<CorsDecision> {
  return Promise.resolve(policy.evaluate(corsRequestOf(request)));
}

/** The response a server that follows the policy would give, built on the live one. */
export function policyTransport(policy: CorsPolicy, live: Transport): Transport {
  return async (request) => {
    const response = await live(request);
    if (!isResponse(response)) return response;
    const decision = await decide(policy, request);
    return policyResponse(decision, response);
  };
}

export function policyResponse(decision: CorsDecision, live: WireResponse): WireResponse {
  const cors: HeaderList = decision.headers.map(([n, v]) => [n, v]);
  if (decision.status !== undefined) {
    if (decision.vary) cors.push(['Vary', decision.vary]);
    return { status: decision.status, headers: cors };
  }
  const drop = new Set<string>([...CORS_RESPONSE_HEADERS, 'vary']);
  const rest = live.headers.filter(([n]) => !drop.has(n.toLowerCase()));
  const vary = mergeVary(linesOf(live.headers, 'vary').join(', '), decision.vary);
  if (vary) cors.push(['Vary', vary]);
  return { status: live.status, headers: [...rest, ...cors] };
}
