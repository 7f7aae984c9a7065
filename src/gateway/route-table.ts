// Per-path policies: the longest configured prefix that matches a request path wins.
// Prefixes match whole path segments, so `/api` covers `/api` and `/api/x` but not `/apix`.
import type { CorsPolicy } from '../policy/types.js';

export interface Route {
  readonly prefix: string;
  readonly policy: CorsPolicy;
  /** Where the policy came from (a file path or `inline`), for logs. */
  readonly source: string;
}

export class RouteTable {
  /** Longest prefix first, so the first match is the most specific one. */
  readonly #routes: readonly Route[];

  constructor(routes: readonly Route[]) {
    this.#routes = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  get routes(): readonly Route[] {
    return this.#routes;
  }

  match(path: string): Route | undefined {
    for (const route of this.#routes) {
      if (prefixCovers(route.prefix, path)) return route;
    }
    return undefined;
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
  if (/[?#\s]/.test(prefix))
    return `path prefix "${prefix}" must be a bare path (no query, fragment or spaces)`;
  if (/(^|\/)\.\.?(\/|$)/.test(prefix))
    return `path prefix "${prefix}" must not contain "." or ".." segments`;
  return undefined;
}
