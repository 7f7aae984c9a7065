// corskit/koa: Koa 3 middleware. Koa's default error handling removes every response header before
// writing an error (ctx.onerror), so the CORS headers are also attached to the thrown error's
// `headers`, which Koa writes back: a 4xx/5xx thrown downstream still reaches the browser readable.

import type { Context, Middleware, Next } from 'koa';
import { isSynchronous } from '../engine/create-policy.js';
import type { CorsDecision } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { applyDecision, decisionHeaderRecord } from './shared/apply-decision.js';
import { NodeCorsRequest, nodeResponseHeaders } from './shared/node-http.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export type KoaCorsOptions = AdapterOptions<Context>;

/**
 * `app.use(cors(policyOrOptions))`, or `app.use(cors((ctx) => policyFor(ctx.path)))`. Mount it first.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { cors } from 'corskit/koa';
 *
 * const app = new Koa();
 * app.use(cors({ origins: ['https://app.example.com'], exposeHeaders: ['x-request-id'] }));
 * ```
 */
export function cors(source: PolicySource<Context>, options: KoaCorsOptions = {}): Middleware {
  const resolve = compilePolicySource(source);
  const { preflightContinue, onRefuse } = options;

  function run(decision: CorsDecision, ctx: Context, next: Next): Promise<void> | undefined {
    applyDecision(nodeResponseHeaders, ctx.res, decision);
    reportRefusal(onRefuse, decision, ctx);
    if (endsHere(decision, preflightContinue)) {
      // Body first: Koa turns a null body into 204 unless the status is set after it.
      ctx.body = null;
      ctx.status = preflightStatus(decision);
      return undefined;
    }
    return next().then(undefined, (error: unknown) => {
      throw withCorsHeaders(error, decision);
    });
  }

  // Not an async function: the synchronous engine path costs no extra promise per request.
  return function corskit(ctx: Context, next: Next): Promise<void> | undefined {
    const policy = resolve(ctx);
    if (policy === undefined) return next();
    if (isSynchronous(policy)) return run(policy.evaluate(new NodeCorsRequest(ctx.req)), ctx, next);
    return Promise.resolve(policy.evaluate(new NodeCorsRequest(ctx.req))).then((decision) =>
      run(decision, ctx, next),
    );
  } as Middleware;
}

/** Makes the CORS headers survive Koa's ctx.onerror, which keeps only `err.headers`. */
function withCorsHeaders(error: unknown, decision: CorsDecision): unknown {
  const target = (isNativeError(error) ? error : asKoaWouldWrap(error)) as {
    headers?: Record<string, unknown>;
  };
  const existing = target.headers ?? {};
  const vary = existing.Vary ?? existing.vary;
  const merged: Record<string, unknown> = { ...existing, ...decisionHeaderRecord(decision, vary) };
  if (merged.vary !== undefined && merged.Vary !== undefined) delete merged.vary;
  try {
    target.headers = merged;
  } catch {
    // A frozen error: Koa will answer without CORS headers, exactly as it would have without us.
  }
  return target;
}

/** Koa's own test (ctx.onerror): anything else is replaced by a new Error, which would drop `headers`. */
function isNativeError(value: unknown): value is Error {
  return Object.prototype.toString.call(value) === '[object Error]' || value instanceof Error;
}

/**
 * What ctx.onerror would turn a thrown non-Error into (`throw { status: 500, message }`, a string):
 * the same message and status (500), done here so that it can carry the CORS headers. The thrown
 * value stays reachable as `cause`.
 */
function asKoaWouldWrap(thrown: unknown): Error {
  return new Error(`non-error thrown: ${jsonOf(thrown)}`, { cause: thrown });
}

/** util.format's %j: JSON, or '[Circular]' for a cyclic value. */
function jsonOf(value: unknown): string {
  try {
    return String(JSON.stringify(value));
  } catch {
    return '[Circular]';
  }
}
