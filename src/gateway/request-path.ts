// The path a request is matched and forwarded with. Dot segments and percent-encoded dots are
// resolved first (as the WHATWG URL parser does), so `/public/../api/x` is matched, and forwarded,
// as `/api/x`: the upstream can never see a different path from the one whose policy was applied.

export interface RequestPath {
  /** Normalised path, used for route matching and the health check. */
  readonly path: string;
  /** Normalised path plus the query string, sent to the upstream. */
  readonly pathAndQuery: string;
}

const needsNormalising = /[.%\\]|\/\/|[^\x21-\x7e]/;

export function parseRequestPath(rawUrl: string | undefined): RequestPath | undefined {
  if (!rawUrl) return undefined;
  if (rawUrl.charCodeAt(0) === 47) {
    // Origin-form is by far the common case; take it apart without the URL parser when it is plain.
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    if (!needsNormalising.test(path)) return { path, pathAndQuery: rawUrl };
  } else if (!/^https?:\/\//i.test(rawUrl)) {
    // `*` (OPTIONS *), authority-form (CONNECT) and anything else: not something to forward.
    return undefined;
  }
  try {
    // Absolute-form keeps only its path: the upstream is fixed by configuration, never by the client.
    const url = new URL(rawUrl.startsWith('/') ? `http://gateway.invalid${rawUrl}` : rawUrl);
    return { path: url.pathname, pathAndQuery: url.pathname + url.search };
  } catch {
    return undefined;
  }
}
