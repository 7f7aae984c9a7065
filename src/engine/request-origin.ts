// Request-time parsing of an Origin header value. Hand-written over char codes: it runs for
// every origin that misses the exact-origin hash, so it must be linear and never backtrack.
import { MAX_ORIGIN_LENGTH } from '../policy/origin-syntax.js';

export interface RequestOrigin {
  readonly scheme: string;
  /** Lower-case domain, dotted IPv4 or bracketed IPv6. */
  readonly host: string;
  /** Explicit port, or null when absent (the scheme's default). */
  readonly port: number | null;
}

/**
 * The Origin header as one string, or null when it is absent. Several values (an array of more
 * than one, or a comma-joined string) are returned as `undefined`: malformed.
 */
export function singleOriginValue(
  raw: string | readonly string[] | null | undefined,
): string | null | undefined {
  if (raw == null) return null;
  if (typeof raw === 'string') return raw;
  if (raw.length === 0) return null;
  return raw.length === 1 ? raw[0] : undefined;
}

function isLowerAlpha(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses a serialized origin (`scheme://host[:port]`); null when it is not exactly one. */
export function parseRequestOrigin(value: string): RequestOrigin | null {
  const len = value.length;
  if (len > MAX_ORIGIN_LENGTH) return null;
  const sep = schemeEnd(value);
  if (sep <= 0) return null;
  let i = sep + 3;
  const hostStart = i;
  if (value.charCodeAt(i) === 91 /* [ */) {
    for (i++; i < len && value.charCodeAt(i) !== 93; i++) if (!isIpv6Char(value.charCodeAt(i))) return null;
    if (i >= len || i === hostStart + 1) return null;
    i++;
  } else {
    let labelLen = 0;
    for (; i < len; i++) {
      const c = value.charCodeAt(i);
      if (c === 58 /* : */) break;
      if (c === 46 /* . */) {
        if (labelLen === 0) return null;
        labelLen = 0;
      } else if (isLowerAlpha(c) || isDigit(c) || c === 45 || c === 95) labelLen++;
      else return null;
    }
    if (labelLen === 0) return null;
  }
  const host = value.slice(hostStart, i);
  if (i === len) return { scheme: value.slice(0, sep), host, port: null };
  if (value.charCodeAt(i) !== 58) return null;
  const port = parsePort(value, i + 1);
  return port === -1 ? null : { scheme: value.slice(0, sep), host, port };
}

function schemeEnd(value: string): number {
  if (!isLowerAlpha(value.charCodeAt(0))) return -1;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 58 /* : */) return value.charCodeAt(i + 1) === 47 && value.charCodeAt(i + 2) === 47 ? i : -1;
    if (!(isLowerAlpha(c) || isDigit(c) || c === 43 || c === 45 || c === 46)) return -1;
  }
  return -1;
}

function isIpv6Char(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || c === 58 || c === 46;
}

function parsePort(value: string, start: number): number {
  const len = value.length;
  if (start >= len || len - start > 5 || value.charCodeAt(start) === 48) return -1;
  let port = 0;
  for (let i = start; i < len; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c)) return -1;
    port = port * 10 + (c - 48);
  }
  return port <= 65535 ? port : -1;
}
