// One browser's walk through a fetch(): preflight when needed, the request, the CORS check, each
// redirect — stopping at the first failure, exactly where that browser stops. The walk is pure:
// all I/O goes through the transport.
import type { CorsCheckFailure } from './cors-check.js';
import { exposedHeaderNames } from './exposed-headers.js';
import { withoutHeaders } from './header-fields.js';
import { isHttpScheme, originOf, sameOrigin, schemeOf } from './origin.js';
import {
  buildPreflightRequest,
  checkPreflightResponse,
  isRedirect,
  type PreflightFailure,
} from './preflight.js';
import type { PreflightCache } from './preflight-cache.js';
import { type BrowserQuirks, QUIRKS } from './quirks.js';
import {
  DROPPED_ON_CROSS_ORIGIN_HOP,
  followRedirect,
  MAX_REDIRECTS,
  type RedirectState,
} from './redirects.js';
import {
  type ClassifiedRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
} from './request-classification.js';
import type {
  BrowserName,
  ExchangeStep,
  NetworkFailure,
  Transport,
  WireRequest,
  WireResponse,
} from './types.js';

export type Failure =
  | {
      readonly kind: 'cors';
      readonly failure: CorsCheckFailure;
      readonly url: string;
      readonly status: number;
      readonly onRedirect: boolean;
    }
  | { readonly kind: 'preflight'; readonly failure: PreflightFailure; readonly url: string }
  | { readonly kind: 'network'; readonly url: string; readonly error: string; readonly inPreflight: boolean }
  | { readonly kind: 'not-http'; readonly url: string; readonly scheme: string }
  | { readonly kind: 'redirect-credentials'; readonly url: string; readonly silent: boolean }
  /** Firefox only: the actual request after a good preflight died on the network (see messages/firefox.ts). */
  | { readonly kind: 'network-after-preflight'; readonly url: string; readonly error: string }
  /** `redirect: 'manual'`: fetch() resolves with an opaque-redirect response the script cannot read. */
  | { readonly kind: 'opaque-redirect'; readonly url: string }
  | { readonly kind: 'redirect-mode'; readonly url: string }
  | { readonly kind: 'too-many-redirects'; readonly url: string };

export interface RunResult {
  readonly browser: BrowserName;
  readonly steps: readonly ExchangeStep[];
  readonly failure: Failure | null;
  /** The URL fetch() was called with, and the URL whose response ended the walk. */
  readonly originalUrl: string;
  readonly finalUrl: string;
  readonly exposedHeaders: readonly string[];
  /** URLs whose preflight let `authorization` through only by `Access-Control-Allow-Headers: *`. */
  readonly authorizationByWildcard: readonly string[];
  /** The final response's status when the walk ended with one. */
  readonly finalStatus: number | null;
  /** The protocol of that response (HTTP/2 has no reason phrase: Chromium's status line shows `()`). */
  readonly finalProtocol: 'http/1.1' | 'h2';
}

export type MemoizedTransport = (request: WireRequest) => Promise<WireResponse | NetworkFailure | null>;

/** Calls the transport once per distinct request, so the two browsers' walks share responses. */
export function memoizedTransport(transport: Transport): MemoizedTransport {
  const seen = new Map<string, Promise<WireResponse | NetworkFailure | null>>();
  return (request) => {
    const key = JSON.stringify([request.method, request.url, request.headers]);
    let pending = seen.get(key);
    if (!pending) {
      pending = Promise.resolve(transport(request));
      seen.set(key, pending);
    }
    return pending;
  };
}

export interface RunOptions {
  readonly preflightCache?: PreflightCache;
  /**
   * Turns the model's request (Origin, Access-Control-Request-*, the script's headers) into what
   * the browser puts on the wire (see request-profile.ts). Absent: requests carry only those.
   */
  readonly dress?: RequestDresser;
}

/** @param urlList every URL the fetch has visited, the request's own last. */
export type RequestDresser = (
  request: WireRequest,
  kind: 'preflight' | 'actual',
  urlList: readonly string[],
) => WireRequest;

const DEFAULT_NETWORK_ERROR = 'ERR_CONNECTION_REFUSED';

function asNetworkError(result: WireResponse | NetworkFailure | null): string | null {
  if (result === null) return DEFAULT_NETWORK_ERROR;
  if ('networkError' in result) return result.networkError.replace(/^net::/, '');
  return null;
}

/** What one browser's walk carries from hop to hop. */
interface Walk {
  readonly quirks: BrowserQuirks;
  readonly request: ClassifiedRequest;
  readonly exchange: MemoizedTransport;
  readonly options: RunOptions;
  readonly includeCredentials: boolean;
  readonly steps: ExchangeStep[];
  readonly authorizationByWildcard: string[];
  state: RedirectState;
  /** The request is in CORS mode (cross-origin now or at an earlier hop). */
  cors: boolean;
  preflighted: boolean;
  /** Every URL the fetch has visited, the current one last (Sec-Fetch-Site of a dressed request). */
  readonly urlList: string[];
  readonly dress: RequestDresser;
  /** Headers the hop's preflight counted but the request goes without (dropsAuthorizationAfterHopPreflight). */
  sendWithout: readonly string[];
}

/** How a step ends: go on to the next step, or end the walk with this result. */
type Ended = { readonly done: true; readonly result: RunResult };
type StepOutcome = { readonly done: false } | Ended;
const GO_ON: StepOutcome = { done: false };

/**
 * The main fetch as one browser runs it (https://fetch.spec.whatwg.org/#main-fetch): a preflight
 * when needed, the request, the CORS check, then the next hop of a redirect, until one of them ends
 * the walk. Every per-browser difference is read from the browser's quirks record.
 */
export async function runFetch(
  browser: BrowserName,
  request: ClassifiedRequest,
  exchange: MemoizedTransport,
  options: RunOptions = {},
): Promise<RunResult> {
  const quirks = QUIRKS[browser];
  const headers = withoutHeaders(request.headers, quirks.droppedRequestHeaders);
  const walk: Walk = {
    quirks,
    request,
    exchange,
    options,
    includeCredentials: request.credentials === 'include',
    steps: [],
    authorizationByWildcard: [],
    state: { url: request.url, method: request.method, headers, origin: request.origin },
    cors: request.crossOrigin,
    preflighted: false,
    urlList: [request.url],
    dress: options.dress ?? ((r) => r),
    sendWithout: [],
  };
  // https://fetch.spec.whatwg.org/#main-fetch step 12: only HTTP(S) schemes reach the network.
  if (!isHttpScheme(request.url))
    return finish(walk, { kind: 'not-http', url: request.url, scheme: schemeOf(request.url) });
  for (let redirects = 0; ; redirects++) {
    walk.cors = walk.cors || !sameOrigin(originOf(walk.state.url), request.origin);
    const preflight = walk.cors ? await preflightIfNeeded(walk) : GO_ON;
    if (preflight.done) return preflight.result;
    const sent = await send(walk);
    if (sent.done) return sent.result;
    const next = nextHop(walk, sent.response, redirects);
    if (next.done) return next.result;
  }
}

function finish(
  walk: Walk,
  failure: Failure | null,
  exposed: string[] = [],
  finalStatus: number | null = null,
  finalProtocol: 'http/1.1' | 'h2' = 'http/1.1',
): RunResult {
  return {
    browser: walk.quirks.name,
    steps: walk.steps,
    failure,
    originalUrl: walk.request.url,
    finalUrl: walk.state.url,
    exposedHeaders: exposed,
    authorizationByWildcard: walk.authorizationByWildcard,
    finalStatus,
    finalProtocol,
  };
}

const ended = (walk: Walk, failure: Failure): Ended => ({ done: true, result: finish(walk, failure) });

/**
 * The CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch) when the method or
 * a header is not safelisted (https://fetch.spec.whatwg.org/#http-fetch step 4.1) and the cache
 * does not cover it (https://fetch.spec.whatwg.org/#concept-cache-match).
 */
async function preflightIfNeeded(walk: Walk): Promise<StepOutcome> {
  const { quirks, state, request, options } = walk;
  const unsafe = corsUnsafeRequestHeaderNames(state.headers);
  const forced = quirks.preflightsEveryHopOncePreflighted && walk.preflighted;
  const needed = !isCorsSafelistedMethod(state.method) || unsafe.length > 0 || forced;
  const cacheKey = {
    browser: quirks.name,
    origin: state.origin,
    url: state.url,
    includeCredentials: walk.includeCredentials,
  };
  if (!needed || (options.preflightCache?.covers(cacheKey, state.method, unsafe) && !forced)) return GO_ON;
  // A forced preflight carries the untainted page origin (observed in Firefox).
  const origin = forced ? request.origin : state.origin;
  const preflight = walk.dress(
    buildPreflightRequest(state.url, origin, state.method, unsafe),
    'preflight',
    walk.urlList,
  );
  const result = await walk.exchange(preflight);
  const networkError = asNetworkError(result);
  if (networkError !== null) {
    walk.steps.push({ kind: 'preflight', request: preflight, response: null, networkError });
    return ended(walk, { kind: 'network', url: state.url, error: networkError, inPreflight: true });
  }
  const response = result as WireResponse;
  walk.steps.push({ kind: 'preflight', request: preflight, response });
  const check = checkPreflightResponse(quirks, response, {
    origin,
    method: state.method,
    unsafeHeaderNames: unsafe,
    includeCredentials: walk.includeCredentials,
  });
  if (!check.ok) {
    // https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7: a failed preflight clears the cache entries.
    options.preflightCache?.clear(cacheKey);
    return ended(walk, { kind: 'preflight', failure: check.failure, url: state.url });
  }
  if (check.grant.authorizationByWildcard) walk.authorizationByWildcard.push(state.url);
  options.preflightCache?.store(cacheKey, check.grant);
  walk.preflighted = true;
  return GO_ON;
}

/** The request itself, then the CORS check of its response (https://fetch.spec.whatwg.org/#http-fetch step 4.5). */
async function send(
  walk: Walk,
): Promise<
  | { readonly done: false; readonly response: WireResponse }
  | { readonly done: true; readonly result: RunResult }
> {
  const { state, quirks } = walk;
  const sent = walk.dress(
    {
      method: state.method,
      url: state.url,
      headers: withoutHeaders(withOrigin(state, walk.cors), walk.sendWithout),
    },
    'actual',
    walk.urlList,
  );
  const result = await walk.exchange(sent);
  const networkError = asNetworkError(result);
  if (networkError !== null) {
    walk.steps.push({ kind: 'actual', request: sent, response: null, networkError });
    if (quirks.networkErrorAfterPreflightIsDistinct && walk.preflighted && !isHttp2Failure(result))
      return ended(walk, { kind: 'network-after-preflight', url: state.url, error: networkError });
    return ended(walk, { kind: 'network', url: state.url, error: networkError, inPreflight: false });
  }
  const response = result as WireResponse;
  const redirect = isRedirect(response);
  walk.steps.push({ kind: redirect ? 'redirect' : 'actual', request: sent, response });
  if (walk.cors) {
    const failure = quirks.corsCheck(response, state.origin, walk.includeCredentials);
    if (failure)
      return ended(walk, {
        kind: 'cors',
        failure,
        url: state.url,
        status: response.status,
        onRedirect: redirect,
      });
  }
  return { done: false, response };
}

/**
 * The end of the walk, or the next hop of a redirect (https://fetch.spec.whatwg.org/#http-redirect-fetch),
 * as the request's redirect mode and the browser's quirks allow.
 */
function nextHop(walk: Walk, response: WireResponse, redirects: number): StepOutcome {
  const { state, request, quirks } = walk;
  if (!isRedirect(response)) {
    const exposed = walk.cors
      ? exposedHeaderNames(response.headers, walk.includeCredentials)
      : allNames(response);
    return { done: true, result: finish(walk, null, exposed, response.status, response.protocol) };
  }
  if (request.redirect === 'error') return ended(walk, { kind: 'redirect-mode', url: state.url });
  if (request.redirect === 'manual') return ended(walk, { kind: 'opaque-redirect', url: state.url });
  // https://fetch.spec.whatwg.org/#http-redirect-fetch step 5: at most 20 redirects.
  if (redirects >= MAX_REDIRECTS) return ended(walk, { kind: 'too-many-redirects', url: state.url });
  const strictCredentials = quirks.refusesLocationCredentialsSameOrigin && !walk.cors;
  // What the last hop dropped when sending is gone from the request from now on.
  const current = { ...state, headers: withoutHeaders(state.headers, walk.sendWithout) };
  const followed = followRedirect(current, response, {
    pageOrigin: request.origin,
    checkCredentials: walk.cors || strictCredentials,
    strict: quirks.refusesLocationCredentialsSameOrigin,
    keepBodyHeaders: quirks.keepsBodyHeadersOn303 ?? false,
    keepAuthorization: quirks.dropsAuthorizationAfterHopPreflight,
  });
  if (!followed.ok) {
    if (followed.reason === 'location-has-credentials')
      return ended(walk, { kind: 'redirect-credentials', url: state.url, silent: strictCredentials });
    return ended(walk, {
      kind: 'network',
      url: state.url,
      error: 'ERR_INVALID_REDIRECT',
      inPreflight: false,
    });
  }
  walk.state = followed.next;
  walk.sendWithout =
    quirks.dropsAuthorizationAfterHopPreflight &&
    !sameOrigin(originOf(current.url), originOf(followed.next.url))
      ? DROPPED_ON_CROSS_ORIGIN_HOP
      : [];
  walk.urlList.push(walk.state.url);
  return GO_ON;
}

/**
 * Firefox's own line for a request that dies after a good preflight belongs to HTTP/1.1; a reset
 * HTTP/2 stream gets the plain "did not succeed" (observed in the h2 conformance variant).
 */
function isHttp2Failure(result: WireResponse | NetworkFailure | null): boolean {
  return result !== null && 'networkError' in result && result.protocol === 'h2';
}

function withOrigin(state: RedirectState, cors: boolean): WireRequest['headers'] {
  const headers = [...state.headers];
  // Browsers send Origin on every CORS request and on same-origin requests other than GET/HEAD.
  if (cors || (state.method !== 'GET' && state.method !== 'HEAD')) headers.push(['Origin', state.origin]);
  return headers;
}

function allNames(response: WireResponse): string[] {
  return [...new Set(response.headers.map(([n]) => n.toLowerCase()))]
    .filter((n) => !n.startsWith('set-cookie'))
    .sort();
}
