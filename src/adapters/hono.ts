// corskit/hono: Hono 4 middleware. Runtime-neutral (Workers, Deno, Bun, Node via @hono/node-server).
// The CORS headers go onto whatever response the request ends with, including the ones Hono's
// onError, notFound or the timeout middleware build for thrown errors:
// - on @hono/node-server, they are merged into the Node response's head when it is written (see
//   shared/node-write-head.ts): no Fetch `Headers` is built, so its cached-response fast path holds;
// - everywhere else, they are written onto `c.res` after the handler ran.

import type { Context, MiddlewareHandler, Next } from 'hono';
import { isSynchronous } from '../engine/create-policy.js';
import type { CorsDecision, CorsRequest } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { fetchCorsRequest, preflightResponse, withDecision } from './shared/fetch-api.js';
import { applyDecisionOnWriteHead, isNodeLikeResponse } from './shared/node-write-head.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export type HonoCorsOptions = AdapterOptions<Context>;

/**
 * `app.use('*', cors(policyOrOptions))`, or `app.use('*', cors((c) => policyFor(c.req.path)))`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { cors } from 'corskit/hono';
 *
 * const app = new Hono();
 * app.use('/api/*', cors({ origins: ['https://app.example.com'], methods: ['PUT', 'DELETE'] }));
 * ```
 */
export function cors(source: PolicySource<Context>, options: HonoCorsOptions = {}): MiddlewareHandler {
  const resolve = compilePolicySource(source);
  const { preflightContinue, onRefuse } = options;

  const respond = (c: Context, next: Next, decision: CorsDecision): Promise<Response | undefined> => {
    reportRefusal(onRefuse, decision, c);
    if (endsHere(decision, preflightContinue)) {
      // c.res holds what earlier middleware set with c.header(); hono/cors keeps those too.
      return Promise.resolve(preflightResponse(decision, preflightStatus(decision), c.res.headers));
    }
    const outgoing = nodeBindings(c)?.outgoing;
    if (isNodeLikeResponse(outgoing)) {
      applyDecisionOnWriteHead(outgoing, decision);
      return next() as Promise<undefined>;
    }
    return next().then(() => {
      const response = withDecision(c.res, decision);
      if (response !== c.res) c.res = response;
      return undefined;
    });
  };

  // Not an async function: the synchronous path adds no promise of its own to Hono's chain.
  return function corskit(c, next) {
    const policy = resolve(c);
    if (policy === undefined) return next();
    if (isSynchronous(policy)) return respond(c, next, policy.evaluate(honoCorsRequest(c)));
    return Promise.resolve(policy.evaluate(honoCorsRequest(c))).then((decision) =>
      respond(c, next, decision),
    );
  };
}

interface NodeBindings {
  incoming?: { headers?: unknown };
  outgoing?: unknown;
}

/** `c.env` on @hono/node-server: `{ incoming, outgoing }`, the Node request and response. */
function nodeBindings(c: Context): NodeBindings | undefined {
  const env: unknown = c.env;
  return env !== null && typeof env === 'object' ? (env as NodeBindings) : undefined;
}

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * On @hono/node-server, `c.env.incoming` is the Node request, whose headers are a plain record:
 * reading them there spares building a Fetch `Headers` for the request. Everywhere else (Workers,
 * Deno, Bun, `app.request()`), the Fetch Request is read. Feature-detected: no Node API is used.
 */
function honoCorsRequest(c: Context): CorsRequest {
  const headers = nodeBindings(c)?.incoming?.headers;
  if (headers !== null && typeof headers === 'object') {
    return new HeaderRecordRequest(c.req.method, headers as HeaderRecord);
  }
  return fetchCorsRequest(c.req.raw);
}

// A class rather than a closure per request: cheaper to create, and nothing to name at runtime.
class HeaderRecordRequest implements CorsRequest {
  constructor(
    readonly method: string,
    private readonly record: HeaderRecord,
  ) {}

  header(name: string): string | readonly string[] | undefined {
    return this.record[name];
  }
}
