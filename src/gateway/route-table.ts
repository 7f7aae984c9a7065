// Per-path policies: the longest configured prefix that matches a request path wins.
// Prefixes match whole path segments, so `/api` covers `/api` and `/api/x` but not `/apix`.
// Matching ignores case unless told otherwise: many upstreams (Express, ASP.NET, IIS, anything on
// a case-insensitive file system) serve `/ADMIN/users` as `/admin/users`, and a gateway that
// matched case-sensitively would apply the `/` policy to the admin data.
import type { CorsPolicy } from '../policy/types.js';
import { normalisePath, type RequestPath } from './request-path.js';

export interface Route {
  readonly prefix: string;
  readonly policy: CorsPolicy;
  /** Where the policy came from (a file path or `inline`), for logs. */
  readonly source: string;
  /** The validated policy options, so a primary can hand the last good set to new workers. */
  readonly options?: unknown;
}

/** The route for a request, or `ambiguous` when two readings of its path lead to different routes. */
export type RouteMatch = Route | undefined | 'ambiguous';

export class RouteTable {
  /** Longest prefix first, so the first match is the most specific one. */
  readonly #routes: readonly Route[];
  /** The prefixes as compared: normalised, lower-cased unless case-sensitive. */
  readonly #keys: readonly string[];
  readonly #caseSensitive: boolean;

  constructor(routes: readonly Route[], options: { caseSensitive?: boolean } = {}) {
    this.#caseSensitive = options.caseSensitive ?? false;
    this.#routes = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
    this.#keys = this.#routes.map((r) => this.#key(normalisePath(r.prefix)));
  }

  get routes(): readonly Route[] {
    return this.#routes;
  }

  get caseSensitive(): boolean {
    return this.#caseSensitive;
  }

  #key(path: string): string {
    return this.#caseSensitive ? path : path.toLowerCase();
  }

  match(path: string): Route | undefined {
    const key = this.#key(path);
    for (const [index, prefix] of this.#keys.entries()) {
      if (prefixCovers(prefix, key)) return this.#routes[index];
    }
    return undefined;
  }

  /** The route for a request path, checking that every reading of it leads to the same one. */
  resolve(target: RequestPath): RouteMatch {
    const route = this.match(target.path);
    for (const reading of target.readings) {
      if (this.match(reading) !== route) return 'ambiguous';
    }
    return route;
  }
}

export function prefixCovers(prefix: string, path: string): boolean {
  if (!path.startsWith(prefix)) return false;
  if (path.length === prefix.length || prefix.endsWith('/')) return true;
  return path.charCodeAt(prefix.length) === 47; // '/'
}

/** A prefix as written in a config: must start with `/`; a trailing `/` is kept (it narrows the match). */
export function checkPrefix(prefix: string): string | undefined {
  if (!prefix.startsWith('/')) return `path prefix "${prefix}" must start with "/"`;
  if (/[?#\s;\\]/.test(prefix))
    return `path prefix "${prefix}" must be a bare path (no query, fragment, spaces, ";" or "\\")`;
  if (/(^|\/)\.\.?(\/|$)/.test(prefix))
    return `path prefix "${prefix}" must not contain "." or ".." segments`;
  return undefined;
}
