// corskit/node: the policy applied to a plain `node:http` request/response pair.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsDecision, CorsPolicy, CorsRequest, PolicyOptions } from '../policy/types.js';
import { endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { applyDecision as applyHeaders } from './shared/apply-decision.js';
import { endPreflight, NodeCorsRequest, nodeResponseHeaders } from './shared/node-http.js';

export interface NodeCorsOptions {
  /** Set the preflight headers but leave ending the response to the caller (default false). */
  readonly preflightContinue?: boolean;
  /** Called for each refused request that carried an Origin (logging, metrics). Must not throw. */
  readonly onRefuse?: (decision: CorsDecision, req: IncomingMessage) => void;
  /**
   * Called when the origin predicate throws or rejects. Plain `node:http` has no error path, so
   * corskit answers 500 itself (the handler must not run) and hands the error here.
   * Default: `console.error(error)`.
   */
  readonly onError?: (error: unknown, req: IncomingMessage) => void;
}

/** Returns true when it ended the response (a preflight), false when the caller should go on. */
export type NodeCorsHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * `const handle = cors({ origins: [...] })`, then in `http.createServer((req, res) => {...})`:
 * `if (handle(req, res)) return;` (await it when the policy has an async origin predicate).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { cors } from 'corskit/node';
 *
 * const handleCors = cors({ origins: ['https://app.example.com'], methods: ['PUT'] });
 * createServer((req, res) => {
 *   if (handleCors(req, res)) return; // a preflight, already answered
 *   res.end('ok');
 * }).listen(8080);
 * ```
 */
export function cors(
  policyOrOptions: CorsPolicy | PolicyOptions,
  options: NodeCorsOptions = {},
): NodeCorsHandler {
  const policy = createPolicy(policyOrOptions);
  const { preflightContinue = false, onRefuse, onError = defaultOnError } = options;
  return (req, res) => {
    const decision = policy.evaluate(new NodeCorsRequest(req));
    if (decision instanceof Promise)
      return decision.then(
        (d) => apply(d, req, res, preflightContinue, onRefuse),
        (error: unknown) => failed(error, req, res, onError),
      );
    return apply(decision, req, res, preflightContinue, onRefuse);
  };
}

/** The origin check failed: answer 500 (no CORS headers) and report "ended", so the handler never runs. */
function failed(
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  onError: NonNullable<NodeCorsOptions['onError']>,
): true {
  onError(error, req);
  if (!res.headersSent) {
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Internal Server Error');
  }
  return true;
}

function defaultOnError(error: unknown): void {
  console.error(error);
}

/** The engine's view of a Node request: no copying, headers are read on demand. */
export function nodeRequest(req: IncomingMessage): CorsRequest {
  return new NodeCorsRequest(req);
}

/** Copies a decision onto a response (merging Vary); ends it for a preflight unless asked not to. */
export function writeDecision(
  decision: CorsDecision,
  res: ServerResponse,
  preflightContinue = false,
): boolean {
  applyHeaders(nodeResponseHeaders, res, decision);
  if (!endsHere(decision, preflightContinue)) return false;
  endPreflight(res, preflightStatus(decision));
  return true;
}

function apply(
  decision: CorsDecision,
  req: IncomingMessage,
  res: ServerResponse,
  preflightContinue: boolean,
  onRefuse: NodeCorsOptions['onRefuse'],
): boolean {
  reportRefusal(onRefuse, decision, req);
  return writeDecision(decision, res, preflightContinue);
}
