// The CORS check (https://fetch.spec.whatwg.org/#concept-cors-check) of a response, as each browser really performs it. The two
// engines agree on the verdict but not on how they classify a bad `Access-Control-Allow-Origin`,
// which decides the message: Chromium calls any value with a space or comma "multiple values" and
// a value it cannot parse "invalid"; Firefox only counts separate header lines as "multiple" and
// reports every other wrong value as "does not match".
import { headerValue } from './header-fields.js';
import { isParsableUrl } from './origin.js';
import type { WireResponse } from './types.js';

export type CorsCheckFailure =
  | { readonly kind: 'missing-allow-origin' }
  /** Firefox: two or more `Access-Control-Allow-Origin` lines. */
  | { readonly kind: 'multiple-allow-origin-lines' }
  /** Chromium: the (joined) value contains a space or a comma. */
  | { readonly kind: 'multiple-allow-origin-values'; readonly value: string }
  | { readonly kind: 'wildcard-with-credentials' }
  /** Chromium: not `null` and not parsable as a URL. */
  | { readonly kind: 'invalid-allow-origin'; readonly value: string }
  | { readonly kind: 'allow-origin-mismatch'; readonly value: string }
  /** Credentials mode `include` and `Access-Control-Allow-Credentials` is not exactly `true`. */
  | { readonly kind: 'invalid-allow-credentials'; readonly value: string };

// Each engine's CORS check; BrowserQuirks.corsCheck (quirks.ts) picks one per browser.
// @param origin the request's serialized origin as sent in `Origin` (`null` once tainted).
// @param includeCredentials the request's credentials mode is `include`.

export function chromiumCorsCheck(
  response: WireResponse,
  origin: string,
  includeCredentials: boolean,
): CorsCheckFailure | null {
  const allowOrigin = headerValue(response.headers, 'access-control-allow-origin');
  // https://fetch.spec.whatwg.org/#concept-cors-check step 2: no Access-Control-Allow-Origin fails.
  if (allowOrigin === null) return { kind: 'missing-allow-origin' };
  // Step 3: `*` passes only when credentials mode is not include.
  if (allowOrigin === '*') {
    // `*` without credentials passes before Access-Control-Allow-Credentials is even read.
    return includeCredentials ? { kind: 'wildcard-with-credentials' } : null;
  }
  // Step 4: otherwise the value must be the request's serialized origin, byte for byte.
  if (allowOrigin !== origin) {
    if (/[ ,]/.test(allowOrigin)) return { kind: 'multiple-allow-origin-values', value: allowOrigin };
    if (allowOrigin !== 'null' && !isParsableUrl(allowOrigin))
      return { kind: 'invalid-allow-origin', value: allowOrigin };
    return { kind: 'allow-origin-mismatch', value: allowOrigin };
  }
  return credentialsCheck(response, includeCredentials);
}

export function firefoxCorsCheck(
  response: WireResponse,
  origin: string,
  includeCredentials: boolean,
): CorsCheckFailure | null {
  if (firefoxSeesMultipleAllowOrigin(response)) return { kind: 'multiple-allow-origin-lines' };
  const allowOrigin = headerValue(response.headers, 'access-control-allow-origin') ?? undefined;
  if (allowOrigin === undefined) return { kind: 'missing-allow-origin' };
  if (includeCredentials && allowOrigin === '*') return { kind: 'wildcard-with-credentials' };
  if ((includeCredentials || allowOrigin !== '*') && allowOrigin !== origin) {
    return { kind: 'allow-origin-mismatch', value: allowOrigin };
  }
  return credentialsCheck(response, includeCredentials);
}

// WebKit (WebCore's passesAccessControlCheck, shared with Safari) compares the combined value with
// the origin and only then asks why it differs: `*` (credentialed), a comma (two origins or two
// lines), or anything else — a missing header included — "Origin … is not allowed".
export function webkitCorsCheck(
  response: WireResponse,
  origin: string,
  includeCredentials: boolean,
): CorsCheckFailure | null {
  const allowOrigin = headerValue(response.headers, 'access-control-allow-origin');
  if (allowOrigin === '*' && !includeCredentials) return null;
  if (allowOrigin !== origin) {
    if (allowOrigin === null) return { kind: 'missing-allow-origin' };
    if (allowOrigin === '*') return { kind: 'wildcard-with-credentials' };
    if (allowOrigin.includes(',')) return { kind: 'multiple-allow-origin-values', value: allowOrigin };
    return { kind: 'allow-origin-mismatch', value: allowOrigin };
  }
  return credentialsCheck(response, includeCredentials);
}

/**
 * Firefox 153 calls Access-Control-Allow-Origin "multiple" only when two or more HTTP/1.1 lines
 * spell the name exactly `Access-Control-Allow-Origin` (it compares the names as received,
 * case-sensitively). Lines in another case, and every HTTP/2 response (names are lower case
 * there), are joined with ", " and the joined value then "does not match". Observed in the
 * conformance wire variants (h1, h1-lower, h2) and the `acao-two-headers-*` cases.
 */
export function firefoxSeesMultipleAllowOrigin(response: WireResponse): boolean {
  if (response.protocol === 'h2') return false;
  return response.headers.filter(([name]) => name === 'Access-Control-Allow-Origin').length > 1;
}

function credentialsCheck(response: WireResponse, includeCredentials: boolean): CorsCheckFailure | null {
  if (!includeCredentials) return null;
  const allowCredentials = headerValue(response.headers, 'access-control-allow-credentials');
  // https://fetch.spec.whatwg.org/#concept-cors-check steps 5-7: exactly `true`: `True`, `TRUE`, `1` and `true, true`
  // (two lines) all fail.
  if (allowCredentials === 'true') return null;
  return { kind: 'invalid-allow-credentials', value: allowCredentials ?? '' };
}
