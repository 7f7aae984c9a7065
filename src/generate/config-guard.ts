// The generators' own guard against config injection. The engine's validation already rejects
// most hostile values, but a generator must not rely on it: every value is checked here, against
// a strict allow-list, immediately before it is written into nginx, Apache or Caddy syntax.
import { GenerateError } from './generate-error.js';

/**
 * Token characters that are inert in all three config languages once quoted. RFC 9110 tokens
 * also allow `# $ % & ' \``, but those start comments (`#`), variables (`$` nginx/Apache),
 * format specifiers (`%` in Apache `Header`), or quotes: refused rather than escaped.
 */
const SAFE_TOKEN = /^[A-Za-z0-9!*+.^_|~-]+$/;
/** A serialized origin as the engine stores it: lower-case scheme and host, optional port, IPv6 in brackets. */
const SAFE_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;
const SAFE_HOST = /^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])$/;
const SAFE_SCHEME = /^[a-z][a-z0-9+.-]*$/;
/** A URL path prefix: unreserved characters and slashes only (no spaces, quotes, braces, `;`, `$`). */
const SAFE_PATH = /^\/[A-Za-z0-9._~/-]*$/;

function describeChar(value: string, allowed: RegExp): string {
  for (const c of value) {
    if (!allowed.test(c))
      return c === '\n' ? 'a newline' : c === '\r' ? 'a carriage return' : JSON.stringify(c);
  }
  return 'a character';
}

function refuse(what: string, value: string, detail: string): never {
  throw new GenerateError(`refusing to write ${what} ${JSON.stringify(value)} into the config: ${detail}`);
}

/** A method or header name. */
export function guardToken(what: string, value: string): string {
  if (value.length === 0) refuse(what, value, 'it is empty');
  if (!SAFE_TOKEN.test(value))
    refuse(
      what,
      value,
      `it contains ${describeChar(value, /[A-Za-z0-9!*+.^_|~-]/)}, which nginx, Apache or Caddy would read as syntax (quote, comment, variable or placeholder)`,
    );
  return value;
}

export function guardOrigin(value: string): string {
  if (value === 'null') return value;
  if (!SAFE_ORIGIN.test(value))
    refuse('the origin', value, 'it is not a plain serialized origin (scheme://host[:port])');
  return value;
}

export function guardHost(value: string): string {
  if (!SAFE_HOST.test(value)) refuse('the host', value, 'it has characters a host name cannot have');
  return value;
}

export function guardScheme(value: string): string {
  if (!SAFE_SCHEME.test(value)) refuse('the scheme', value, 'it is not a URL scheme');
  return value;
}

export function guardPath(what: string, value: string): string {
  if (!SAFE_PATH.test(value))
    refuse(
      what,
      value,
      `it must start with "/" and contain only letters, digits and . _ ~ - /, not ${describeChar(value, /[A-Za-z0-9._~/-]/)}`,
    );
  return value;
}

export function guardInteger(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new GenerateError(
      `refusing to write ${what} ${String(value)}: it must be a whole number from ${min} to ${max}`,
    );
  return value;
}

/** An upstream for proxying: http(s)://host[:port][/path], nothing else. */
export function guardUpstream(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GenerateError(
      `--upstream ${JSON.stringify(value)} is not a URL; write e.g. http://127.0.0.1:3000`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GenerateError(`--upstream must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
  if (url.username || url.password || url.search || url.hash)
    throw new GenerateError(
      `--upstream ${JSON.stringify(value)} must not carry credentials, a query or a fragment`,
    );
  guardHost(url.hostname);
  guardPath('the upstream path', url.pathname);
  // The URL parser percent-encodes or rewrites hostile characters (`\\` becomes `/`): refuse
  // anything that is not already in canonical form.
  const canonical = url.pathname === '/' && !value.endsWith('/') ? url.origin : url.href;
  if (value !== canonical)
    throw new GenerateError(
      `--upstream ${JSON.stringify(value)} is not in canonical form; write ${canonical}`,
    );
  return url;
}
