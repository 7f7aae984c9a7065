// The CORS preflight (https://fetch.spec.whatwg.org/#cors-preflight-fetch): the OPTIONS request exactly as browsers send it, and
// the checks of its response in the order each browser runs them — the order decides which error
// a broken server gets when it is broken in several ways at once.

import { isToken } from '../policy/http-token.js';
import type { CorsCheckFailure } from './cors-check.js';
import { headerValue, splitList } from './header-fields.js';
import type { BrowserQuirks } from './quirks.js';
import { isCorsSafelistedMethod } from './request-classification.js';
import type { WireRequest, WireResponse } from './types.js';

export type PreflightFailure =
  /** Chromium: a 3xx with Location. Firefox: CORS check of the 3xx passed, then the redirect is refused. */
  | { readonly kind: 'redirect'; readonly status: number; readonly corsFailure: CorsCheckFailure | null }
  | { readonly kind: 'cors'; readonly failure: CorsCheckFailure; readonly status: number }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'invalid-allow-methods'; readonly token: string }
  | { readonly kind: 'invalid-allow-headers'; readonly token: string }
  | { readonly kind: 'method-not-allowed'; readonly method: string }
  | { readonly kind: 'header-not-allowed'; readonly header: string };

export interface PreflightGrant {
  readonly methods: readonly string[];
  /** Lower-case. */
  readonly headers: readonly string[];
  /** Seconds, after the browser's cap. */
  readonly maxAge: number;
  /** `authorization` was let through only because of `Access-Control-Allow-Headers: *`. */
  readonly authorizationByWildcard: boolean;
}

export type PreflightResult =
  | { readonly ok: true; readonly grant: PreflightGrant }
  | { readonly ok: false; readonly failure: PreflightFailure };

/**
 * The preflight for a request: no credentials, no body, no script headers
 * (https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 1-5).
 */
export function buildPreflightRequest(
  url: string,
  origin: string,
  method: string,
  unsafeHeaderNames: readonly string[],
): WireRequest {
  const headers: Array<[string, string]> = [
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', method],
  ];
  // Sorted, lower-case, joined with a bare comma: what both Chromium and Firefox send
  // (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names, step 5 of the preflight fetch).
  if (unsafeHeaderNames.length > 0)
    headers.push(['Access-Control-Request-Headers', unsafeHeaderNames.join(',')]);
  headers.push(['Origin', origin]);
  return { method: 'OPTIONS', url, headers };
}

export interface PreflightContext {
  readonly origin: string;
  readonly method: string;
  readonly unsafeHeaderNames: readonly string[];
  readonly includeCredentials: boolean;
}

/** https://fetch.spec.whatwg.org/#redirect-status; a preflight may not be redirected (https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(response: WireResponse): boolean {
  return REDIRECT_STATUSES.has(response.status) && headerValue(response.headers, 'location') !== null;
}

export function checkPreflightResponse(
  quirks: BrowserQuirks,
  response: WireResponse,
  ctx: PreflightContext,
): PreflightResult {
  const fail = (failure: PreflightFailure): PreflightResult => ({ ok: false, failure });
  // WebKit asks for an ok status first, so a redirect or an error status is reported as such
  // whatever the headers say.
  if (quirks.preflightStatusFirst && (response.status < 200 || response.status > 299))
    return fail({ kind: 'status', status: response.status });
  const cors = quirks.corsCheck(response, ctx.origin, ctx.includeCredentials);
  if (isRedirect(response)) {
    // Chromium refuses any redirect of a preflight before looking at its headers; Firefox runs
    // the CORS check on the 3xx first and reports that when it fails (see messages/firefox.ts).
    return fail({
      kind: 'redirect',
      status: response.status,
      corsFailure: quirks.corsChecksRedirectedPreflight ? cors : null,
    });
  }
  // https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7: a CORS check, then an ok status (200-299).
  if (cors) return fail({ kind: 'cors', failure: cors, status: response.status });
  if (response.status < 200 || response.status > 299)
    return fail({ kind: 'status', status: response.status });
  return checkAllowLists(response, ctx, quirks);
}

type ListOrFailure = { readonly list: string[] } | { readonly failure: PreflightResult };

/** One Access-Control-Allow-* list, split; a non-token element fails the preflight. */
function allowList(
  response: WireResponse,
  which: 'methods' | 'headers',
  quirks: BrowserQuirks,
): ListOrFailure {
  const raw = headerValue(response.headers, `access-control-allow-${which}`) ?? '';
  const list = splitList(raw);
  const bad = list.find((element) => !isToken(element));
  if (bad === undefined) return { list };
  const kind = which === 'methods' ? 'invalid-allow-methods' : 'invalid-allow-headers';
  // WebKit reports the header's whole value, not the bad element (BrowserQuirks.reportsWholeInvalidList).
  return { failure: { ok: false, failure: { kind, token: quirks.reportsWholeInvalidList ? raw : bad } } };
}

/**
 * The Access-Control-Allow-Methods / -Headers checks of a preflight response. The standard
 * (https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 7.1-7.6) extracts both lists, then
 * compares, as Chromium does; Firefox checks the method before it parses the headers, which
 * changes which error a server broken in both ways gets (BrowserQuirks.checksMethodBeforeHeaders).
 */
function checkAllowLists(
  response: WireResponse,
  ctx: PreflightContext,
  quirks: BrowserQuirks,
): PreflightResult {
  const methods = allowList(response, 'methods', quirks);
  if ('failure' in methods) return methods.failure;
  if (quirks.checksMethodBeforeHeaders && !methodAllowed(ctx.method, methods.list, ctx.includeCredentials))
    return { ok: false, failure: { kind: 'method-not-allowed', method: ctx.method } };
  const headers = allowList(response, 'headers', quirks);
  if ('failure' in headers) return headers.failure;
  return compareLists(quirks, response, ctx, methods.list, headers.list);
}

function compareLists(
  quirks: BrowserQuirks,
  response: WireResponse,
  ctx: PreflightContext,
  methods: readonly string[],
  headers: readonly string[],
): PreflightResult {
  if (!methodAllowed(ctx.method, methods, ctx.includeCredentials)) {
    return { ok: false, failure: { kind: 'method-not-allowed', method: ctx.method } };
  }
  const allowed = new Set(headers.map((h) => h.toLowerCase()));
  const wildcard = !ctx.includeCredentials && allowed.has('*');
  let authorizationByWildcard = false;
  for (const name of ctx.unsafeHeaderNames) {
    if (allowed.has(name)) continue;
    // The standard says `*` never covers `authorization` (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name,
    // https://github.com/whatwg/fetch/issues/251). Both Chromium 156 and Firefox 153 still
    // let it through (Chromium silently, Firefox with a deprecation warning): encoded as observed.
    if (wildcard) {
      if (name === 'authorization') authorizationByWildcard = true;
      continue;
    }
    return { ok: false, failure: { kind: 'header-not-allowed', header: name } };
  }
  return {
    ok: true,
    grant: {
      methods,
      headers: [...allowed],
      maxAge: preflightLifetime(quirks, headerValue(response.headers, 'access-control-max-age')),
      authorizationByWildcard,
    },
  };
}

/**
 * Case-sensitive, as the standard says: `put` in the list does not allow `PUT`; `*` only without
 * credentials (https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7.5).
 */
export function methodAllowed(
  method: string,
  allowMethods: readonly string[],
  includeCredentials: boolean,
): boolean {
  if (isCorsSafelistedMethod(method) || allowMethods.includes(method)) return true;
  return !includeCredentials && allowMethods.includes('*');
}

/** Lifetime of a preflight without Access-Control-Max-Age (https://fetch.spec.whatwg.org/#http-access-control-max-age). */
export const DEFAULT_MAX_AGE = 5;

/**
 * The cache lifetime in seconds (0: not cached) a browser gives `Access-Control-Max-Age`
 * (observed through the conformance `cache-max-age-*` scenarios): digits are capped by the
 * browser, anything else is the browser's own reading (see BrowserQuirks.maxAgeOfNonDigits).
 */
export function preflightLifetime(quirks: BrowserQuirks, value: string | null): number {
  if (value === null) return DEFAULT_MAX_AGE;
  if (/^\d+$/.test(value)) return Math.min(Number(value), quirks.maxAgeCap);
  return quirks.maxAgeOfNonDigits(value);
}
