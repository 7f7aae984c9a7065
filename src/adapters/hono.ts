// corskit/hono: Hono 4 middleware. Runtime-neutral (Workers, Deno, Bun, Node via @hono/node-server).
// The CORS headers are written after the handler ran, onto whatever response it produced, so the
// responses Hono's onError (or the timeout middleware) builds for thrown errors carry them too.
import type { Context, MiddlewareHandler } from 'hono';
import type { CorsDecision, CorsRequest } from '../policy/types.js';
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
    const evaluated = policy.evaluate(honoCorsRequest(c));
    const decision = policy.isAsync ? await evaluated : (evaluated as CorsDecision);
    reportRefusal(onRefuse, decision, c);
    if (endsHere(decision, preflightContinue)) return preflightResponse(decision, preflightStatus(decision));
    await next();
    const response = withDecision(c.res, decision);
    if (response !== c.res) c.res = response;
  };
}

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * On @hono/node-server, `c.env.incoming` is the Node request, whose headers are a plain record:
 * reading them there spares building a Fetch `Headers` for the request. Everywhere else (Workers,
 * Deno, Bun, `app.request()`), the Fetch Request is read. Feature-detected: no Node API is used.
 */
function honoCorsRequest(c: Context): CorsRequest {
  const incoming = (c.env as { incoming?: { headers?: unknown } } | undefined)?.incoming;
  const headers = incoming?.headers;
  if (headers !== null && typeof headers === 'object') {
    const record = headers as HeaderRecord;
    return { method: c.req.method, header: (name) => record[name] };
  }
  return fetchCorsRequest(c.req.raw);
}
