// corskit/hono: Hono 4 middleware. Runtime-neutral (Workers, Deno, Bun, Node via @hono/node-server).
// The CORS headers are written after the handler ran, onto whatever response it produced, so the
// responses Hono's onError (or the timeout middleware) builds for thrown errors carry them too.
import type { Context, MiddlewareHandler } from 'hono';
import type { CorsDecision } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { fetchCorsRequest, preflightResponse, withDecision } from './shared/fetch-api.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export type HonoCorsOptions = AdapterOptions<Context>;

/** `app.use('*', cors(policyOrOptions))`, or `app.use('*', cors((c) => policyFor(c.req.path)))`. */
export function cors(source: PolicySource<Context>, options: HonoCorsOptions = {}): MiddlewareHandler {
  const resolve = compilePolicySource(source);
  const { preflightContinue, onRefuse } = options;

  return async function corskit(c, next) {
    const policy = resolve(c);
    if (policy === undefined) return next();
    const evaluated = policy.evaluate(fetchCorsRequest(c.req.raw));
    const decision = policy.isAsync ? await evaluated : (evaluated as CorsDecision);
    reportRefusal(onRefuse, decision, c);
    if (endsHere(decision, preflightContinue)) return preflightResponse(decision, preflightStatus(decision));
    await next();
    const response = withDecision(c.res, decision);
    if (response !== c.res) c.res = response;
  };
}
