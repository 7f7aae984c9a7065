// Chromium's console lines for a failed fetch(), as Chromium 156 prints them (observed through
// CDP, the way DevTools and Playwright receive them). The reason texts are Chromium's
// cors_error_string.cc texts per network::mojom::CorsError; Chromium does not translate them.
//
// A CORS failure prints two lines: the CORS error, then the network error line from the Log
// domain. DevTools' own console renders that second line as "GET <url> net::ERR_FAILED <status>";
// through CDP (and so in every automated recording) its text is "Failed to load resource:
// net::ERR_FAILED". We encode the CDP text. Chromium 156 no longer appends "If an opaque response
// serves your needs, set the request's mode to 'no-cors'…" to any fetch() error (the string is
// gone from the binary), so no line here carries it.
import type { CorsCheckFailure } from '../cors-check.js';
import type { Failure } from '../fetch-run.js';
import type { PreflightFailure } from '../preflight.js';
import type { CorsErrorCode } from '../types.js';

export const CHROMIUM_PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

/** The reason texts, with `{value}`, `{method}`, `{header}`, `{location}` placeholders. */
export const CHROMIUM_REASONS = {
  MissingAllowOriginHeader: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  MultipleAllowOriginValues:
    "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed. Have the server send the header with a valid value.",
  InvalidAllowOriginValue:
    "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'. Have the server send the header with a valid value.",
  AllowOriginMismatch:
    "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  WildcardOriginNotAllowed:
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  InvalidAllowCredentials:
    "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
  PreflightInvalidStatus: 'It does not have HTTP ok status.',
  PreflightDisallowedRedirect: 'Redirect is not allowed for a preflight request.',
  InvalidAllowMethodsPreflightResponse:
    'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
  InvalidAllowHeadersPreflightResponse:
    'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
  MethodDisallowedByPreflightResponse:
    'Method {method} is not allowed by Access-Control-Allow-Methods in preflight response.',
  HeaderDisallowedByPreflightResponse:
    'Request header field {header} is not allowed by Access-Control-Allow-Headers in preflight response.',
  RedirectContainsCredentials:
    "Redirect location '{location}' contains a username and password, which is disallowed for cross-origin requests.",
} as const;

export type ChromiumReason = keyof typeof CHROMIUM_REASONS;

/** Which reasons Chromium prints behind the preflight prefix (the others stand alone even for a preflight). */
export const CHROMIUM_PREFIXED_IN_PREFLIGHT: ReadonlySet<ChromiumReason> = new Set<ChromiumReason>([
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'WildcardOriginNotAllowed',
  'InvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
]);

export const CHROMIUM_REASON_CODES: Readonly<Record<ChromiumReason, CorsErrorCode>> = {
  MissingAllowOriginHeader: 'CORSMissingAllowOrigin',
  MultipleAllowOriginValues: 'CORSMultipleAllowOriginNotAllowed',
  InvalidAllowOriginValue: 'CORSInvalidAllowOrigin',
  AllowOriginMismatch: 'CORSAllowOriginNotMatchingOrigin',
  WildcardOriginNotAllowed: 'CORSNotSupportingCredentials',
  InvalidAllowCredentials: 'CORSMissingAllowCredentials',
  PreflightInvalidStatus: 'CORSPreflightDidNotSucceed',
  PreflightDisallowedRedirect: 'CORSExternalRedirectNotAllowed',
  InvalidAllowMethodsPreflightResponse: 'CORSInvalidAllowMethod',
  InvalidAllowHeadersPreflightResponse: 'CORSInvalidAllowHeader',
  MethodDisallowedByPreflightResponse: 'CORSMethodNotFound',
  HeaderDisallowedByPreflightResponse: 'CORSMissingAllowHeaderFromPreflight',
  RedirectContainsCredentials: 'CORSRedirectContainsCredentials',
};

export interface ChromiumRendering {
  readonly code: CorsErrorCode | null;
  readonly reason: ChromiumReason | null;
  readonly lines: readonly string[];
}

export function fillChromium(reason: ChromiumReason, values: Readonly<Record<string, string>>): string {
  return CHROMIUM_REASONS[reason].replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

export function chromiumBlockedPrefix(url: string, originalUrl: string, pageOrigin: string): string {
  const redirected = url === originalUrl ? '' : ` (redirected from '${originalUrl}')`;
  return `Access to fetch at '${url}'${redirected} from origin '${pageOrigin}' has been blocked by CORS policy: `;
}

function corsReason(failure: CorsCheckFailure): [ChromiumReason, Record<string, string>] {
  switch (failure.kind) {
    case 'missing-allow-origin':
      return ['MissingAllowOriginHeader', {}];
    case 'multiple-allow-origin-lines':
    case 'multiple-allow-origin-values':
      return ['MultipleAllowOriginValues', { value: 'value' in failure ? failure.value : '' }];
    case 'wildcard-with-credentials':
      return ['WildcardOriginNotAllowed', {}];
    case 'invalid-allow-origin':
      return ['InvalidAllowOriginValue', { value: failure.value }];
    case 'allow-origin-mismatch':
      return ['AllowOriginMismatch', { value: failure.value }];
    case 'invalid-allow-credentials':
      return ['InvalidAllowCredentials', { value: failure.value }];
  }
}

function preflightReason(failure: PreflightFailure): [ChromiumReason, Record<string, string>] {
  switch (failure.kind) {
    case 'redirect':
      return ['PreflightDisallowedRedirect', {}];
    case 'cors':
      return corsReason(failure.failure);
    case 'status':
      return ['PreflightInvalidStatus', {}];
    case 'invalid-allow-methods':
      return ['InvalidAllowMethodsPreflightResponse', {}];
    case 'invalid-allow-headers':
      return ['InvalidAllowHeadersPreflightResponse', {}];
    case 'method-not-allowed':
      return ['MethodDisallowedByPreflightResponse', { method: failure.method }];
    case 'header-not-allowed':
      return ['HeaderDisallowedByPreflightResponse', { header: failure.header }];
  }
}

const networkLine = (error: string) => `Failed to load resource: net::${error}`;

export function renderChromium(failure: Failure, originalUrl: string, pageOrigin: string): ChromiumRendering {
  switch (failure.kind) {
    case 'cors':
    case 'preflight': {
      const [reason, values] =
        failure.kind === 'cors' ? corsReason(failure.failure) : preflightReason(failure.failure);
      const prefixed = failure.kind === 'preflight' && CHROMIUM_PREFIXED_IN_PREFLIGHT.has(reason);
      const text = `${chromiumBlockedPrefix(failure.url, originalUrl, pageOrigin)}${prefixed ? CHROMIUM_PREFLIGHT_PREFIX : ''}${fillChromium(reason, values)}`;
      return { code: CHROMIUM_REASON_CODES[reason], reason, lines: [text, networkLine('ERR_FAILED')] };
    }
    case 'redirect-credentials': {
      // On a same-origin request Chromium refuses the redirect without printing anything.
      if (failure.silent) return { code: 'CORSRedirectContainsCredentials', reason: null, lines: [] };
      // Chromium prints the Location as '' (observed in Chromium 156), not the URL it refused.
      const text = `${chromiumBlockedPrefix(failure.url, originalUrl, pageOrigin)}${fillChromium('RedirectContainsCredentials', { location: '' })}`;
      return {
        code: 'CORSRedirectContainsCredentials',
        reason: 'RedirectContainsCredentials',
        lines: [text, networkLine('ERR_FAILED')],
      };
    }
    case 'network':
    case 'network-after-preflight':
      return { code: 'CORSDidNotSucceed', reason: null, lines: [networkLine(failure.error)] };
    case 'opaque-redirect':
      return { code: null, reason: null, lines: [] };
    case 'not-http':
      return {
        code: 'CORSRequestNotHttp',
        reason: null,
        lines: [
          failure.scheme === 'file'
            ? `Not allowed to load local resource: ${failure.url}`
            : `Fetch API cannot load ${failure.url}. URL scheme "${failure.scheme}" is not supported.`,
        ],
      };
    case 'redirect-mode':
      return { code: null, reason: null, lines: [networkLine('ERR_FAILED')] };
    case 'too-many-redirects':
      return { code: null, reason: null, lines: [networkLine('ERR_TOO_MANY_REDIRECTS')] };
  }
}

/** Reason phrases Chromium shows for error statuses (it prints the response's status text). */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};

/**
 * Chromium logs every readable response with status >= 400, even when CORS allowed it:
 * "Failed to load resource: the server responded with a status of 404 (Not Found)". The status
 * text is the server's reason phrase; we assume the standard one (what Node and most servers send).
 */
export function chromiumErrorStatusLine(
  status: number,
  statusText = STATUS_TEXT[status] ?? '',
): string | null {
  if (status < 400) return null;
  return `Failed to load resource: the server responded with a status of ${status} (${statusText})`;
}
