// WebKit's console lines for a failed fetch(), as WebKitGTK 2.50 prints them (observed through
// MiniBrowser's console output, conformance/observed/webkit.json). The texts are WebCore's
// (CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp, DocumentThreadableLoader.cpp),
// which Safari on macOS and iOS shares; WebCore builds them from plain English strings (not localised).
//
// A CORS failure prints two lines: the reason (a security error), then "Fetch API cannot load <url>
// due to access control checks." naming the URL whose response failed. The script itself only gets
// "TypeError: Load failed": the reason is in the console alone. A network error on the request
// itself prints nothing; on a preflight it prints the network layer's description (libsoup's on
// WebKitGTK; Apple's builds use CFNetwork's texts, not verified here) and the Fetch API line.
import type { CorsCheckFailure } from '../cors-check.js';
import type { Failure } from '../fetch-run.js';
import { headerValue } from '../header-fields.js';
import type { PreflightFailure } from '../preflight.js';
import type { CorsErrorCode, ExchangeStep, HeaderList } from '../types.js';

/** The user-facing name of the engine. */
export const WEBKIT_DISPLAY_NAME = 'Safari (WebKit)';

/** What fetch() rejects with in WebKit, whatever the reason. */
export const WEBKIT_SCRIPT_ERROR = 'TypeError: Load failed';

/**
 * WebKit's CORS texts, with `{origin}`, `{status}`, `{value}`, `{method}`, `{header}`, `{url}`,
 * `{location}`, `{reason}`, `{host}` placeholders.
 */
export const WEBKIT_MESSAGES = {
  AllowOriginMismatch: 'Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}',
  MultipleAllowOrigin: 'Access-Control-Allow-Origin cannot contain more than one origin.',
  WildcardWithCredentials:
    'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.',
  InvalidAllowCredentials: 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".',
  PreflightNotSuccessful: 'Preflight response is not successful. Status code: {status}',
  InvalidAllowMethods: 'Header Access-Control-Allow-Methods has an invalid value: {value}',
  InvalidAllowHeaders: 'Header Access-Control-Allow-Headers has an invalid value: {value}',
  MethodNotAllowed: 'Method {method} is not allowed by Access-Control-Allow-Methods.',
  HeaderNotAllowed: 'Request header field {header} is not allowed by Access-Control-Allow-Headers.',
  RedirectDenied:
    'Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: {reason}',
  RedirectHasCredentials: 'redirection URL {location} has credentials',
  RedirectModeError: 'Not allowed to follow a redirection while loading {url}',
  TooManyRedirects: 'Load cannot follow more than 20 redirections',
  FetchCannotLoad: 'Fetch API cannot load {url} due to access control checks.',
  ConnectionRefused: 'Could not connect to {host}: Connection refused',
  ConnectionTerminated: 'Connection terminated unexpectedly',
} as const;

export type WebKitMessage = keyof typeof WEBKIT_MESSAGES;

/** The code each reason stands for (the Fetch API line and the network texts carry none of their own). */
export const WEBKIT_MESSAGE_CODES: Readonly<Partial<Record<WebKitMessage, CorsErrorCode>>> = {
  AllowOriginMismatch: 'CORSAllowOriginNotMatchingOrigin',
  MultipleAllowOrigin: 'CORSMultipleAllowOriginNotAllowed',
  WildcardWithCredentials: 'CORSNotSupportingCredentials',
  InvalidAllowCredentials: 'CORSMissingAllowCredentials',
  PreflightNotSuccessful: 'CORSPreflightDidNotSucceed',
  InvalidAllowMethods: 'CORSInvalidAllowMethod',
  InvalidAllowHeaders: 'CORSInvalidAllowHeader',
  MethodNotAllowed: 'CORSMethodNotFound',
  HeaderNotAllowed: 'CORSMissingAllowHeaderFromPreflight',
  RedirectDenied: 'CORSExternalRedirectNotAllowed',
  RedirectHasCredentials: 'CORSRedirectContainsCredentials',
  ConnectionRefused: 'CORSDidNotSucceed',
  ConnectionTerminated: 'CORSDidNotSucceed',
};

export function fillWebKit(message: WebKitMessage, values: Readonly<Record<string, string>> = {}): string {
  return WEBKIT_MESSAGES[message].replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

export interface WebKitRendering {
  readonly code: CorsErrorCode | null;
  readonly lines: readonly string[];
}

/** What the renderer needs besides the failure: the walk's steps and the script's header names. */
export interface WebKitContext {
  readonly steps: readonly ExchangeStep[];
  /** The fetch's request headers as the script spelled them (WebKit names them so). */
  readonly requestHeaders: HeaderList;
}

type Reason = { readonly code: CorsErrorCode; readonly text: string };

function corsReason(failure: CorsCheckFailure, origin: string, status: number): Reason {
  switch (failure.kind) {
    case 'missing-allow-origin':
      return {
        code: 'CORSMissingAllowOrigin',
        text: fillWebKit('AllowOriginMismatch', { origin, status: String(status) }),
      };
    case 'multiple-allow-origin-lines':
    case 'multiple-allow-origin-values':
      return { code: 'CORSMultipleAllowOriginNotAllowed', text: fillWebKit('MultipleAllowOrigin') };
    case 'wildcard-with-credentials':
      return { code: 'CORSNotSupportingCredentials', text: fillWebKit('WildcardWithCredentials') };
    case 'invalid-allow-origin':
    case 'allow-origin-mismatch':
      return {
        code: 'CORSAllowOriginNotMatchingOrigin',
        text: fillWebKit('AllowOriginMismatch', { origin, status: String(status) }),
      };
    case 'invalid-allow-credentials':
      return { code: 'CORSMissingAllowCredentials', text: fillWebKit('InvalidAllowCredentials') };
  }
}

function preflightReason(failure: PreflightFailure, origin: string, headers: HeaderList): Reason {
  switch (failure.kind) {
    case 'redirect':
    case 'status':
      return {
        code: 'CORSPreflightDidNotSucceed',
        text: fillWebKit('PreflightNotSuccessful', { status: String(failure.status) }),
      };
    case 'cors':
      return corsReason(failure.failure, origin, failure.status);
    case 'invalid-allow-methods':
      return {
        code: 'CORSInvalidAllowMethod',
        text: fillWebKit('InvalidAllowMethods', { value: failure.token }),
      };
    case 'invalid-allow-headers':
      return {
        code: 'CORSInvalidAllowHeader',
        text: fillWebKit('InvalidAllowHeaders', { value: failure.token }),
      };
    case 'method-not-allowed':
      return { code: 'CORSMethodNotFound', text: fillWebKit('MethodNotAllowed', { method: failure.method }) };
    case 'header-not-allowed': {
      // WebKit names the header as the script wrote it.
      const spelled = headers.find(([name]) => name.toLowerCase() === failure.header)?.[0] ?? failure.header;
      return {
        code: 'CORSMissingAllowHeaderFromPreflight',
        text: fillWebKit('HeaderNotAllowed', { header: spelled }),
      };
    }
  }
}

/** The Origin the failing request carried (`null` once a redirect tainted it). */
function lastOrigin(steps: readonly ExchangeStep[]): string {
  const last = steps[steps.length - 1];
  return (last && headerValue(last.request.headers, 'origin')) ?? 'null';
}

/** The redirect target of the last step, resolved; `bare` drops user:pass@ as WebKit's first mention does. */
function redirectTarget(steps: readonly ExchangeStep[], bare: boolean): string {
  const last = steps[steps.length - 1];
  const location = (last?.response && headerValue(last.response.headers, 'location')) ?? '';
  try {
    const url = new URL(location, last?.request.url);
    if (bare) {
      url.username = '';
      url.password = '';
    }
    return url.href;
  } catch {
    return location;
  }
}

function networkText(error: string, url: string): string | null {
  if (error === 'ERR_CONNECTION_REFUSED') {
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {}
    return fillWebKit('ConnectionRefused', { host });
  }
  if (['ERR_EMPTY_RESPONSE', 'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED'].includes(error))
    return fillWebKit('ConnectionTerminated');
  return null;
}

const cannotLoad = (url: string) => fillWebKit('FetchCannotLoad', { url });

export function renderWebKit(failure: Failure, context: WebKitContext): WebKitRendering {
  const { steps } = context;
  switch (failure.kind) {
    case 'cors': {
      const reason = corsReason(failure.failure, lastOrigin(steps), failure.status);
      if (!failure.onRedirect) return { code: reason.code, lines: [reason.text, cannotLoad(failure.url)] };
      const denied = fillWebKit('RedirectDenied', {
        location: redirectTarget(steps, true),
        reason: reason.text,
      });
      return { code: reason.code, lines: [denied, cannotLoad(failure.url)] };
    }
    case 'preflight': {
      const reason = preflightReason(failure.failure, lastOrigin(steps), context.requestHeaders);
      return { code: reason.code, lines: [reason.text, cannotLoad(failure.url)] };
    }
    case 'redirect-credentials': {
      const hasCredentials = fillWebKit('RedirectHasCredentials', { location: redirectTarget(steps, false) });
      const denied = fillWebKit('RedirectDenied', {
        location: redirectTarget(steps, true),
        reason: hasCredentials,
      });
      return { code: 'CORSRedirectContainsCredentials', lines: [denied, cannotLoad(failure.url)] };
    }
    case 'network': {
      // Only a failed preflight is reported; a failed request itself prints nothing.
      const text = failure.inPreflight ? networkText(failure.error, failure.url) : null;
      return { code: 'CORSDidNotSucceed', lines: text ? [text, cannotLoad(failure.url)] : [] };
    }
    case 'network-after-preflight':
      return { code: 'CORSDidNotSucceed', lines: [] };
    case 'opaque-redirect':
      return { code: null, lines: [] };
    case 'redirect-mode':
      return {
        code: null,
        lines: [fillWebKit('RedirectModeError', { url: failure.url }), cannotLoad(failure.url)],
      };
    case 'too-many-redirects':
      return { code: null, lines: [fillWebKit('TooManyRedirects'), cannotLoad(failure.url)] };
    case 'not-http':
      return { code: 'CORSRequestNotHttp', lines: [cannotLoad(failure.url)] };
  }
}

/**
 * The lines `explain` recognises, whole or in part: each template's key in WEBKIT_MESSAGES, its
 * code, and whether it is about the preflight. Placeholders name the detail they carry (`{status}`,
 * `{origin}`, `{method}`, `{header}`, `{value}`, `{location}`, `{host}`). "Cross-origin redirection to
 * … denied by …: <reason>" is a frame around one of these reasons, recognised by the reason.
 */
export const WEBKIT_EXPLAIN_TEMPLATES: ReadonlyArray<{
  readonly key: WebKitMessage;
  readonly code: CorsErrorCode;
  readonly preflight: boolean;
}> = [
  // One text for a missing Access-Control-Allow-Origin and a wrong one; the status tells them apart
  // often enough (an error status without CORS headers), so it reads as "missing" (see WEBKIT_EXPLAIN_NOTES).
  { key: 'AllowOriginMismatch', code: 'CORSMissingAllowOrigin', preflight: false },
  { key: 'MultipleAllowOrigin', code: 'CORSMultipleAllowOriginNotAllowed', preflight: false },
  { key: 'WildcardWithCredentials', code: 'CORSNotSupportingCredentials', preflight: false },
  { key: 'InvalidAllowCredentials', code: 'CORSMissingAllowCredentials', preflight: false },
  { key: 'PreflightNotSuccessful', code: 'CORSPreflightDidNotSucceed', preflight: true },
  { key: 'InvalidAllowMethods', code: 'CORSInvalidAllowMethod', preflight: true },
  { key: 'InvalidAllowHeaders', code: 'CORSInvalidAllowHeader', preflight: true },
  { key: 'MethodNotAllowed', code: 'CORSMethodNotFound', preflight: true },
  { key: 'HeaderNotAllowed', code: 'CORSMissingAllowHeaderFromPreflight', preflight: true },
  { key: 'RedirectHasCredentials', code: 'CORSRedirectContainsCredentials', preflight: false },
  { key: 'ConnectionRefused', code: 'CORSDidNotSucceed', preflight: true },
  { key: 'ConnectionTerminated', code: 'CORSDidNotSucceed', preflight: true },
];

/** What to check first, added to the code's own list, where WebKit's text says less than the others'. */
export const WEBKIT_EXPLAIN_NOTES: Readonly<Partial<Record<WebKitMessage, string>>> = {
  AllowOriginMismatch:
    "Safari prints this same line when 'Access-Control-Allow-Origin' is missing and when it names another origin (or 'null' after a cross-origin redirect): look at what the response really carries, e.g. with `corskit doctor <url> --origin <page origin>`.",
  ConnectionRefused:
    'Safari prints this for a preflight that never reached the server (the request itself failing prints nothing): is the server up, on this port, reachable from the browser?',
  ConnectionTerminated:
    'Safari prints this for a preflight whose connection closed without a response (the request itself failing prints nothing): look at the server or proxy log for a crash or a reset on OPTIONS.',
};

/**
 * Lines that name no reason: what the script sees (`TypeError: Load failed`) and the Fetch API line
 * after every CORS failure. `explain` answers them with where to find the reason.
 */
export const WEBKIT_REASONLESS: ReadonlyArray<{ readonly pattern: RegExp; readonly note: string }> = [
  {
    pattern:
      /^(?:(?:unhandled promise rejection|uncaught \(in promise\)):?\s*)?(?:typeerror:\s*)?load failed\.?$/i,
    note: "'TypeError: Load failed' is what fetch() rejects with in Safari (WebKit) for every failure, CORS or network alike: the script never learns the reason. It is only in the console: open Web Inspector's console (Safari: Develop › Show JavaScript Console) and explain the line before 'Fetch API cannot load …', or reproduce the request with `corskit doctor <url> --origin <page origin>`.",
  },
  {
    pattern: /^fetch api cannot load (?<url>.*?) due to access control checks\.?$/i,
    note: "Safari (WebKit) prints 'Fetch API cannot load <url> due to access control checks.' after every CORS failure: the reason is the console line just before it (e.g. 'Origin … is not allowed by Access-Control-Allow-Origin. Status code: …'). Explain that line, or run `corskit doctor <url> --origin <page origin>`.",
  },
];
