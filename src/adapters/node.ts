// corskit/node: the policy applied to a plain `node:http` request/response pair.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mergeVary } from '../engine/vary.js';
import { createPolicy } from '../policy/create-policy.js';
import type { CorsDecision, CorsPolicy, CorsRequest, PolicyOptions } from '../policy/types.js';

export interface NodeCorsOptions {
  /** Set the preflight headers but leave ending the response to the caller (default false). */
  readonly preflightContinue?: boolean;
  /** Called for each refused request that carried an Origin (logging, metrics). Must not throw. */
  readonly onRefuse?: (decision: CorsDecision, req: IncomingMessage) => void;
}

/** Returns true when it ended the response (a preflight), false when the caller should go on. */
export type NodeCorsHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * `const handle = cors({ origins: [...] })`, then in `http.createServer((req, res) => {...})`:
 * `if (handle(req, res)) return;` (await it when the policy has an async origin predicate).
 */
export function cors(
  policyOrOptions: CorsPolicy | PolicyOptions,
  options: NodeCorsOptions = {},
): NodeCorsHandler {
  const policy = createPolicy(policyOrOptions);
  const { preflightContinue = false, onRefuse } = options;
  return (req, res) => {
    const decision = policy.evaluate(nodeRequest(req));
    if (decision instanceof Promise)
      return decision.then((d) => apply(d, req, res, preflightContinue, onRefuse));
    return apply(decision, req, res, preflightContinue, onRefuse);
  };
}

/** The engine's view of a Node request: no copying, headers are read on demand. */
class NodeCorsRequest implements CorsRequest {
  readonly method: string;
  private readonly headers: IncomingMessage['headers'];
  constructor(req: IncomingMessage) {
    this.method = req.method ?? 'GET';
    this.headers = req.headers;
  }
  header(name: string): string | readonly string[] | undefined {
    return this.headers[name];
  }
}

export function nodeRequest(req: IncomingMessage): CorsRequest {
  return new NodeCorsRequest(req);
}

/** Copies a decision onto a response; ends it for a preflight unless asked not to. */
export function applyDecision(
  decision: CorsDecision,
  res: ServerResponse,
  preflightContinue = false,
): boolean {
  const h = decision.headers;
  for (let i = 0; i < h.length; i++) res.setHeader(h[i]![0], h[i]![1]);
  if (decision.vary !== '') {
    const existing = res.getHeader('Vary');
    // The engine's own Vary never repeats a token, so with no prior Vary it is used as is.
    if (existing === undefined) res.setHeader('Vary', decision.vary);
    else {
      const current = Array.isArray(existing) ? existing.join(', ') : String(existing);
      const merged = mergeVary(current, decision.vary);
      if (merged !== current) res.setHeader('Vary', merged);
    }
  }
  if (decision.kind !== 'preflight' || preflightContinue) return false;
  res.statusCode = decision.status ?? 204;
  // A 204 must not carry Content-Length; other statuses say "empty" explicitly for keep-alive.
  if (res.statusCode !== 204) res.setHeader('Content-Length', '0');
  res.end();
  return true;
}

function apply(
  decision: CorsDecision,
  req: IncomingMessage,
  res: ServerResponse,
  preflightContinue: boolean,
  onRefuse: NodeCorsOptions['onRefuse'],
): boolean {
  if (!decision.allowed && decision.kind !== 'none' && onRefuse) onRefuse(decision, req);
  return applyDecision(decision, res, preflightContinue);
}
