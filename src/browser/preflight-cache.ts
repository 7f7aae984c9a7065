// The CORS-preflight cache (Fetch Standard §4.9): entries keyed by browser, origin, URL and
// credentials, one per method and per header name, each with its own expiry. Share one cache
// between simulate() calls to model a page that fetches the same URL more than once.
//
// How the two browsers depart from each other (observed, conformance group `cache`):
// - Chromium matches as the standard says: an entry stored for a credentialed request also serves
//   an uncredentialed one (not the reverse), and a cached `*` covers any method or non-
//   Authorization header for uncredentialed requests.
// - Firefox keys entries by credentials mode (a credentialed entry does not serve an
//   uncredentialed request) and caches `*` as a literal name: a later DELETE or X-B is preflighted
//   again even though the cached preflight allowed `*`.
import type { PreflightGrant } from './preflight.js';
import { QUIRKS } from './quirks.js';
import type { BrowserName } from './types.js';

interface CacheKey {
  readonly browser: BrowserName;
  readonly origin: string;
  readonly url: string;
  readonly includeCredentials: boolean;
}

export class PreflightCache {
  readonly #entries = new Map<string, number>();
  readonly #now: () => number;

  /** @param now milliseconds clock; tests pass a fake one. */
  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  store(key: CacheKey, grant: PreflightGrant): void {
    const expiry = this.#now() + grant.maxAge * 1000;
    if (grant.maxAge <= 0) return;
    for (const method of grant.methods) this.#entries.set(entryKey(key, 'method', method), expiry);
    for (const header of grant.headers) this.#entries.set(entryKey(key, 'header', header), expiry);
  }

  /** True when cached entries cover the method and every unsafe header name. */
  covers(key: CacheKey, method: string, unsafeHeaderNames: readonly string[]): boolean {
    const standard = QUIRKS[key.browser].cacheMatchesAsStandard;
    // The standard lets a credentialed entry serve an uncredentialed request, and `*` cover it.
    const keys = standard && !key.includeCredentials ? [key, { ...key, includeCredentials: true }] : [key];
    const wildcard = standard && !key.includeCredentials;
    const has = (kind: 'method' | 'header', value: string) =>
      keys.some(
        (k) => this.#fresh(entryKey(k, kind, value)) || (wildcard && this.#fresh(entryKey(k, kind, '*'))),
      );
    const methodOk = ['GET', 'HEAD', 'POST'].includes(method) || has('method', method);
    return methodOk && unsafeHeaderNames.every((name) => has('header', name));
  }

  /** A failed preflight removes what the cache knew about the URL. */
  clear(key: CacheKey): void {
    const prefix = entryKey(key, '', '');
    for (const k of [...this.#entries.keys()]) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  #fresh(key: string): boolean {
    const expiry = this.#entries.get(key);
    return expiry !== undefined && expiry > this.#now();
  }
}

function entryKey(key: CacheKey, kind: string, value: string): string {
  return `${key.browser}\u0000${key.origin}\u0000${key.url}\u0000${key.includeCredentials}\u0000${kind}${kind ? '\u0000' : ''}${value}`;
}
