// Copies a CORS decision onto a response's header list. The gateway never decides anything
// about CORS itself: every header here comes from policy.evaluate().
import type { IncomingMessage } from 'node:http';
import { mergeVary } from '../engine/vary.js';
import type { CorsDecision, CorsRequest } from '../policy/types.js';

export function corsRequestOf(req: IncomingMessage): CorsRequest {
  return { method: req.method ?? 'GET', header: (name) => req.headers[name] };
}

/** Appends the decision's headers and the merged Vary to a flat [name, value, …] list. */
export function appendCorsHeaders(
  headers: string[],
  decision: CorsDecision,
  upstreamVary: string | null,
): string[] {
  for (const [name, value] of decision.headers) headers.push(name, value);
  const vary = decision.vary ? varyFor(upstreamVary, decision.vary) : upstreamVary;
  if (vary) headers.push('Vary', vary);
  return headers;
}

let lastAdded = '';
let lastAlone = '';

/**
 * The merged Vary. Most upstream responses carry no Vary: the decision's tokens in their normal
 * form are then remembered (decisions reuse a handful of Vary strings), sparing a merge, two
 * splits and a Set per proxied request.
 */
function varyFor(upstreamVary: string | null, add: string): string {
  if (upstreamVary !== null) return mergeVary(upstreamVary, add);
  if (add !== lastAdded) {
    lastAlone = mergeVary(null, add);
    lastAdded = add;
  }
  return lastAlone;
}

/** What applies when no route covers a path: no grant, and the upstream's CORS headers still go. */
export function noRouteDecision(req: IncomingMessage): CorsDecision {
  const origin = req.headers.origin;
  const preflight =
    req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'];
  return {
    kind: origin === undefined ? 'none' : preflight ? 'preflight' : 'actual',
    allowed: false,
    origin: typeof origin === 'string' ? origin : null,
    headers: [],
    vary: '',
    status: preflight ? 403 : undefined,
    reason: undefined,
  };
}
