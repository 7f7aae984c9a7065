// Which response headers a script can read on a CORS response (Fetch Standard: CORS-safelisted
// response-header names plus Access-Control-Expose-Headers; `*` means all only without credentials).
import { FORBIDDEN_RESPONSE_HEADERS, SAFELISTED_RESPONSE_HEADERS } from '../policy/fetch-names.js';
import { isToken } from '../policy/http-token.js';
import { headerValue, splitList } from './header-fields.js';
import type { HeaderList } from './types.js';

/** Lower-case names, sorted, of the headers present in the response that the script may read. */
export function exposedHeaderNames(headers: HeaderList, includeCredentials: boolean): string[] {
  const elements = splitList(headerValue(headers, 'access-control-expose-headers') ?? '');
  // One element that is not a header name makes the whole list unparsable: both browsers ignore it.
  const listed = new Set(elements.every(isToken) ? elements.map((h) => h.toLowerCase()) : []);
  const all = !includeCredentials && listed.has('*');
  const present = new Set(headers.map(([name]) => name.toLowerCase()));
  return [...present]
    .filter((name) => !FORBIDDEN_RESPONSE_HEADERS.has(name))
    .filter((name) => all || SAFELISTED_RESPONSE_HEADERS.has(name) || listed.has(name))
    .sort();
}
