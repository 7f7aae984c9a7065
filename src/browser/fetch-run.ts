// One browser's walk through a fetch(): preflight when needed, the request, the CORS check, each
// redirect — stopping at the first failure, exactly where that browser stops. The walk is pure:
// all I/O goes through the transport.
import { type CorsCheckFailure, corsCheck } from './cors-check.js';
import { exposedHeaderNames } from './exposed-headers.js';
import { withoutHeaders } from './header-list.js';
import { isHttpScheme, originOf, sameOrigin, schemeOf } from './origin.js';
import {
  buildPreflightRequest,
  checkPreflightResponse,
  isRedirect,
  type PreflightFailure,
} from './preflight.js';
import type { PreflightCache } from './preflight-cache.js';
import { followRedirect, MAX_REDIRECTS, type RedirectState } from './redirects.js';
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

export type Exchange = (request: WireRequest) => Promise<WireResponse | NetworkFailure | null>;

/** Calls the transport once per distinct request, so the two browsers' walks share responses. */
export function memoizedExchange(transport: Transport): Exchange {
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

export async function runFetch(
  browser: BrowserName,
  request: ClassifiedRequest,
  exchange: Exchange,
  options: RunOptions = {},
): Promise<RunResult> {
  const steps: ExchangeStep[] = [];
  const authorizationByWildcard: string[] = [];
  const includeCredentials = request.credentials === 'include';
  // Chromium still treats User-Agent as a forbidden header (crbug.com/571722): dropped, never preflighted.
  const headers = browser === 'chromium' ? withoutHeaders(request.headers, ['user-agent']) : request.headers;
  let state: RedirectState = { url: request.url, method: request.method, headers, origin: request.origin };
  let cors = request.crossOrigin;
  let preflighted = false;
  const urlList: string[] = [request.url];
  const dress: RequestDresser = options.dress ?? ((r) => r);
  const done = (
    failure: Failure | null,
    exposed: string[] = [],
    finalStatus: number | null = null,
    finalProtocol: 'http/1.1' | 'h2' = 'http/1.1',
  ): RunResult => ({
    browser,
    steps,
    failure,
    originalUrl: request.url,
    finalUrl: state.url,
    exposedHeaders: exposed,
    authorizationByWildcard,
    finalStatus,
    finalProtocol,
  });

  if (!isHttpScheme(request.url))
    return done({ kind: 'not-http', url: request.url, scheme: schemeOf(request.url) });

  for (let redirects = 0; ; redirects++) {
    cors = cors || !sameOrigin(originOf(state.url), request.origin);
    if (cors) {
      const unsafe = corsUnsafeRequestHeaderNames(state.headers);
      // Firefox keeps preflighting every hop once the request was preflighted (observed: a 303 to
      // another origin gets `OPTIONS` with `Access-Control-Request-Method: GET`), and sends the
      // untainted page origin on it; Chromium preflights a hop only when it needs one.
      const firefoxForced = browser === 'firefox' && preflighted;
      const needed = !isCorsSafelistedMethod(state.method) || unsafe.length > 0 || firefoxForced;
      const cacheKey = { browser, origin: state.origin, url: state.url, includeCredentials };
      if (needed && !(options.preflightCache?.covers(cacheKey, state.method, unsafe) && !firefoxForced)) {
        const preflightOrigin = firefoxForced ? request.origin : state.origin;
        const preflight = dress(
          buildPreflightRequest(state.url, preflightOrigin, state.method, unsafe),
          'preflight',
          urlList,
        );
        const result = await exchange(preflight);
        const networkError = asNetworkError(result);
        if (networkError !== null) {
          steps.push({ kind: 'preflight', request: preflight, response: null, networkError });
          return done({ kind: 'network', url: state.url, error: networkError, inPreflight: true });
        }
        const response = result as WireResponse;
        steps.push({ kind: 'preflight', request: preflight, response });
        const check = checkPreflightResponse(browser, response, {
          origin: preflightOrigin,
          method: state.method,
          unsafeHeaderNames: unsafe,
          includeCredentials,
        });
        if (!check.ok) {
          options.preflightCache?.clear(cacheKey);
          return done({ kind: 'preflight', failure: check.failure, url: state.url });
        }
        if (check.grant.authorizationByWildcard) authorizationByWildcard.push(state.url);
        options.preflightCache?.store(cacheKey, check.grant);
        preflighted = true;
      }
    }

    const sent = dress(
      { method: state.method, url: state.url, headers: withOrigin(state, cors) },
      'actual',
      urlList,
    );
    const result = await exchange(sent);
    const networkError = asNetworkError(result);
    if (networkError !== null) {
      steps.push({ kind: 'actual', request: sent, response: null, networkError });
      if (browser === 'firefox' && preflighted && !isHttp2Failure(result))
        return done({ kind: 'network-after-preflight', url: state.url, error: networkError });
      return done({ kind: 'network', url: state.url, error: networkError, inPreflight: false });
    }
    const response = result as WireResponse;
    const redirect = isRedirect(response);
    steps.push({ kind: redirect ? 'redirect' : 'actual', request: sent, response });
    if (cors) {
      const failure = corsCheck(browser, response, state.origin, includeCredentials);
      if (failure)
        return done({ kind: 'cors', failure, url: state.url, status: response.status, onRedirect: redirect });
    }
    if (!redirect) {
      const exposed = cors ? exposedHeaderNames(response.headers, includeCredentials) : allNames(response);
      return done(null, exposed, response.status, response.protocol);
    }
    if (request.redirect === 'error') return done({ kind: 'redirect-mode', url: state.url });
    if (request.redirect === 'manual') return done({ kind: 'opaque-redirect', url: state.url });
    if (redirects >= MAX_REDIRECTS) return done({ kind: 'too-many-redirects', url: state.url });
    // Chromium refuses a Location with user:pass@ even on a same-origin request (silently), where
    // the standard and Firefox follow it.
    const strictCredentials = browser === 'chromium' && !cors;
    const followed = followRedirect(
      state,
      response,
      request.origin,
      cors || strictCredentials,
      browser === 'chromium',
    );
    if (!followed.ok) {
      if (followed.reason === 'location-has-credentials') {
        return done({ kind: 'redirect-credentials', url: state.url, silent: strictCredentials });
      }
      return done({ kind: 'network', url: state.url, error: 'ERR_INVALID_REDIRECT', inPreflight: false });
    }
    state = followed.next;
    urlList.push(state.url);
  }
}

/**
 * Firefox's odd line for a request that dies after a good preflight belongs to HTTP/1.1; a reset
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
