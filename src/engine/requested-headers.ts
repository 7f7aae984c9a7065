// Bounded parsing of Access-Control-Request-Headers. A hostile preflight may send thousands of
// names (rs/cors#170) or one header split over many lines (jub0bs/cors#7); the work here is
// capped so a request costs at most a few microseconds.
import { isToken } from '../policy/http-token.js';

/** More names than any real page sends: browsers list only non-safelisted headers a script set. */
export const MAX_REQUESTED_HEADER_NAMES = 128;
/** Total characters of the header value(s) considered. */
export const MAX_REQUESTED_HEADERS_LENGTH = 8192;
/** Empty list elements tolerated (proxies that join repeated headers leave some). */
const MAX_EMPTY_ELEMENTS = 16;

/** Lower-cased, deduplicated names in request order; null when malformed or over the caps. */
export function parseRequestedHeaders(raw: string | readonly string[]): string[] | null {
  const value = typeof raw === 'string' ? raw : raw.join(',');
  if (value.length > MAX_REQUESTED_HEADERS_LENGTH) return null;
  const names: string[] = [];
  let empty = 0;
  let start = 0;
  while (start <= value.length) {
    let comma = value.indexOf(',', start);
    if (comma === -1) comma = value.length;
    const name = value.slice(start, comma).trim().toLowerCase();
    start = comma + 1;
    if (name === '') {
      if (++empty > MAX_EMPTY_ELEMENTS) return null;
      continue;
    }
    if (!isToken(name)) return null;
    if (names.includes(name)) continue;
    if (names.length === MAX_REQUESTED_HEADER_NAMES) return null;
    names.push(name);
  }
  return names;
}
