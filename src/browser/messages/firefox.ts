// Firefox's console lines for a failed fetch(), as Firefox ESR 153 prints them. Firefox logs one
// line per failing channel, so a failed preflight is followed by "CORS request did not succeed…
// Status code: (null)." for the actual request that never ran, and a refused redirect by one such
// line per channel it cancels. The sequences below are what Firefox printed in our probes.
import type { CorsCheckFailure } from '../cors-check.js';
import type { Failure } from '../fetch-run.js';
import type { PreflightFailure } from '../preflight.js';
import type { CorsErrorCode } from '../types.js';
import { type FirefoxLocale, type FirefoxMessageKey, formatFirefox } from './firefox-strings.js';

export * from './firefox-strings.js';

/** Firefox's key for each code (the MDN slug is the key without its version digit). */
export const FIREFOX_KEY_CODES: Readonly<Partial<Record<FirefoxMessageKey, CorsErrorCode>>> = {
  CORSDisabled: 'CORSDisabled',
  CORSDidNotSucceed2: 'CORSDidNotSucceed',
  CORSExternalRedirectNotAllowed: 'CORSExternalRedirectNotAllowed',
  CORSRequestNotHttp: 'CORSRequestNotHttp',
  CORSMissingAllowOrigin2: 'CORSMissingAllowOrigin',
  CORSMultipleAllowOriginNotAllowed: 'CORSMultipleAllowOriginNotAllowed',
  CORSAllowOriginNotMatchingOrigin: 'CORSAllowOriginNotMatchingOrigin',
  CORSNotSupportingCredentials: 'CORSNotSupportingCredentials',
  CORSMethodNotFound: 'CORSMethodNotFound',
  CORSMissingAllowCredentials: 'CORSMissingAllowCredentials',
  CORSPreflightDidNotSucceed3: 'CORSPreflightDidNotSucceed',
  CORSInvalidAllowMethod: 'CORSInvalidAllowMethod',
  CORSInvalidAllowHeader: 'CORSInvalidAllowHeader',
  CORSMissingAllowHeaderFromPreflight2: 'CORSMissingAllowHeaderFromPreflight',
  CheckLoadURIError: 'CORSRequestNotHttp',
};

export interface FirefoxRendering {
  readonly code: CorsErrorCode | null;
  readonly lines: readonly string[];
}

type Line = [FirefoxMessageKey, string[]];

const NO_STATUS = '(null)';

function corsLine(failure: CorsCheckFailure, url: string, status: number): Line {
  switch (failure.kind) {
    case 'missing-allow-origin':
      return ['CORSMissingAllowOrigin2', [url, String(status)]];
    case 'multiple-allow-origin-lines':
    case 'multiple-allow-origin-values':
      return ['CORSMultipleAllowOriginNotAllowed', [url]];
    case 'wildcard-with-credentials':
      return ['CORSNotSupportingCredentials', [url]];
    case 'invalid-allow-origin':
    case 'allow-origin-mismatch':
      return ['CORSAllowOriginNotMatchingOrigin', [url, failure.value]];
    case 'invalid-allow-credentials':
      return ['CORSMissingAllowCredentials', [url]];
  }
}

function preflightLines(failure: PreflightFailure, url: string): Line[] {
  const didNotSucceed: Line = ['CORSDidNotSucceed2', [url, NO_STATUS]];
  switch (failure.kind) {
    case 'redirect':
      // CORS check of the 3xx failed: that reason, then one "did not succeed" per cancelled channel.
      if (failure.corsFailure)
        return [corsLine(failure.corsFailure, url, failure.status), didNotSucceed, didNotSucceed];
      return [
        ['CORSExternalRedirectNotAllowed', [url]],
        ['CORSPreflightDidNotSucceed3', [url, String(failure.status)]],
        didNotSucceed,
      ];
    case 'cors':
      return [corsLine(failure.failure, url, failure.status), didNotSucceed];
    case 'status':
      return [['CORSPreflightDidNotSucceed3', [url, String(failure.status)]], didNotSucceed];
    case 'invalid-allow-methods':
      return [['CORSInvalidAllowMethod', [url, failure.token]], didNotSucceed];
    case 'invalid-allow-headers':
      return [['CORSInvalidAllowHeader', [url, failure.token]], didNotSucceed];
    case 'method-not-allowed':
      return [['CORSMethodNotFound', [url]], didNotSucceed];
    case 'header-not-allowed':
      return [['CORSMissingAllowHeaderFromPreflight2', [url, failure.header]], didNotSucceed];
  }
}

function linesFor(failure: Failure, pageUrl: string): Line[] {
  switch (failure.kind) {
    case 'cors': {
      const line = corsLine(failure.failure, failure.url, failure.status);
      // A refused redirect also cancels the channel: a second line.
      return failure.onRedirect ? [line, ['CORSDidNotSucceed2', [failure.url, NO_STATUS]]] : [line];
    }
    case 'preflight':
      return preflightLines(failure.failure, failure.url);
    case 'network': {
      const line: Line = ['CORSDidNotSucceed2', [failure.url, NO_STATUS]];
      return failure.inPreflight ? [line, line] : [line];
    }
    case 'network-after-preflight':
      // Observed again and again in Firefox 153: when the connection dies on the actual request
      // after a successful preflight, Firefox blames "multiple" Access-Control-Allow-Origin
      // headers. Misleading, but it is what users see, so the model prints it.
      return [['CORSMultipleAllowOriginNotAllowed', [failure.url]]];
    case 'opaque-redirect':
      return [];
    case 'not-http':
      return failure.scheme === 'file'
        ? [['CheckLoadURIError', [pageUrl, failure.url]]]
        : [['CORSRequestNotHttp', [failure.url]]];
    case 'redirect-credentials':
    case 'too-many-redirects':
      return [['CORSDidNotSucceed2', [failure.url, NO_STATUS]]];
    case 'redirect-mode':
      return [];
  }
}

/**
 * @param pageUrl the document's URL, which Firefox names in its file: refusal (the harness's page
 * is `<origin>/`).
 */
export function renderFirefox(
  failure: Failure,
  pageUrl: string,
  locale: FirefoxLocale = 'en-US',
): FirefoxRendering {
  const lines = linesFor(failure, pageUrl);
  const first = lines[0];
  const code = first ? (FIREFOX_KEY_CODES[first[0]] ?? null) : null;
  return { code, lines: lines.map(([key, args]) => formatFirefox(key, args, locale)) };
}

/** Firefox's warning when `Access-Control-Allow-Headers: *` let `Authorization` through. */
export function firefoxAuthorizationWarning(url: string, locale: FirefoxLocale = 'en-US'): string {
  return formatFirefox('CORSAllowHeaderFromPreflightDeprecation', [url], locale);
}
