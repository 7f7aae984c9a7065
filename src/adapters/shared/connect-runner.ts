// Applying one policy to one Connect-style request: shared by corskit/express, which resolves the
// policy per request, and corskit/compat, which picks among the policies its options compiled to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsDecision, CorsPolicy } from '../../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './adapter-options.js';
import { applyDecision } from './apply-decision.js';
import { endPreflight, NodeCorsRequest, nodeResponseHeaders } from './node-http.js';

/** Applies one policy to one request, Connect-style; shared with corskit/compat, which picks policies itself. */
export type PolicyRunner<Req extends IncomingMessage = IncomingMessage> = (
  policy: CorsPolicy,
  req: Req,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export function policyRunner<Req extends IncomingMessage = IncomingMessage>(
  options: AdapterOptions<Req>,
): PolicyRunner<Req> {
  const { preflightContinue, onRefuse } = options;

  function finish(
    decision: CorsDecision,
    req: Req,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    applyDecision(nodeResponseHeaders, res, decision);
    reportRefusal(onRefuse, decision, req);
    if (endsHere(decision, preflightContinue)) endPreflight(res, preflightStatus(decision));
    else next();
  }

  return (policy, req, res, next) => {
    // The engine never throws; a user's origin predicate that throws or rejects makes it reject,
    // and that error goes to Express's error path (the route handler never runs).
    const decision = policy.evaluate(new NodeCorsRequest(req));
    if (!(decision instanceof Promise)) return finish(decision, req, res, next);
    decision.then(
      (settled) => finish(settled, req, res, next),
      (error: unknown) => next(error),
    );
  };
}
