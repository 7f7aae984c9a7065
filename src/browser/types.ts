// The public contract of the browser model (`corskit/browser`). The doctor, the explain command,
// the conformance harness and the engine's own tests are written against these types.

export type BrowserName = 'firefox' | 'chromium' | 'webkit';

/** Header list as on the wire: order kept, names as sent, repeats allowed. */
export type HeaderList = Array<[name: string, value: string]>;

export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
}

export interface WireResponse {
  readonly status: number;
  /** Names as received: HTTP/1.1 keeps the server's case, HTTP/2 is always lower case. */
  readonly headers: HeaderList;
  /**
   * The protocol that carried the response, when the transport knows it. Absent: HTTP/1.1. It
   * changes what Firefox prints for a repeated header (see cors-check.ts).
   */
  readonly protocol?: 'http/1.1' | 'h2';
}

/**
 * How the model obtains responses: a test's table, the doctor's real HTTP client, a recorded
 * exchange. Returning null means a network error (connection refused, reset, DNS failure).
 * Redirects are NOT followed by the transport: the model follows them itself, as a browser does.
 */
export type Transport = (
  request: WireRequest,
) => Promise<WireResponse | NetworkFailure | null> | WireResponse | NetworkFailure | null;

/**
 * A network error with its Chromium net error name (e.g. `ERR_CONNECTION_REFUSED`), for transports
 * that know why the request failed. Plain `null` is treated as `ERR_CONNECTION_REFUSED`.
 */
export interface NetworkFailure {
  readonly networkError: string;
  /** Set when the failure happened on an HTTP/2 connection (a reset stream). */
  readonly protocol?: 'http/1.1' | 'h2';
}

/** What a page's script asks for: the arguments of `fetch(url, init)` plus the page's origin. */
export interface FetchDescription {
  readonly url: string;
  /** Serialized origin of the page making the request, e.g. `http://127.0.0.1:8001`. */
  readonly pageOrigin: string;
  readonly method?: string;
  readonly headers?: HeaderList | Record<string, string>;
  readonly credentials?: 'omit' | 'same-origin' | 'include';
  readonly redirect?: 'follow' | 'error' | 'manual';
  /** Whether fetch() is given a body (affects nothing CORS-wise but the timeline). */
  readonly body?: string;
}

/** MDN's slugs for Firefox's CORS errors: the stable code of every failure. */
export type CorsErrorCode =
  | 'CORSDisabled'
  | 'CORSDidNotSucceed'
  | 'CORSRequestNotHttp'
  | 'CORSMultipleAllowOriginNotAllowed'
  | 'CORSAllowOriginNotMatchingOrigin'
  | 'CORSNotSupportingCredentials'
  | 'CORSMethodNotFound'
  | 'CORSMissingAllowCredentials'
  | 'CORSPreflightDidNotSucceed'
  | 'CORSInvalidAllowMethod'
  | 'CORSInvalidAllowHeader'
  | 'CORSMissingAllowHeaderFromPreflight'
  | 'CORSMissingAllowOrigin'
  | 'CORSExternalRedirectNotAllowed'
  | 'CORSInvalidAllowOrigin'
  | 'CORSRedirectContainsCredentials'
  | 'CORSPrivateNetworkNotAllowed';

export interface ExchangeStep {
  readonly kind: 'preflight' | 'actual' | 'redirect';
  readonly request: WireRequest;
  /** null: network error. */
  readonly response: WireResponse | null;
  /** The Chromium net error name when `response` is null (e.g. `ERR_CONNECTION_REFUSED`). */
  readonly networkError?: string;
}

/** What one browser does and prints. */
export interface BrowserOutcome {
  readonly verdict: 'allowed' | 'blocked';
  /** null when allowed, and for blocked fetches that are not CORS failures (`redirect: 'error'`, too many redirects). */
  readonly code: CorsErrorCode | null;
  /**
   * The full console lines this browser prints for the fetch, in order; null when it prints none
   * for an allowed fetch (Chromium logs allowed responses with status >= 400 too).
   */
  readonly messages: readonly string[] | null;
  /** Console warnings printed although the fetch is allowed (e.g. Firefox's `*`-does-not-cover-Authorization deprecation). */
  readonly warnings?: readonly string[];
}

export interface Fix {
  /** What the server must send, in words. */
  readonly summary: string;
  /** The response headers that would make it pass. */
  readonly headers: HeaderList;
  /** A corskit policy (PolicyOptions JSON) that produces them. */
  readonly policy: Record<string, unknown>;
  readonly nginx: string;
  readonly apache: string;
}

export interface Diagnosis {
  readonly request: FetchDescription;
  readonly exchange: readonly ExchangeStep[];
  /** The common verdict; when the browsers disagree, `browsers` says how. */
  readonly verdict: 'allowed' | 'blocked';
  readonly code: CorsErrorCode | null;
  readonly browsers: Readonly<Record<BrowserName, BrowserOutcome>>;
  readonly messages: Readonly<Record<BrowserName, readonly string[] | null>>;
  /** Plain-language cause; null when allowed. */
  readonly cause: string | null;
  readonly fix: Fix | null;
  /** Response header names the script can read when allowed. */
  readonly exposedHeaders: readonly string[];
  /** What to look at first, in words (a trap recognised, e.g. an error status without CORS headers). */
  readonly whatToCheck?: readonly string[];
}
