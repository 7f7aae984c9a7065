// The path a request is matched and forwarded with. The gateway applies a per-path policy, so the
// upstream must never route a request to a different path from the one whose policy was applied.
// Two rules make that true:
// - the path is normalised once and the *normalised* path is what the upstream receives: dot
//   segments and backslashes are resolved (as the WHATWG URL parser does), percent-encoded
//   unreserved characters are decoded (`/%61dmin` is `/admin`, RFC 3986 §6.2.2.2), the hex of
//   the remaining escapes is upper-cased, and runs of `/` are merged (`//admin` is `/admin`);
// - what an upstream may still read differently — an encoded `/` or `\` (`%2F`, `%5C`) that
//   some servers decode before routing, and `;` parameters that Servlet containers strip from
//   each segment — must lead to the same route under every reading, or the request is refused.
// Case is left alone here; route-table.ts compares prefixes case-insensitively by default.

export interface RequestPath {
  /** Normalised path, used for route matching and the health check. */
  readonly path: string;
  /** Normalised path plus the query string, sent to the upstream. */
  readonly pathAndQuery: string;
  /**
   * The other ways an upstream may read `path` (decoded `%2F`/`%5C`, `;` parameters dropped), when
   * they differ from it. The route must be the same for each of them.
   */
  readonly readings: readonly string[];
}

/** Anything the fast path cannot take as it is. */
const needsNormalising = /[.%\\;]|\/\/|[^\x21-\x7e]/;

export function parseRequestPath(rawUrl: string | undefined): RequestPath | undefined {
  if (!rawUrl) return undefined;
  let search = '';
  let pathname: string;
  if (rawUrl.charCodeAt(0) === 47) {
    // Origin-form is by far the common case; take it apart without the URL parser when it is plain.
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    if (!needsNormalising.test(path)) return { path, pathAndQuery: rawUrl, readings: [] };
    const parsed = parseUrl(`http://gateway.invalid${rawUrl}`);
    if (!parsed) return undefined;
    ({ pathname, search } = parsed);
  } else if (/^https?:\/\//i.test(rawUrl)) {
    // Absolute-form keeps only its path: the upstream is fixed by configuration, never by the client.
    const parsed = parseUrl(rawUrl);
    if (!parsed) return undefined;
    ({ pathname, search } = parsed);
  } else {
    // `*` (OPTIONS *), authority-form (CONNECT) and anything else: not something to forward.
    return undefined;
  }
  const path = normalisePath(pathname);
  return { path, pathAndQuery: path + search, readings: otherReadings(path) };
}

function parseUrl(text: string): { pathname: string; search: string } | undefined {
  try {
    const url = new URL(text);
    return { pathname: url.pathname, search: url.search };
  } catch {
    return undefined;
  }
}

const unreserved = /[A-Za-z0-9\-._~]/;

/** Decodes escapes of unreserved characters, upper-cases the others' hex, merges `//`, resolves dots. */
export function normalisePath(pathname: string): string {
  let path = pathname;
  // Decoding can reveal new dot segments (`%2e` was already one for the URL parser, but `/.%2E`
  // after a merge of slashes may not have been): repeat until nothing changes.
  for (let round = 0; round < 4; round++) {
    const next = resolveDots(mergeSlashes(decodeUnreserved(path)));
    if (next === path) break;
    path = next;
  }
  return path;
}

function decodeUnreserved(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return unreserved.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

const mergeSlashes = (path: string): string => path.replace(/\/{2,}/g, '/');

function resolveDots(path: string): string {
  if (!/(^|\/)\.\.?(\/|$)/.test(path)) return path;
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '..') out.pop();
    if (segment === '.' || segment === '..') {
      if (last) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** How an upstream that decodes `%2F`/`%5C`, or strips `;` parameters, may read the path. */
function otherReadings(path: string): string[] {
  const readings = new Set<string>();
  if (path.includes(';')) readings.add(normalisePath(path.replace(/;[^/]*/g, '')));
  if (/%(2F|5C)/.test(path)) {
    const decoded = normalisePath(path.replace(/%(2F|5C)/g, '/'));
    readings.add(decoded);
    if (decoded.includes(';')) readings.add(normalisePath(decoded.replace(/;[^/]*/g, '')));
  }
  readings.delete(path);
  return [...readings];
}
