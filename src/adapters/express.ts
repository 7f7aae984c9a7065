// corskit/express: Express 4/5 (and Connect) middleware. Mount it before anything that can end a
// request (authentication, rate limits, routers), so that preflights are answered and error
// responses still carry the CORS headers that were set here first.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSynchronous } from '../engine/create-policy.js';
import type { CorsDecision, CorsPolicy } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { applyDecision } from './shared/apply-decision.js';
import { endPreflight, NodeCorsRequest, nodeResponseHeaders } from './shared/node-http.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export type ExpressCorsOptions<Req extends IncomingMessage = IncomingMessage> = AdapterOptions<Req>;

/** Connect-style middleware; Express accepts it as a `RequestHandler`. */
export type CorsMiddleware<Req extends IncomingMessage = IncomingMessage> = (
  req: Req,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * `app.use(cors(policyOrOptions))`, or `app.use(cors((req) => policyFor(req.path)))` for per-route
 * policies. Options are compiled here, once.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { cors } from 'corskit/express';
 *
 * const app = express();
 * app.use(cors({ origins: ['https://app.example.com'], credentials: true, methods: ['PUT'] }));
 * ```
 */
export function cors<Req extends IncomingMessage = IncomingMessage>(
  source: PolicySource<Req>,
  options: ExpressCorsOptions<Req> = {},
): CorsMiddleware<Req> {
  const resolve = compilePolicySource(source);
  const run = policyRunner(options);
  return function corskit(req, res, next) {
    let policy: CorsPolicy | undefined;
    try {
      policy = resolve(req);
    } catch (error) {
      return next(error);
    }
    if (policy === undefined) return next();
    run(policy, req, res, next);
  };
}

/** Applies one policy to one request, Connect-style; shared with corskit/compat, which picks policies itself. */
export type PolicyRunner<Req extends IncomingMessage = IncomingMessage> = (
  policy: CorsPolicy,
  req: Req,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export function policyRunner<Req extends IncomingMessage = IncomingMessage>(
  options: ExpressCorsOptions<Req>,
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
