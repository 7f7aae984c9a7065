// corskit/fastify: a Fastify 5 plugin. It follows Fastify's conventions:
// - fastify-plugin, so the hook lands in the context that registers it: register it at the root for
//   the whole app, or inside an encapsulated plugin with a `prefix` for that prefix only;
// - an `onRequest` hook (the earliest one, before body parsing and authentication hooks);
// - its own OPTIONS route for preflights to paths that have no OPTIONS route, registered with a
//   route constraint that only preflights satisfy, so it never collides with the application's own
//   OPTIONS routes, not even an `OPTIONS *` catch-all (those keep getting every other OPTIONS request);
// - refusals logged through `request.log` at a chosen level.

import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  HookHandlerDoneFunction,
  LogLevel,
} from 'fastify';
import fp from 'fastify-plugin';
import { isSynchronous } from '../engine/create-policy.js';
import type { CorsDecision, CorsPolicy } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { applyDecision, type HeaderAccess } from './shared/apply-decision.js';
import { NodeCorsRequest } from './shared/node-http.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export interface FastifyCorsOptions extends AdapterOptions<FastifyRequest> {
  /** Level at which refusals are logged through `request.log`, or false for none. Default 'info'. */
  logLevel?: LogLevel | false;
}

export interface FastifyCorsPluginOptions extends FastifyCorsOptions {
  policy: PolicySource<FastifyRequest>;
}

/** Satisfied only by requests that are CORS preflights; lets the plugin's OPTIONS route sit beside the app's. */
const PREFLIGHT_CONSTRAINT = 'corskitPreflight';

type ConstraintStrategy = Parameters<FastifyInstance['addConstraintStrategy']>[0];

const preflightStrategy: ConstraintStrategy = {
  name: PREFLIGHT_CONSTRAINT,
  mustMatchWhenDerived: false,
  storage() {
    const handlers = new Map<unknown, unknown>();
    return {
      get: (value: unknown) => (handlers.get(value) ?? null) as never,
      set: (value: unknown, handler: unknown) => {
        handlers.set(value, handler);
      },
    };
  },
  deriveConstraint(req): string | undefined {
    return req.method === 'OPTIONS' &&
      req.headers.origin !== undefined &&
      req.headers['access-control-request-method'] !== undefined
      ? 'yes'
      : undefined;
  },
};

const replyHeaders: HeaderAccess<FastifyReply> = {
  get: (reply, name) => reply.getHeader(name),
  set: (reply, name, value) => {
    reply.header(name, value);
  },
};

/**
 * `app.register(cors(policyOrOptions))`, or `app.register(cors((request) => policyFor(request.url)))`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { cors } from 'corskit/fastify';
 *
 * const app = Fastify();
 * await app.register(cors({ origins: ['https://app.example.com'], methods: ['PUT'] }));
 * ```
 */
export function cors(
  source: PolicySource<FastifyRequest>,
  options: FastifyCorsOptions = {},
): FastifyPluginCallback {
  return fp(
    (instance, _opts, done) => {
      install(instance, source, options);
      done();
    },
    { fastify: '5.x', name: 'corskit' },
  );
}

/** The same plugin in the `app.register(plugin, options)` idiom: `app.register(corskit, { policy })`. */
export const corskit: FastifyPluginCallback<FastifyCorsPluginOptions> = fp<FastifyCorsPluginOptions>(
  (instance, opts, done) => {
    const { policy, ...options } = opts;
    install(instance, policy, options);
    done();
  },
  { fastify: '5.x', name: 'corskit' },
);

export default corskit;

function install(
  instance: FastifyInstance,
  source: PolicySource<FastifyRequest>,
  options: FastifyCorsOptions,
): void {
  const resolve = compilePolicySource(source);
  const { preflightContinue, onRefuse } = options;
  const logLevel = options.logLevel ?? 'info';

  function finish(
    decision: CorsDecision,
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    applyDecision(replyHeaders, reply, decision);
    if (decision.kind !== 'none' && !decision.allowed) {
      if (logLevel !== false) {
        request.log[logLevel](
          { origin: request.headers.origin, kind: decision.kind, reason: decision.reason },
          'corskit: cross-origin request refused',
        );
      }
      reportRefusal(onRefuse, decision, request);
    }
    if (endsHere(decision, preflightContinue)) reply.code(preflightStatus(decision)).send();
    else done();
  }

  instance.addHook('onRequest', function corskit(request, reply, done) {
    let policy: CorsPolicy | undefined;
    try {
      policy = resolve(request);
    } catch (error) {
      return done(error as Error);
    }
    if (policy === undefined) return done();
    if (isSynchronous(policy))
      return finish(policy.evaluate(new NodeCorsRequest(request.raw)), request, reply, done);
    Promise.resolve(policy.evaluate(new NodeCorsRequest(request.raw))).then(
      (decision) => finish(decision, request, reply, done),
      (error: Error) => done(error),
    );
  });

  if (preflightContinue === true) return;
  if (!instance.hasConstraintStrategy(PREFLIGHT_CONSTRAINT))
    instance.addConstraintStrategy(preflightStrategy);
  const constraints = { [PREFLIGHT_CONSTRAINT]: 'yes' };
  if (instance.hasRoute({ method: 'OPTIONS', url: `${instance.prefix}/*`, constraints })) return;
  instance.route({
    method: 'OPTIONS',
    url: '/*',
    constraints,
    schema: { hide: true } as FastifySchema, // keeps it out of @fastify/swagger
    // The onRequest hook has already answered every preflight; only a policy resolver returning
    // undefined lets one through, and then the path behaves as if this route did not exist.
    handler: (_request, reply) => {
      reply.callNotFound();
    },
  });
}
