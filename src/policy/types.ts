// The public contract of the policy engine. Every adapter, the gateway, the config generators
// and the CLI are written against these types only; the implementation behind them may change.
import type { PolicyIssueCode } from './issue-codes.js';

/** A predicate for origins that cannot be listed (a database of tenants, say). Code only, never files. */
export type OriginPredicate = (origin: string) => boolean | Promise<boolean>;

/** One entry of `origins`: a serialized origin or pattern, or (in code only) an anchored RegExp. */
export type OriginEntry = string | RegExp;

/**
 * What a user writes: in code, in a JSON/YAML policy file, or on the CLI. Every option is checked
 * by `createPolicy` / `validatePolicy`; each refusal has a stable code (docs/policy.md).
 *
 * @example
 * ```ts
 * createPolicy({
 *   origins: ['https://app.example.com', 'https://*.preview.example.com', 'http://localhost:*'],
 *   credentials: true,
 *   methods: ['PUT', 'DELETE'],
 *   requestHeaders: ['content-type', 'authorization'],
 *   exposeHeaders: ['x-request-id'],
 *   maxAge: 600,
 * });
 * ```
 */
export interface PolicyOptions {
  /**
   * Who may read responses: `"*"`, a list, or (code only) a predicate.
   *
   * Allowed: `"*"` (without credentials) · `"https://app.example.com"` · `"https://*.example.com"`
   * (one or more labels, never the apex) · `"http://localhost:*"` (any port) ·
   * `"https://*.example.com:*"` · `"null"` (warning; an error with credentials) ·
   * `/^https:\/\/(a|b)\.example\.com$/` (code only, anchored) · `(origin) => db.has(origin)`.
   *
   * Refused: `"https://app.example.com/"` (`origin-trailing-slash`) · `"HTTPS://App.example.com"`
   * (`origin-scheme-case`) · `"https://a.example:443"` (`origin-default-port`) ·
   * `"https://*.github.io"` (`origin-public-suffix-wildcard`) · `"file:///x"` (`origin-file-scheme`) ·
   * `"http://[::ffff:127.0.0.1]"` (`origin-ipv4-mapped-ipv6`) · `["*"]` (`origin-wildcard-in-list`) ·
   * `/example\.com$/` (`regexp-not-anchored`) · with credentials: `"*"`
   * (`wildcard-with-credentials`), `"http://app.example.com"` (`insecure-origin-with-credentials`),
   * `"connector://x"` (`scheme-not-allowed-with-credentials`), `"null"` (`null-with-credentials`).
   */
  origins: '*' | readonly OriginEntry[] | OriginPredicate;
  /**
   * Send `Access-Control-Allow-Credentials: true`. Default false.
   *
   * With it, origins must be https, loopback http or browser-extension origins, and no option
   * may be `"*"`.
   */
  credentials?: boolean;
  /**
   * Allowed non-safelisted methods, or `"*"`. Default: none beyond GET/HEAD/POST.
   *
   * Allowed: `["PUT", "DELETE"]` · `["PATCH"]` · `"*"` (without credentials).
   * Refused: `["TRACE"]` (`method-forbidden`) · `["GET, PUT"]` (`method-invalid`). Warned:
   * `["patch"]` (`method-case-sensitive`: fetch() sends it as written).
   */
  methods?: '*' | readonly string[];
  /**
   * Allowed request headers, or `"*"`. Default: none beyond the CORS-safelisted ones.
   * `"*"` never covers `authorization`: write `["*", "authorization"]` to allow both.
   *
   * Allowed: `["content-type", "authorization"]` · `["*", "authorization"]` (without credentials).
   * Refused: `["cookie"]`, `["sec-fetch-mode"]` (`request-header-forbidden`) ·
   * `["access-control-allow-origin"]` (`request-header-is-cors`) · `["x a"]` (`header-invalid`).
   */
  requestHeaders?: '*' | readonly string[];
  /**
   * Response headers scripts may read, or `"*"`. Default: none.
   *
   * Allowed: `["x-request-id", "etag"]` · `"*"` (without credentials).
   * Refused: `["set-cookie"]` (`expose-header-forbidden`) · `["origin"]`
   * (`expose-header-is-request-header`) · `["access-control-max-age"]` (`expose-header-is-cors`).
   */
  exposeHeaders?: '*' | readonly string[];
  /**
   * Preflight cache lifetime in seconds (0..86400). Default: no header (browsers use 5 s).
   *
   * Allowed: `600` · `0` (do not cache). Warned: `86400` (`max-age-above-chromium-cap`: Chromium
   * stops at 7200). Refused: `-1`, `1.5`, `604800` (`max-age-invalid`).
   */
  maxAge?: number;
  /** Answer `Access-Control-Request-Private-Network: true` preflights. Default false. */
  privateNetwork?: boolean;
  /** Status of a successful preflight: 200 or 204 (`preflight-status-invalid` otherwise). Default 204. */
  preflightStatus?: 200 | 204;
}

/**
 * One problem, in the shape shared by policies, gateway configs and policy files: a stable
 * kebab-case `code` for programs and tests, the rest for humans (the wording may change or be
 * translated; the code does not).
 */
export interface Problem<Code extends string = string> {
  readonly code: Code;
  /** JSON-path-like location, e.g. `origins[2]`, `methods[0]`, `maxAge`; '' for the whole document. */
  readonly path: string;
  readonly message: string;
  readonly hint: string;
  readonly severity: 'error' | 'warning';
}

/** One problem found in a policy: where, what, and how to fix it (codes: docs/policy.md). */
export type PolicyIssue = Problem<PolicyIssueCode>;

/** A subdomain or any-port pattern after validation, for generators that must express it elsewhere. */
export interface OriginPatternSpec {
  /** As written, normalised (e.g. `https://*.example.com`). */
  readonly source: string;
  readonly scheme: string;
  /** The fixed part of the host: for `https://*.example.com` it is `example.com`. */
  readonly host: string;
  /** True for `*.host`: one or more extra labels, never the apex itself. */
  readonly subdomains: boolean;
  /** A fixed port, `'*'` for any port (including none), or null for the scheme's default port. */
  readonly port: number | '*' | null;
}

/** The validated, normalised, immutable view of a policy. */
export interface CompiledPolicyConfig {
  readonly origins:
    | '*'
    | {
        /** Exact serialized origins, deduplicated and sorted. */
        readonly exact: readonly string[];
        readonly patterns: readonly OriginPatternSpec[];
        /** `"null"` was listed. */
        readonly allowNull: boolean;
        /** A predicate or RegExp was given: not expressible outside code. */
        readonly custom: boolean;
      };
  readonly credentials: boolean;
  /** Upper-cased where the Fetch standard normalises; GET/HEAD/POST dropped. */
  readonly methods: '*' | readonly string[];
  /** Lower-cased, deduplicated. */
  readonly requestHeaders: '*' | readonly string[];
  /**
   * Only with `requestHeaders: '*'`: `authorization` was listed next to `"*"` (`["*", "authorization"]`),
   * since the wildcard never covers it. Absent means false.
   */
  readonly allowAuthorizationWithWildcard?: boolean;
  readonly exposeHeaders: '*' | readonly string[];
  readonly maxAge: number | undefined;
  readonly privateNetwork: boolean;
  readonly preflightStatus: 200 | 204;
}

/** The minimal request the engine needs: no Node, Fetch or framework types. */
export interface CorsRequest {
  readonly method: string;
  /**
   * The value of a request header by lower-case name. Repeated headers may arrive joined with
   * ", " (Node, Fetch) or as an array; both must be handled.
   */
  header(name: string): string | readonly string[] | null | undefined;
}

/** Why a request got no CORS grant. */
export type RefusalReason =
  | 'origin-not-allowed'
  | 'malformed-origin'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'private-network-not-allowed'
  | 'malformed-preflight';

/** What the engine decided for one request. Immutable; adapters only copy it onto a response. */
export interface CorsDecision {
  /** `none`: no Origin header; `actual`: an ordinary request with an Origin; `preflight`: OPTIONS + Origin + ACRM. */
  readonly kind: 'none' | 'actual' | 'preflight';
  /** True when the origin (and, for a preflight, the method/headers) are granted. */
  readonly allowed: boolean;
  /** The request's Origin when it was well-formed, else null. */
  readonly origin: string | null;
  /** CORS headers to set, canonical case, never `Vary`. Empty when refused. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** Comma-separated tokens to merge into the response's `Vary` (see mergeVary); '' for none. */
  readonly vary: string;
  /** For `preflight` only: the status to answer with, ending the response. */
  readonly status: number | undefined;
  /** Set when refused. */
  readonly reason: RefusalReason | undefined;
}

/** A compiled policy: validated once, then only read. */
export interface CorsPolicy<
  Decision extends CorsDecision | Promise<CorsDecision> = CorsDecision | Promise<CorsDecision>,
> {
  readonly config: CompiledPolicyConfig;
  /** Non-fatal findings (e.g. maxAge above Chromium's 7200 s cap). */
  readonly warnings: readonly PolicyIssue[];
  /** True when `origins` is a predicate, which may return a Promise. */
  readonly isAsync: boolean;
  /**
   * Synchronous unless an origin predicate is in play. Never throws on hostile input. When the
   * origin predicate throws or rejects, the result is a Promise rejected with its error, which the
   * adapters send to the framework's error path.
   */
  evaluate(request: CorsRequest): Decision;
}

/** A policy whose `evaluate()` returns a decision, never a Promise (no async origin predicate). */
export type SyncCorsPolicy = CorsPolicy<CorsDecision>;

/**
 * Options without an origin predicate: they compile to a SyncCorsPolicy. A predicate, even a
 * synchronous one, can fail (a database down): its error then comes back as a rejected Promise.
 */
export type SyncPolicyOptions = PolicyOptions & {
  origins: '*' | readonly OriginEntry[];
};
