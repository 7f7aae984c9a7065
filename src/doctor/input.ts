// Validation of what a person types: URL, page origin, method, headers. Each failure is one
// sentence saying what was expected, because the CLI prints it as the whole error.
import { parseBrowserName } from '../browser/browser-names.js';
import { isForbiddenRequestHeader } from '../policy/fetch-names.js';

import { isToken } from '../policy/http-token.js';
import type { DoctorBrowser } from './run-doctor.js';

export class DoctorInputError extends Error {
  override readonly name = 'DoctorInputError';
}

/** `localhost:3000`, `api.example.com/x`: a host without a scheme, which URL parsing misreads. */
function schemeless(text: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  const host = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?(?:[/?#]|$)/i.exec(text)?.[1];
  if (!host || !/[.:]|^localhost$/i.test(`${host}${text.slice(host.length, host.length + 1)}`)) return null;
  // Local development servers rarely have TLS; anything else is assumed public, so https.
  const local =
    /^(localhost|127\.|10\.|192\.168\.|\[::1\]|0\.0\.0\.0)/i.test(host) ||
    /\.(?:local|test|localhost)$/i.test(host);
  return `${local ? 'http' : 'https'}://${text}`;
}

/** An absolute http(s) URL; anything else is a usage error before any traffic is sent. */
export function parseTargetUrl(text: string): URL {
  const suggestion = schemeless(text);
  if (suggestion) throw new DoctorInputError(`"${text}" has no scheme: did you mean ${suggestion} ?`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorInputError(
      `invalid URL "${text}": give an absolute URL such as https://api.example.com/items`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DoctorInputError(
      `cannot probe ${url.protocol.replace(':', '')}: URLs: browsers only make CORS requests over http and https`,
    );
  return url;
}

/**
 * A serialized origin exactly as a browser sends it in `Origin`: scheme://host[:port], lower case,
 * no default port, no path, or the opaque origin `null` (sandboxed iframes, file: pages).
 */
export function parseOrigin(text: string): string {
  if (text === 'null') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorInputError(
      `invalid origin "${text}": expected scheme://host[:port], e.g. https://app.example.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DoctorInputError(`invalid origin "${text}": the page origin must be http or https (or "null")`);
  if (url.origin !== text) {
    throw new DoctorInputError(
      `invalid origin "${text}": a browser would send "${url.origin}" (no path, no trailing slash, lower case, no default port)`,
    );
  }
  return url.origin;
}

export function parseMethod(text: string): string {
  if (!isToken(text)) throw new DoctorInputError(`invalid method "${text}"`);
  // fetch() normalises these six to upper case; others are sent as written.
  const upper = text.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : text;
}

/** `Name: value` as in curl's -H. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!name || !isToken(name)) throw new DoctorInputError(`invalid header "${text}": expected "Name: value"`);
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value))
    throw new DoctorInputError(`invalid header "${name}": value contains CR, LF or NUL`);
  return [name, value];
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** `5s`, `500ms`, `1m`, or a bare number of milliseconds (what --timeout took before units). */
export function parseTimeout(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  const ms = m ? Math.round(Number(m[1]) * (DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()] ?? 1)) : Number.NaN;
  if (!Number.isInteger(ms) || ms <= 0 || ms > 600_000)
    throw new DoctorInputError(`invalid timeout "${text}": a duration between 1ms and 10m, e.g. 5s or 500ms`);
  return ms;
}

/**
 * What a person may type that a browser would not do: headers a page can never set (the browser
 * drops them) and OPTIONS, which browsers send themselves as the preflight.
 */
export function inputWarnings(method: string, headers: ReadonlyArray<readonly [string, string]>): string[] {
  const warnings: string[] = [];
  for (const [name] of headers) {
    const lower = name.toLowerCase();
    if (!isForbiddenRequestHeader(lower)) continue;
    warnings.push(
      lower === 'cookie' || lower === 'cookie2'
        ? `${name} is a forbidden header: a page cannot set it and browsers drop it. To send the browser's cookies, use --credentials (fetch's credentials: "include").`
        : `${name} is a forbidden header: a page cannot set it and browsers drop it, so the probe ignores it.${lower === 'origin' ? ' Give the page origin with --origin.' : ''}`,
    );
  }
  if (method.toUpperCase() === 'OPTIONS')
    warnings.push(
      'browsers send the OPTIONS preflight themselves: give the method your page uses (-X PUT, -X DELETE…) and the doctor sends the preflight for it.',
    );
  return warnings;
}

/** `--browser`: whose requests the doctor sends (`safari` names WebKit). */
export function parseBrowser(text: string): DoctorBrowser {
  const lower = text.trim().toLowerCase();
  if (lower === 'both' || lower === 'all') return lower;
  const name = parseBrowserName(lower);
  if (name) return name;
  throw new DoctorInputError(
    `invalid browser "${text}": expected chromium, firefox, webkit (safari), both or all`,
  );
}
