// corskit/express: Express 4/5 (and Connect) middleware. Mount it before anything that can end a
// request (authentication, rate limits, routers), so that preflights are answered and error
// responses still carry the CORS headers that were set here first.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsPolicy } from '../policy/types.js';
import type { AdapterOptions } from './shared/adapter-options.js';
import { policyRunner } from './shared/connect-runner.js';
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
