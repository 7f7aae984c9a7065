// corskit/compat: a drop-in for the `cors` package (expressjs/cors). It takes that package's
// options (or its per-request options delegate), maps them to corskit policies once per distinct
// options object, and runs them with the corskit Express/Connect middleware.
// The rule: compat never lets a browser read what `cors` would not have let it read. Where it must
// differ it is stricter, and it warns once with the exact fix (or throws with `strict: true`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPolicy } from '../engine/create-policy.js';
import type {
  CorsPolicy,
  OriginEntry,
  OriginPredicate,
  PolicyIssue,
  PolicyOptions,
} from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import { corsAllows } from './compat/cors-matching.js';
import { type Report, reporter } from './compat/report.js';
import { staticOrigins } from './compat/static-origins.js';
import type { CorsMiddleware } from './express.js';
import type { AdapterOptions } from './shared/adapter-options.js';
import { type PolicyRunner, policyRunner } from './shared/connect-runner.js';

export { CorsCompatError } from './compat/report.js';

/** A static origin value as the `cors` package accepts it. */
export type CorsStaticOrigin = boolean | string | RegExp | ReadonlyArray<string | RegExp>;
/** `cors`'s origin callback: `callback(null, allowed)` where allowed is any static origin value. */
export type CorsOriginFunction = (
  origin: string | undefined,
  callback: (error: Error | null, allow?: CorsStaticOrigin) => void,
) => void;

/** The options of the `cors` package, as documented in its README. */
export interface CorsPackageOptions {
  origin?: CorsStaticOrigin | CorsOriginFunction;
  methods?: string | readonly string[];
  allowedHeaders?: string | readonly string[];
  /** `cors`'s alias of allowedHeaders. */
  headers?: string | readonly string[];
  exposedHeaders?: string | readonly string[];
  credentials?: boolean;
  maxAge?: number | string;
  preflightContinue?: boolean;
  optionsSuccessStatus?: number;
}

/**
 * `cors((req, callback) => callback(null, options))`: options per request. Hand back the same
 * options objects (module constants, say): each distinct object is compiled once, then reused.
 */
export type CorsOptionsDelegate<Req extends IncomingMessage = IncomingMessage> = (
  req: Req,
  callback: (error: unknown, options?: CorsPackageOptions) => void,
) => void;

export interface CompatOptions extends Pick<AdapterOptions<IncomingMessage>, 'onRefuse'> {
  /** Throw instead of warning when the options are dangerous or cannot be kept as they are. */
  strict?: boolean;
  /** Where warnings go. Default: process.emitWarning, each distinct message once per process. */
  warn?: (message: string) => void;
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];
/** What a credentialed policy allows when `cors` would have reflected any requested header. */
const CREDENTIALED_HEADER_FALLBACK = ['content-type', 'authorization', 'x-requested-with'];
const ALLOW: OriginPredicate = () => true;
/** `cors()` / `cb(null, undefined)`: one shared object, so the compile cache keeps hitting. */
const NO_OPTIONS: CorsPackageOptions = Object.freeze({});
const REFUSE: OriginPredicate = () => false;

/** With an origin callback, the callback decides per request; these are the policies it picks from. */
export interface OriginCallbackPolicies {
  fn: CorsOriginFunction;
  /** When the callback answers '*': `cors` sent `Access-Control-Allow-Origin: *` (never credentialed). */
  wildcard: CorsPolicy;
  /** When it answers with nothing, false, or a value that does not match the origin. */
  refused: CorsPolicy;
  /** Warns (once) when the callback answers '*' under credentials: true. */
  onWildcard: () => void;
}

/** The mapped result. */
export interface MappedCorsOptions {
  /**
   * Undefined when `origin: false` (or another falsy origin) disables CORS. With an origin callback,
   * the policy used when the callback allows the request's origin.
   */
  policy: CorsPolicy | undefined;
  preflightContinue: boolean;
  /** Set when `origin` is a callback. */
  originCallback?: OriginCallbackPolicies;
}

/**
 * `app.use(cors(options))`, exactly where the `cors` package was. Options are mapped once, here
 * (once per distinct options object for the per-request options delegate).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import cors from 'corskit/compat';
 *
 * const app = express();
 * // The options of the `cors` package, validated and evaluated by corskit.
 * app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
 * ```
 */
export function cors(
  options: CorsPackageOptions | CorsOptionsDelegate = {},
  compat: CompatOptions = {},
): CorsMiddleware {
  const compile = compiler(compat);
  if (typeof options === 'function') return delegated(options, compile);
  const compiled = compile(options);
  return (req, res, next) => serve(compiled, req, res, next);
}

export default cors;

interface Compiled {
  mapped: MappedCorsOptions;
  run: PolicyRunner;
}

/** Compiles each distinct options object once (a delegate usually hands back a few constants). */
function compiler(compat: CompatOptions): (options: CorsPackageOptions) => Compiled {
  const cache = new WeakMap<object, Compiled>();
  return (options) => {
    const key = options ?? NO_OPTIONS;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const mapped = mapCorsOptions(key, compat);
      compiled = {
        mapped,
        run: policyRunner({ preflightContinue: mapped.preflightContinue, onRefuse: compat.onRefuse }),
      };
      cache.set(key, compiled);
    }
    return compiled;
  };
}

function delegated(
  delegate: CorsOptionsDelegate,
  compile: (o: CorsPackageOptions) => Compiled,
): CorsMiddleware {
  return (req, res, next) => {
    once(
      (done) => delegate(req, done),
      (error, options) => {
        if (error) return next(error);
        let compiled: Compiled;
        try {
          compiled = compile(options ?? NO_OPTIONS);
        } catch (compileError) {
          return next(compileError);
        }
        serve(compiled, req, res, next);
      },
      next,
    );
  };
}

function serve(
  compiled: Compiled,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const { mapped, run } = compiled;
  if (mapped.originCallback !== undefined) askOriginCallback(compiled, req, res, next);
  else if (mapped.policy === undefined) next();
  else run(mapped.policy, req, res, next);
}

/**
 * Runs `cors`'s origin callback for this request's origin, then the policy its answer picks. A
 * request without an Origin is not a CORS request: the callback is not consulted (in `cors`, a
 * callback answering `cb(new Error(...))` for it turned every same-origin request into a 500).
 */
function askOriginCallback(
  compiled: Compiled,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const { mapped, run } = compiled;
  const callback = mapped.originCallback!;
  const origin = req.headers.origin;
  if (typeof origin !== 'string') {
    run(callback.refused, req, res, next);
    return;
  }
  once(
    (done) => callback.fn(origin, done),
    (error, allow) => {
      // A failing check goes to the error path: a 500, and the route handler never runs.
      if (error) return next(error);
      run(pickPolicy(callback, mapped.policy!, origin, allow), req, res, next);
    },
    next,
  );
}

function pickPolicy(callback: OriginCallbackPolicies, allowed: CorsPolicy, origin: string, allow: unknown) {
  if (allow === '*') {
    callback.onWildcard();
    return callback.wildcard;
  }
  return corsAllows(origin, allow) ? allowed : callback.refused;
}

const WILDCARD_ANSWER_WITH_CREDENTIALS =
  "the origin callback answered '*' with credentials: true. cors then sent Access-Control-Allow-Origin: *, " +
  'which browsers refuse on credentialed requests, so only uncredentialed requests could read the response; ' +
  "corskit answers '*' without credentials, exactly that. Fix: answer cb(null, true) for the origins you trust " +
  "with credentials, or cb(null, '*') only where credentials are not needed.";

/** Calls `start(done)` and hands the first answer to `then`; a synchronous throw goes to `fail`. */
function once<T>(
  start: (done: (error: unknown, value?: T) => void) => void,
  then: (error: unknown, value?: T) => void,
  fail: (error: unknown) => void,
): void {
  let answered = false;
  try {
    start((error, value) => {
      if (answered) return;
      answered = true;
      then(error, value);
    });
  } catch (error) {
    if (answered) throw error; // thrown further down the chain, not by the user's callback
    answered = true;
    fail(error);
  }
}

/** Maps `cors` package options to compiled corskit policies. Warns (or throws) as documented. */
export function mapCorsOptions(options: CorsPackageOptions, compat: CompatOptions = {}): MappedCorsOptions {
  const report = reporter(compat);
  const preflightContinue = options.preflightContinue === true;
  // cors merges the options over its defaults: an own falsy `origin` (false, undefined, '') disables it.
  const origin = Object.hasOwn(options, 'origin') ? options.origin : '*';
  if (!origin) return { policy: undefined, preflightContinue };
  let credentials = options.credentials === true;

  if (typeof origin === 'function') {
    const build = (c: boolean, origins: PolicyOptions['origins'], r: Report) =>
      compile({ ...settings(options, c, r), origins }, r);
    const silent: Report = () => {};
    let noticed = !credentials;
    const onWildcard = () => {
      if (noticed) return;
      noticed = true;
      reporter({ ...compat, strict: false })('lossy', WILDCARD_ANSWER_WITH_CREDENTIALS);
    };
    return {
      policy: build(credentials, ALLOW, report),
      preflightContinue,
      originCallback: {
        fn: origin,
        wildcard: build(false, '*', silent),
        refused: build(credentials, REFUSE, silent),
        onWildcard,
      },
    };
  }

  let origins: PolicyOptions['origins'];
  if (origin === '*') {
    if (credentials) {
      report(
        'danger',
        'origin "*" with credentials: true: browsers refuse every credentialed response carrying ' +
          'Access-Control-Allow-Origin: *, so only uncredentialed requests ever worked. corskit keeps that behaviour ' +
          "(credentials off). Fix: list the origins, e.g. origin: ['https://app.example.com'].",
      );
      credentials = false;
    }
    origins = '*';
  } else if (origin === true) {
    if (credentials) {
      report(
        'danger',
        'origin: true with credentials: true reflects ANY origin with credentials: every website can read your ' +
          "users' authenticated responses. Fix: origin: ['https://app.example.com'] (or a pattern such as " +
          "'https://*.example.com' in corskit/express).",
      );
      origins = ALLOW;
    } else {
      origins = '*'; // Reflecting every origin without credentials grants exactly what "*" grants.
    }
  } else {
    const entries = staticOrigins(origin, report);
    origins = entries.length === 0 ? REFUSE : entries;
  }
  return {
    policy: compile({ ...settings(options, credentials, report), origins }, report),
    preflightContinue,
  };
}

function compile(policy: Record<string, unknown>, report: Report): CorsPolicy {
  return createPolicy(repair(policy, report) as unknown as PolicyOptions);
}

/** Everything but the origins. */
function settings(
  options: CorsPackageOptions,
  credentials: boolean,
  report: Report,
): Record<string, unknown> {
  const policy: Record<string, unknown> = {
    credentials,
    methods: withoutCredentialedWildcard(
      'methods',
      list(options.methods) ?? DEFAULT_METHODS,
      credentials,
      report,
    ),
    requestHeaders: withoutCredentialedWildcard(
      'allowedHeaders',
      requestHeaders(options.allowedHeaders ?? options.headers, credentials, report),
      credentials,
      report,
    ),
  };
  const expose = withoutCredentialedWildcard(
    'exposedHeaders',
    list(options.exposedHeaders),
    credentials,
    report,
  );
  if (expose !== undefined && expose.length > 0) policy.exposeHeaders = expose;
  if (options.maxAge != null && options.maxAge !== '') policy.maxAge = Number(options.maxAge);
  const status = options.optionsSuccessStatus ?? 204;
  if (status === 200 || status === 204) policy.preflightStatus = status;
  else
    report('lossy', `optionsSuccessStatus ${status}: corskit answers preflights with 200 or 204; using 204.`);
  return policy;
}

const WILDCARD_MEANING: Record<string, [granted: string, fix: string]> = {
  methods: ['only GET, HEAD and POST were allowed', "methods: ['GET', 'POST', 'PUT', 'DELETE']"],
  allowedHeaders: [
    'no request header beyond the safelisted ones was allowed',
    "allowedHeaders: ['content-type', 'authorization']",
  ],
  exposedHeaders: ['no response header was exposed', "exposedHeaders: ['x-request-id']"],
};

/**
 * With credentials, browsers read `*` in Access-Control-Allow-Methods/-Headers/-Expose-Headers as a
 * literal name, so under `cors` it granted nothing. Dropping it keeps exactly that.
 */
function withoutCredentialedWildcard(
  key: keyof typeof WILDCARD_MEANING,
  names: string[] | undefined,
  credentials: boolean,
  report: Report,
): string[] | undefined {
  if (!credentials || names === undefined || !names.includes('*')) return names;
  const [granted, fix] = WILDCARD_MEANING[key]!;
  report(
    'lossy',
    `${key}: '*' with credentials: true: on credentialed requests browsers read '*' as a literal name, so with cors ` +
      `${granted} for them (uncredentialed requests got the wildcard). corskit cannot send both: it drops the '*', ` +
      `which is stricter for uncredentialed requests. Fix: list the names, e.g. ${fix} (the names your clients use).`,
  );
  return names.filter((name) => name !== '*');
}

function list(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : [...value];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** `cors` reflects the requested headers when allowedHeaders is unset (or an empty string). */
function requestHeaders(value: string | readonly string[] | undefined, credentials: boolean, report: Report) {
  if (value !== undefined && value !== null && value !== '') return list(value);
  if (!credentials) return ['*', 'authorization']; // "*" alone never covers Authorization.
  report(
    'lossy',
    'allowedHeaders is not set, so cors reflected any requested header; with credentials corskit needs the list. ' +
      `Allowing ${CREDENTIALED_HEADER_FALLBACK.join(', ')}. Fix: allowedHeaders: ['content-type', 'authorization', …].`,
  );
  return CREDENTIALED_HEADER_FALLBACK;
}

/**
 * Entries the engine rejects but `cors` accepted are kept working the way `cors` treated them:
 * origins move to a predicate with `cors`'s exact matching (warned when that is dangerous);
 * header and method names a browser never sends or exposes are dropped (no verdict changes);
 * an out-of-range maxAge is dropped (it only tunes caching).
 */
function repair(policy: Record<string, unknown>, report: Report): Record<string, unknown> {
  const issues = validatePolicy(policy).issues.filter((i) => i.severity === 'error');
  if (issues.length === 0) return policy;
  const repaired = { ...policy };
  const drops = new Map<string, Set<number>>();
  for (const issue of issues) {
    const [, key, index] = /^(\w+)(?:\[(\d+)\])?/.exec(issue.path) ?? [];
    if (key === 'origins' && Array.isArray(policy.origins)) {
      const entries = policy.origins as OriginEntry[];
      repaired.origins = (o: string) => corsAllows(o, entries);
      if (!(index !== undefined && entries[Number(index)] instanceof RegExp))
        lossy(report, issue, 'kept with cors matching');
    } else if (
      (key === 'requestHeaders' || key === 'exposeHeaders' || key === 'methods') &&
      index !== undefined
    ) {
      const set = drops.get(key) ?? new Set<number>();
      set.add(Number(index));
      drops.set(key, set);
      lossy(report, issue, 'dropped');
    } else if (key === 'maxAge') {
      delete repaired.maxAge;
      lossy(report, issue, 'dropped');
    }
  }
  for (const [key, indexes] of drops) {
    repaired[key] = (policy[key] as string[]).filter((_, i) => !indexes.has(i));
  }
  return repaired;
}

function lossy(report: Report, issue: PolicyIssue, what: string): void {
  report('lossy', `${issue.path}: ${issue.message} (${issue.hint}); ${what}.`);
}
