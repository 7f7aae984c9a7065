// Following a redirect as a browser does (Fetch Standard §4.4 HTTP-redirect fetch): at most 20,
// the method rewrite of 301/302/303, the origin tainted to `null` by a cross-origin hop,
// `Authorization` dropped by a cross-origin hop, and the refusal of a Location with credentials
// on a CORS request.
import { headerValue, withoutHeaders } from './header-fields.js';
import { includesCredentials, originOf, sameOrigin } from './origin.js';
import type { HeaderList, WireResponse } from './types.js';

export const MAX_REDIRECTS = 20;

const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];

/**
 * The CORS non-wildcard request-header names: the standard deletes them when a hop changes origin
 * (step 13 of HTTP-redirect fetch), so a bearer token never reaches the redirect's target. Chromium
 * and Firefox both do (confirmed by the `redirect-auth-*` conformance cases).
 */
export const DROPPED_ON_CROSS_ORIGIN_HOP = ['authorization'];

/** The request headers that travel on to `next`: `Authorization` stays on its own origin. */
export function headersForHop(headers: HeaderList, from: string, next: string): HeaderList {
  return sameOrigin(originOf(from), originOf(next))
    ? headers
    : withoutHeaders(headers, DROPPED_ON_CROSS_ORIGIN_HOP);
}

export interface RedirectState {
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderList;
  /** The serialized request origin as the `Origin` header carries it. */
  readonly origin: string;
}

export type RedirectOutcome =
  | { readonly ok: true; readonly next: RedirectState }
  | { readonly ok: false; readonly reason: 'invalid-location' | 'location-has-credentials' };

/**
 * @param pageOrigin the request's origin before any tainting (the document's origin).
 * @param cors the response tainting is `cors` (a cross-origin request, or one redirected there).
 */
export interface RedirectRules {
  /** The page's origin: a Location with credentials back to it is allowed unless `strict`. */
  readonly pageOrigin: string;
  /** Refuse a Location with credentials (CORS requests; Chromium: every request). */
  readonly checkCredentials: boolean;
  /** Refuse credentials in the Location even towards the page's own origin (Chromium). */
  readonly strict: boolean;
  /** Keep Content-Type and the other request-body headers when a 303 turns the request into a GET (WebKit). */
  readonly keepBodyHeaders?: boolean;
  /**
   * Leave Authorization on a cross-origin hop (the caller drops it when sending, after the hop's
   * preflight was decided with it: BrowserQuirks.dropsAuthorizationAfterHopPreflight).
   */
  readonly keepAuthorization?: boolean;
}

export function followRedirect(
  current: RedirectState,
  response: WireResponse,
  {
    pageOrigin,
    checkCredentials: cors,
    strict,
    keepBodyHeaders = false,
    keepAuthorization = false,
  }: RedirectRules,
): RedirectOutcome {
  const location = headerValue(response.headers, 'location') ?? '';
  let next: string;
  try {
    next = new URL(location, current.url).href;
  } catch {
    return { ok: false, reason: 'invalid-location' };
  }
  if (cors && includesCredentials(next) && !(sameOrigin(pageOrigin, originOf(next)) && !strict)) {
    return { ok: false, reason: 'location-has-credentials' };
  }
  // A hop to another origin, made by a request already off its own origin, makes the origin opaque.
  const taint =
    !sameOrigin(originOf(current.url), originOf(next)) && !sameOrigin(current.origin, originOf(current.url));
  const rewrite =
    ((response.status === 301 || response.status === 302) && current.method === 'POST') ||
    (response.status === 303 && current.method !== 'GET' && current.method !== 'HEAD');
  const kept = keepAuthorization ? current.headers : headersForHop(current.headers, current.url, next);
  return {
    ok: true,
    next: {
      url: next,
      method: rewrite ? 'GET' : current.method,
      headers: rewrite && !keepBodyHeaders ? withoutHeaders(kept, REQUEST_BODY_HEADERS) : kept,
      origin: taint ? 'null' : current.origin,
    },
  };
}
