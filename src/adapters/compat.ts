// corskit/compat: a drop-in for the `cors` package (expressjs/cors). It takes that package's
// options, maps them to a corskit policy once, and returns the corskit Express/Connect middleware.
// Browsers reach the same allow/refuse verdict as with `cors`; where `cors` options are dangerous
// it warns once with the precise fix (or throws with `strict: true`).
import type { IncomingMessage } from 'node:http';
import { createPolicy } from '../engine/create-policy.js';
import { checkOriginRegExp } from '../policy/regexp-origin.js';
import type {
  CorsPolicy,
  OriginEntry,
  OriginPredicate,
  PolicyIssue,
  PolicyOptions,
} from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import { type CorsMiddleware, cors as expressCors } from './express.js';
import type { AdapterOptions } from './shared/adapter-options.js';

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

export interface CompatOptions extends AdapterOptions<IncomingMessage> {
  /** Throw instead of warning when the options are dangerous or cannot be kept as they are. */
  strict?: boolean;
  /** Where warnings go. Default: process.emitWarning, each distinct message once per process. */
  warn?: (message: string) => void;
}

export class CorsCompatError extends Error {
  override readonly name = 'CorsCompatError';
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];
/** What a credentialed policy allows when `cors` would have reflected any requested header. */
const CREDENTIALED_HEADER_FALLBACK = ['content-type', 'authorization', 'x-requested-with'];

/** The mapped result: the policy (undefined when `origin: false` disables CORS) and adapter options. */
export interface MappedCorsOptions {
  policy: CorsPolicy | undefined;
  preflightContinue: boolean;
}

/**
 * `app.use(cors(options))`, exactly where the `cors` package was. Options are mapped once, here.
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
export function cors(options: CorsPackageOptions = {}, compat: CompatOptions = {}): CorsMiddleware {
  if (typeof options === 'function') {
    throw new CorsCompatError(
      "corskit/compat: cors(optionsDelegate) builds options per request; use corskit/express's cors((req) => policy) " +
        'with policies made once by createPolicy() instead',
    );
  }
  const { policy, preflightContinue } = mapCorsOptions(options, compat);
  if (policy === undefined) return (_req, _res, next) => next();
  return expressCors(policy, { preflightContinue, onRefuse: compat.onRefuse });
}

export default cors;

/** Maps `cors` package options to a compiled corskit policy. Warns (or throws) as documented. */
export function mapCorsOptions(options: CorsPackageOptions, compat: CompatOptions = {}): MappedCorsOptions {
  const report = reporter(compat);
  const preflightContinue = options.preflightContinue === true;
  if (options.origin === false) return { policy: undefined, preflightContinue };
  let credentials = options.credentials === true;
  const origin = options.origin ?? '*';

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
      origins = () => true;
    } else {
      origins = '*'; // Reflecting every origin without credentials grants exactly what "*" grants.
    }
  } else if (typeof origin === 'function') {
    origins = callbackPredicate(origin);
  } else {
    origins = staticOrigins(origin, report);
  }

  const policy: Record<string, unknown> = {
    origins,
    credentials,
    methods: list(options.methods) ?? DEFAULT_METHODS,
    requestHeaders: requestHeaders(options.allowedHeaders ?? options.headers, credentials, report),
  };
  const expose = list(options.exposedHeaders);
  if (expose !== undefined && expose.length > 0) policy.exposeHeaders = expose;
  if (options.maxAge !== undefined && options.maxAge !== '') policy.maxAge = Number(options.maxAge);
  const status = options.optionsSuccessStatus ?? 204;
  if (status === 200 || status === 204) policy.preflightStatus = status;
  else
    report('lossy', `optionsSuccessStatus ${status}: corskit answers preflights with 200 or 204; using 204.`);

  return { policy: createPolicy(repair(policy, report) as unknown as PolicyOptions), preflightContinue };
}

type Report = (kind: 'danger' | 'lossy', message: string) => void;

const warnedOnce = new Set<string>();

function reporter(compat: CompatOptions): Report {
  const warn =
    compat.warn ??
    ((message: string) => {
      if (warnedOnce.has(message)) return;
      warnedOnce.add(message);
      process.emitWarning(message, { type: 'CorskitWarning', code: 'CORSKIT_COMPAT' });
    });
  return (_kind, message) => {
    if (compat.strict === true) throw new CorsCompatError(`corskit/compat (strict): ${message}`);
    warn(`corskit/compat: ${message}`);
  };
}

function list(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? value.split(',') : [...value];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** `cors` reflects the requested headers when allowedHeaders is unset (or an empty string). */
function requestHeaders(value: string | readonly string[] | undefined, credentials: boolean, report: Report) {
  if (value !== undefined && value !== '') return list(value);
  if (!credentials) return ['*', 'authorization']; // "*" alone never covers Authorization.
  report(
    'lossy',
    'allowedHeaders is not set, so cors reflected any requested header; with credentials corskit needs the list. ' +
      `Allowing ${CREDENTIALED_HEADER_FALLBACK.join(', ')}. Fix: allowedHeaders: ['content-type', 'authorization', …].`,
  );
  return CREDENTIALED_HEADER_FALLBACK;
}

/** A RegExp exactly as `cors` uses it (no anchoring), immune to the g/y flags' lastIndex state. */
function regexpTest(re: RegExp): (origin: string) => boolean {
  const copy = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  return (origin) => copy.test(origin);
}

function staticOrigins(
  origin: string | RegExp | ReadonlyArray<string | RegExp>,
  report: Report,
): OriginEntry[] {
  const entries = typeof origin === 'string' || origin instanceof RegExp ? [origin] : [...origin];
  for (const entry of entries) {
    if (!(entry instanceof RegExp)) continue;
    const problem = checkOriginRegExp(entry);
    if (problem !== undefined) {
      report(
        'danger',
        `origin ${entry}: ${problem.message}, so it also matches origins such as ` +
          `"https://example.com.evil.net". Fix: ${anchoredFix(entry)} (or a corskit pattern like 'https://*.example.com').`,
      );
    }
  }
  return entries;
}

function anchoredFix(re: RegExp): string {
  let src = re.source;
  if (src.startsWith('^')) src = src.slice(1);
  if (src.endsWith('$') && !src.endsWith('\\$')) src = src.slice(0, -1);
  return `/^(?:${src})$/${re.flags.replace(/[gy]/g, '')}`;
}

/** Whether `cors` would allow `origin` given a static origin value (its isOriginAllowed, plus true/"*"). */
function staticAllows(origin: string, allow: CorsStaticOrigin | undefined): boolean {
  if (allow === true || allow === '*') return true;
  if (allow === false || allow === undefined) return false;
  if (typeof allow === 'string') return allow === origin;
  if (allow instanceof RegExp) return regexpTest(allow)(origin);
  return allow.some((entry) => staticAllows(origin, entry));
}

function callbackPredicate(fn: CorsOriginFunction): OriginPredicate {
  return (origin) =>
    new Promise<boolean>((resolve, reject) => {
      fn(origin, (error, allow) => (error ? reject(error) : resolve(staticAllows(origin, allow))));
    });
}

/**
 * Entries the engine rejects but `cors` accepted are kept working the way `cors` treated them:
 * origins move to a predicate with `cors`'s exact matching (warned when that is dangerous, above);
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
      repaired.origins = (o: string) => entries.some((e) => staticAllows(o, e));
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
