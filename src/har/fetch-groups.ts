// From a HAR's flat list of exchanges to the fetches a page made: each cross-origin CORS request
// with the preflights the browser sent for it and the redirect hops it followed. Preflights are
// separate entries in Chromium's DevTools and Firefox exports and absent from Playwright's
// recorder; hops are separate entries linked by `redirectURL` in all of them.
import { headerValue } from '../browser/header-fields.js';
import { originOf } from '../browser/origin.js';
import { isForbiddenMethod } from '../browser/request-classification.js';
import { isToken } from '../policy/http-token.js';
import { isHttpUrl, type RecordedExchange, type RecordedHar } from './read-har.js';

export type PageOriginSource = 'origin-header' | 'har-page' | 'referer';

export interface RecordedFetch {
  /** The request the page's script made. */
  readonly main: RecordedExchange;
  /** Redirect hops after it, in order. */
  readonly hops: readonly RecordedExchange[];
  /** Recorded preflights by the URL they were sent to. */
  readonly preflights: ReadonlyMap<string, RecordedExchange>;
  readonly pageOrigin: string;
  readonly pageOriginFrom: PageOriginSource;
}

export interface FetchGroups {
  readonly fetches: readonly RecordedFetch[];
  /** Requests that are not cross-origin CORS requests (same-origin, navigations, images…). */
  readonly skipped: number;
}

export function isPreflight(exchange: RecordedExchange): boolean {
  return (
    exchange.method === 'OPTIONS' &&
    headerValue(exchange.requestHeaders, 'access-control-request-method') !== null
  );
}

export function groupFetches(har: RecordedHar): FetchGroups {
  const pages = new Map(har.pages.map((p) => [p.id, p.url]));
  const claimed = new Set<number>();
  const preflights = har.exchanges.filter(isPreflight);
  const fetches: RecordedFetch[] = [];
  // A redirect target not yet seen, pointing back at the fetch whose hop it will be.
  const pendingHops = new Map<string, RecordedExchange[]>();
  let skipped = 0;
  for (const exchange of har.exchanges) {
    if (isPreflight(exchange) || !isHttpUrl(exchange.url)) continue;
    const hopsOf = pendingHops.get(exchange.url);
    if (hopsOf) {
      pendingHops.delete(exchange.url);
      hopsOf.push(exchange);
      if (exchange.redirectUrl && exchange.response) pendingHops.set(exchange.redirectUrl, hopsOf);
      continue;
    }
    const page = pageOriginOf(exchange, pages);
    if (!page || !isCorsRequest(exchange, page.origin) || !isFetchableMethod(exchange.method)) {
      skipped++;
      continue;
    }
    const hops: RecordedExchange[] = [];
    if (exchange.redirectUrl && exchange.response) pendingHops.set(exchange.redirectUrl, hops);
    fetches.push({
      main: exchange,
      hops,
      preflights: new Map(),
      pageOrigin: page.origin,
      pageOriginFrom: page.from,
    });
  }
  for (const fetch of fetches) claimPreflights(fetch, preflights, claimed);
  const orphans = preflights.filter((p) => !claimed.has(p.index));
  return { fetches: [...fetches, ...orphans.flatMap((p) => orphanFetch(p, pages))], skipped };
}

/** The nearest unclaimed preflight for each request of the fetch (same URL, asking for its method). */
function claimPreflights(
  fetch: RecordedFetch,
  preflights: readonly RecordedExchange[],
  claimed: Set<number>,
): void {
  for (const request of [fetch.main, ...fetch.hops]) {
    let best: RecordedExchange | undefined;
    for (const candidate of preflights) {
      if (claimed.has(candidate.index) || candidate.url !== request.url) continue;
      if (originOf(candidate.url) === fetch.pageOrigin) continue;
      if (!best || Math.abs(candidate.index - request.index) < Math.abs(best.index - request.index))
        best = candidate;
    }
    if (best) {
      claimed.add(best.index);
      (fetch.preflights as Map<string, RecordedExchange>).set(request.url, best);
    }
  }
}

/**
 * A preflight whose request is not in the HAR (the recorder kept only the OPTIONS): the fetch is
 * rebuilt from what the preflight asked for.
 */
function orphanFetch(preflight: RecordedExchange, pages: Map<string, string | null>): RecordedFetch[] {
  const page = pageOriginOf(preflight, pages);
  if (!page) return [];
  const method = headerValue(preflight.requestHeaders, 'access-control-request-method') ?? 'GET';
  if (!isFetchableMethod(method)) return [];
  const names = (headerValue(preflight.requestHeaders, 'access-control-request-headers') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(isToken);
  const main: RecordedExchange = {
    ...preflight,
    method,
    // The values were never recorded; a value no safelist accepts keeps each name CORS-unsafe.
    requestHeaders: names.map((n) => [n, '(not recorded)']),
    response: null,
    error: null,
    redirectUrl: null,
  };
  return [
    {
      main,
      hops: [],
      preflights: new Map([[preflight.url, preflight]]),
      pageOrigin: page.origin,
      pageOriginFrom: page.from,
    },
  ];
}

function pageOriginOf(
  exchange: RecordedExchange,
  pages: Map<string, string | null>,
): { origin: string; from: PageOriginSource } | null {
  // The Origin header is what the browser itself said; it is `null` after a cross-origin redirect.
  const origin = headerValue(exchange.requestHeaders, 'origin');
  if (origin && origin !== 'null' && isHttpUrl(origin))
    return { origin: originOf(origin), from: 'origin-header' };
  const pageUrl = exchange.pageref ? pages.get(exchange.pageref) : null;
  if (pageUrl) return { origin: originOf(pageUrl), from: 'har-page' };
  const referer = headerValue(exchange.requestHeaders, 'referer');
  if (referer && isHttpUrl(referer)) return { origin: originOf(referer), from: 'referer' };
  return null;
}

/** Cross-origin and in CORS mode: navigations, images and scripts without `crossorigin` are not CORS-checked. */
function isCorsRequest(exchange: RecordedExchange, pageOrigin: string): boolean {
  if (originOf(exchange.url) === pageOrigin) return false;
  const mode = headerValue(exchange.requestHeaders, 'sec-fetch-mode');
  if (mode !== null) return mode === 'cors';
  const type = exchange.resourceType?.toLowerCase();
  if (type === 'fetch' || type === 'xhr' || type === 'xmlhttprequest') return true;
  if (type === 'document' || type === 'image' || type === 'script' || type === 'stylesheet') return false;
  return headerValue(exchange.requestHeaders, 'origin') !== null;
}

/** A method a page's script can use: a token, and not one fetch() refuses (CONNECT, TRACE, TRACK). */
function isFetchableMethod(method: string): boolean {
  return isToken(method) && !isForbiddenMethod(method);
}
