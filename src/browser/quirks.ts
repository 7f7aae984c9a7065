// Every way one browser departs from another (or from the Fetch Standard) in the CORS walk, in
// one record per browser. The algorithms in fetch-run.ts, preflight.ts and preflight-cache.ts read
// these fields instead of testing the browser's name, so another engine (WebKit) is a new record
// here, not new branches there. Each field says what was observed and where (conformance groups,
// browser bugs); the standard's own steps are linked where the algorithms implement them.
import { type CorsCheckFailure, chromiumCorsCheck, firefoxCorsCheck, webkitCorsCheck } from './cors-check.js';
import { DEFAULT_MAX_AGE } from './preflight.js';
import {
  CHROMIUM_REQUEST_PROFILE,
  FIREFOX_REQUEST_PROFILE,
  type RequestProfile,
  WEBKIT_REQUEST_PROFILE,
} from './request-profile.js';
import type { BrowserName, WireResponse } from './types.js';

export interface BrowserQuirks {
  readonly name: BrowserName;
  /**
   * The CORS check (https://fetch.spec.whatwg.org/#concept-cors-check) as this engine runs it:
   * same verdicts, different classification of a bad Access-Control-Allow-Origin (cors-check.ts).
   */
  readonly corsCheck: (
    response: WireResponse,
    origin: string,
    includeCredentials: boolean,
  ) => CorsCheckFailure | null;
  /**
   * The preflight's method is checked against Access-Control-Allow-Methods before
   * Access-Control-Allow-Headers is parsed (else both lists are parsed first, as the standard says).
   */
  readonly checksMethodBeforeHeaders: boolean;
  /** An Access-Control-Allow-Methods/-Headers list with an invalid element is reported by its whole value (WebKit). */
  readonly reportsWholeInvalidList?: boolean;
  /** Request headers the engine drops from the script's request (never sent, never preflighted). */
  readonly droppedRequestHeaders: readonly string[];
  /**
   * Once a request was preflighted, every later redirect hop is preflighted again, with the
   * untainted page origin (observed: a 303 to another origin gets OPTIONS with ACRM GET).
   */
  readonly preflightsEveryHopOncePreflighted: boolean;
  /**
   * A network error on the request after a good preflight is its own failure (own console message),
   * on HTTP/1.1: a reset HTTP/2 stream gets the plain network failure (h2 conformance variant).
   */
  readonly networkErrorAfterPreflightIsDistinct: boolean;
  /** A Location with user:pass@ is refused even on a same-origin request, silently. */
  readonly refusesLocationCredentialsSameOrigin: boolean;
  /** A redirected preflight is CORS-checked first and that failure reported (else refused at once). */
  readonly corsChecksRedirectedPreflight: boolean;
  /** Upper bound of Access-Control-Max-Age, in seconds. */
  readonly maxAgeCap: number;
  /** Cache lifetime for an Access-Control-Max-Age that is not plain digits (absent is 5 s in both). */
  readonly maxAgeOfNonDigits: (value: string) => number;
  /**
   * Preflight cache matching as the standard says: an entry stored for a credentialed request
   * also serves an uncredentialed one, and a cached `*` covers any method or non-Authorization
   * header for uncredentialed requests. Otherwise entries are keyed by credentials mode and `*`
   * is a literal name (conformance group `cache`).
   */
  readonly cacheMatchesAsStandard: boolean;
  /**
   * A preflight must have an ok status before its headers are read: a 3xx or an error status is
   * reported as "not successful" even when Access-Control-Allow-Origin is wrong too (WebKit).
   */
  readonly preflightStatusFirst?: boolean;
  /** A 303 that turns the request into a GET keeps Content-Type and the other body headers (WebKit). */
  readonly keepsBodyHeadersOn303?: boolean;
  /**
   * What the browser puts on the wire besides the CORS headers (User-Agent, Accept-*, Sec-Fetch-*,
   * order), recorded from the real browser (request-profile.ts); null when not recorded, and then a
   * dressed probe carries only the model's headers.
   */
  readonly requestProfile: RequestProfile | null;
  /**
   * On a cross-origin redirect hop, Authorization is dropped (https://fetch.spec.whatwg.org/#http-redirect-fetch
   * step 13) only after the hop's preflight was decided: that preflight still asks for
   * `authorization`, the request then goes without it (WebKit, conformance `redirect-auth-*`).
   * Else it is dropped before, as the standard orders it.
   */
  readonly dropsAuthorizationAfterHopPreflight: boolean;
}

const CHROMIUM: BrowserQuirks = {
  name: 'chromium',
  corsCheck: chromiumCorsCheck,
  checksMethodBeforeHeaders: false,
  // Chromium still treats User-Agent as a forbidden header: https://crbug.com/571722
  droppedRequestHeaders: ['user-agent'],
  preflightsEveryHopOncePreflighted: false,
  networkErrorAfterPreflightIsDistinct: false,
  // Where the standard (https://fetch.spec.whatwg.org/#http-redirect-fetch step 9 checks only
  // CORS requests) and Firefox follow it.
  refusesLocationCredentialsSameOrigin: true,
  corsChecksRedirectedPreflight: false,
  // https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/cors/preflight_result.cc (kMaxTimeToLive 2 h)
  maxAgeCap: 7200,
  // Parsed as a signed integer: `-1` → not cached; anything else unparsable (`soon`) → 5 s.
  maxAgeOfNonDigits: (value) => (/^[+-]?\d+$/.test(value) ? 0 : DEFAULT_MAX_AGE),
  cacheMatchesAsStandard: true,
  requestProfile: CHROMIUM_REQUEST_PROFILE,
  dropsAuthorizationAfterHopPreflight: false,
};

const FIREFOX: BrowserQuirks = {
  name: 'firefox',
  corsCheck: firefoxCorsCheck,
  checksMethodBeforeHeaders: true,
  droppedRequestHeaders: [],
  preflightsEveryHopOncePreflighted: true,
  networkErrorAfterPreflightIsDistinct: true,
  refusesLocationCredentialsSameOrigin: false,
  corsChecksRedirectedPreflight: true,
  // network.cors_preflight.max_age cap of 24 h
  maxAgeCap: 86400,
  // Only digits are accepted: any other value caches nothing.
  maxAgeOfNonDigits: () => 0,
  cacheMatchesAsStandard: false,
  requestProfile: FIREFOX_REQUEST_PROFILE,
  dropsAuthorizationAfterHopPreflight: false,
};

// WebKitGTK 2.50 (WebCore, which Safari shares), observed through conformance/observed/webkit.json.
const WEBKIT: BrowserQuirks = {
  name: 'webkit',
  corsCheck: webkitCorsCheck,
  // Parses both lists before comparing, as Chromium and the standard.
  checksMethodBeforeHeaders: false,
  reportsWholeInvalidList: true,
  // User-Agent is an ordinary unsafe header: a fetch that sets it is preflighted (safelist-user-agent).
  droppedRequestHeaders: [],
  preflightsEveryHopOncePreflighted: false,
  networkErrorAfterPreflightIsDistinct: false,
  // A same-origin redirect to a Location with user:pass@ is followed (redirect-userinfo-page-to-page).
  refusesLocationCredentialsSameOrigin: false,
  corsChecksRedirectedPreflight: false,
  // WebCore's CrossOriginPreflightResultCache: maxPreflightCacheTimeout is 600 s (from WebKit's source;
  // the matrix asks for no more than 600, so the cap itself is not observed).
  maxAgeCap: 600,
  // As Chromium: `-1` → not cached, `soon` → the 5 s default (cache-max-age-negative, -invalid).
  maxAgeOfNonDigits: (value) => (/^[+-]?\d+$/.test(value) ? 0 : DEFAULT_MAX_AGE),
  // Credentialed entries serve uncredentialed requests and a cached `*` covers (group `cache`).
  cacheMatchesAsStandard: true,
  preflightStatusFirst: true,
  keepsBodyHeadersOn303: true,
  requestProfile: WEBKIT_REQUEST_PROFILE,
  dropsAuthorizationAfterHopPreflight: true,
};

export const QUIRKS: Readonly<Record<BrowserName, BrowserQuirks>> = {
  chromium: CHROMIUM,
  firefox: FIREFOX,
  webkit: WEBKIT,
};
