// corskit/fastify: a Fastify 5 plugin. It follows Fastify's conventions:
// - not encapsulated (what fastify-plugin does, written out below so the core package keeps zero
//   dependencies), so the hook lands in the context that registers it: register it at the root for
//   the whole app, or inside an encapsulated plugin with a `prefix` for that prefix only;
// - an `onRequest` hook (the earliest one, before body parsing and authentication hooks);
// - preflights to paths that have no OPTIONS route: at the root, Fastify's not-found handler runs
//   the hook, which answers them; inside an encapsulated plugin, its own OPTIONS route, registered
//   with a route constraint that only preflights satisfy, so it never collides with the application's
//   own OPTIONS routes, not even an `OPTIONS *` catch-all (those keep getting every other OPTIONS request);
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
import type { CorsDecision, CorsPolicy, PolicyOptions } from '../policy/types.js';
import { type AdapterOptions, endsHere, preflightStatus, reportRefusal } from './shared/adapter-options.js';
import { applyDecision, type HeaderAccess } from './shared/apply-decision.js';
import { NodeCorsRequest } from './shared/node-http.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

export interface FastifyCorsOptions extends AdapterOptions<FastifyRequest> {
  /** Level at which refusals are logged through `request.log`, or false for none. Default 'info'. */
  logLevel?: LogLevel | false;
}

/**
 * `app.register(cors, options)`, as with @fastify/cors: the policy options (`origins`, `credentials`,
 * `methods`, …) next to the adapter options, or a ready policy (or resolver) under `policy`.
 */
export type FastifyCorsPluginOptions = FastifyCorsOptions &
  ({ policy: PolicySource<FastifyRequest> } | (PolicyOptions & { policy?: undefined }));

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
 * `app.register(cors, { origins: [...] })` works too: handed to `register` itself, `cors` is the plugin.
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
  options?: FastifyCorsOptions,
): FastifyPluginCallback;
export function cors(
  instance: FastifyInstance,
  options: FastifyCorsPluginOptions,
  done: (error?: Error) => void,
): void;
export function cors(
  first: PolicySource<FastifyRequest> | FastifyInstance,
  options: FastifyCorsOptions | FastifyCorsPluginOptions = {},
  done?: (error?: Error) => void,
): FastifyPluginCallback | undefined {
  if (typeof done === 'function' && isFastifyInstance(first)) {
    registerPlugin(first, options as FastifyCorsPluginOptions, done);
    return undefined;
  }
  const source = first as PolicySource<FastifyRequest>;
  return asSharedPlugin<FastifyPluginCallback>((instance, _opts, next) => {
    attempt(() => install(instance, source, options), next);
  });
}

/** The plugin in the `app.register(plugin, options)` idiom of @fastify/cors. */
export const corskit: FastifyPluginCallback<FastifyCorsPluginOptions> =
  asSharedPlugin<FastifyPluginCallback<FastifyCorsPluginOptions>>(registerPlugin);

export default corskit;

// `register(cors, …)` registers `cors` itself, so it must be marked the same way.
asSharedPlugin(cors);

/**
 * Marks a plugin function as fastify-plugin does: `skip-override` lets its hooks reach the
 * context that registers it; the name and the Fastify range show in Fastify's own errors. These
 * symbols are Fastify's documented contract
 * (https://fastify.dev/docs/latest/Reference/Plugins/#handle-the-scope), so the core package needs
 * no runtime dependency for them.
 */
function asSharedPlugin<T extends object>(plugin: T): T {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'corskit',
    [Symbol.for('plugin-meta')]: { fastify: '5.x', name: 'corskit' },
  });
}

/** Keys of the register options that are not policy options. */
const ADAPTER_KEYS = new Set(['policy', 'preflightContinue', 'onRefuse', 'logLevel', 'prefix']);

function registerPlugin(
  instance: FastifyInstance,
  opts: FastifyCorsPluginOptions,
  done: (error?: Error) => void,
): void {
  attempt(() => {
    const { policy, preflightContinue, onRefuse, logLevel } = (opts ?? {}) as FastifyCorsPluginOptions &
      FastifyCorsOptions & { policy?: PolicySource<FastifyRequest> };
    const source = policy ?? policyOptionsOf(opts);
    install(instance, source, { preflightContinue, onRefuse, logLevel });
  }, done);
}

/** The policy options among the register options (everything that is not an adapter or Fastify key). */
function policyOptionsOf(opts: object | undefined): PolicyOptions {
  const entries = Object.entries(opts ?? {}).filter(([key]) => !ADAPTER_KEYS.has(key));
  if (entries.length === 0) {
    throw new TypeError(
      "corskit/fastify: register(cors, options) needs the policy options, e.g. { origins: ['https://app.example.com'] }, " +
        'or a policy from createPolicy() as { policy }',
    );
  }
  return Object.fromEntries(entries) as unknown as PolicyOptions;
}

/**
 * Runs the plugin body and reports any error (an invalid policy, say) through `done(err)`, so that
 * `await app.register(...)` rejects with it instead of avvio throwing it out of its own queue.
 */
function attempt(body: () => void, done: (error?: Error) => void): void {
  try {
    body();
  } catch (error) {
    done(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  done();
}

function isFastifyInstance(value: unknown): value is FastifyInstance {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<FastifyInstance>;
  return typeof candidate.addHook === 'function' && typeof candidate.register === 'function';
}

/**
 * Whether this is the root instance (the one Fastify() returned). Fastify creates every
 * encapsulated context with Object.create(parent), so the root is the instance whose prototype is
 * not a Fastify instance. Should that ever change, a root looks encapsulated and gets the route:
 * slower, never wrong.
 */
function isRootInstance(instance: FastifyInstance): boolean {
  return !isFastifyInstance(Object.getPrototypeOf(instance));
}

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
    // A user's origin predicate that throws or rejects makes evaluate() reject: Fastify's error path.
    const decision = policy.evaluate(new NodeCorsRequest(request.raw));
    if (!(decision instanceof Promise)) return finish(decision, request, reply, done);
    decision.then(
      (settled) => finish(settled, request, reply, done),
      (error: Error) => done(error),
    );
  });

  if (preflightContinue === true) return;
  // At the root, Fastify's not-found handler runs the root's onRequest hooks, this one included:
  // a preflight to a path with no OPTIONS route reaches the hook there and is answered. The route
  // below is only needed inside an encapsulated plugin, whose hooks the not-found handler lacks.
  // Skipping it at the root matters for speed: once a route uses the constraint, find-my-way derives
  // it for every request (measured: 2–4 % of a Fastify request's CPU, BENCHMARKS.md).
  if (isRootInstance(instance)) return;
  if (!instance.hasConstraintStrategy(PREFLIGHT_CONSTRAINT))
    instance.addConstraintStrategy(preflightStrategy);
  const constraints = { [PREFLIGHT_CONSTRAINT]: 'yes' };
  if (instance.hasRoute({ method: 'OPTIONS', url: `${instance.prefix}/*`, constraints })) return;
  // Under a prefix, `/*` does not match the prefix itself (`/api`): a preflight to it would 404.
  for (const url of instance.prefix === '' ? ['/*'] : ['/', '/*']) {
    instance.route({
      method: 'OPTIONS',
      url,
      constraints,
      schema: { hide: true } as FastifySchema, // keeps it out of @fastify/swagger
      // The onRequest hook has already answered every preflight; only a policy resolver returning
      // undefined lets one through, and then the path behaves as if this route did not exist.
      handler: (_request, reply) => {
        reply.callNotFound();
      },
    });
  }
}
