// What a browser decides about a fetch() before anything reaches the network (Fetch Standard
// §2.2.2 methods, §2.2.2 "CORS-safelisted request-header", §4.1 main fetch): is it cross-origin,
// which headers it really sends, and whether it must be preflighted.
import {
  FORBIDDEN_METHODS,
  isForbiddenRequestHeader as isForbiddenRequestHeaderName,
  NORMALIZED_METHODS,
  SAFELISTED_METHODS,
} from '../policy/fetch-names.js';
import { isToken } from '../policy/http-token.js';
import { combineRequestHeaders, trimHttpWhitespace } from './header-fields.js';
import { originOf, sameOrigin } from './origin.js';
import type { FetchDescription, HeaderList } from './types.js';

/** fetch() upper-cases only the six methods the standard normalises; `patch` stays `patch`. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.has(method.toUpperCase());
}

export function isCorsSafelistedMethod(method: string): boolean {
  return SAFELISTED_METHODS.has(method);
}

const METHOD_OVERRIDE_HEADERS = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

/** Headers a script may not set: fetch() drops them silently, so they never reach the server. */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (isForbiddenRequestHeaderName(lower)) return true;
  if (METHOD_OVERRIDE_HEADERS.has(lower)) {
    return value.split(',').some((method) => isForbiddenMethod(trimHttpWhitespace(method)));
  }
  return false;
}

/** Bytes that make `accept`, `content-type` (and the 1,024-byte rule's inputs) unsafe. */
export function hasCorsUnsafeRequestHeaderByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const byte = value.charCodeAt(i);
    if (byte < 0x20 && byte !== 0x09) return true;
    if ('"():<>?@[\\]{}\x7f'.includes(value[i] as string)) return true;
  }
  return false;
}

const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFELISTED_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);
const SIMPLE_RANGE = /^bytes=(\d+)-(\d*)$/;

/** The essence (`type/subtype`, lower-case) of a MIME type, or null when it does not parse. */
export function mimeEssence(value: string): string | null {
  const trimmed = trimHttpWhitespace(value);
  const slash = trimmed.indexOf('/');
  if (slash <= 0) return null;
  const type = trimmed.slice(0, slash);
  const rest = trimmed.slice(slash + 1);
  const semicolon = rest.indexOf(';');
  const subtype = trimHttpWhitespace(semicolon === -1 ? rest : rest.slice(0, semicolon));
  if (!isToken(type) || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

function isSimpleRangeValue(value: string): boolean {
  const match = SIMPLE_RANGE.exec(value);
  if (!match) return false;
  const end = match[2];
  return end === '' || end === undefined || Number(match[1]) <= Number(end);
}

/** The standard's "CORS-safelisted request-header" for one (name, value) pair. */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false;
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasCorsUnsafeRequestHeaderByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value);
    case 'content-type': {
      if (hasCorsUnsafeRequestHeaderByte(value)) return false;
      const essence = mimeEssence(value);
      return essence !== null && SAFELISTED_CONTENT_TYPES.has(essence);
    }
    case 'range':
      return isSimpleRangeValue(value);
    default:
      return false;
  }
}

/**
 * The standard's "CORS-unsafe request-header names": lower-case, sorted, deduplicated. When the
 * safelisted values together exceed 1,024 bytes, they all count as unsafe.
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList): string[] {
  const unsafe = new Set<string>();
  const safelisted: string[] = [];
  let safelistValueSize = 0;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (isCorsSafelistedRequestHeader(lower, value)) {
      safelisted.push(lower);
      safelistValueSize += value.length;
    } else unsafe.add(lower);
  }
  if (safelistValueSize > 1024) for (const name of safelisted) unsafe.add(name);
  return [...unsafe].sort();
}

/** A fetch() call after the browser's own processing, before any network traffic. */
export interface ClassifiedRequest {
  readonly url: string;
  /** The page's serialized origin (`null` for a sandboxed or opaque document). */
  readonly origin: string;
  readonly method: string;
  /** What goes on the wire from the script: combined, forbidden names dropped. */
  readonly headers: HeaderList;
  readonly credentials: 'omit' | 'same-origin' | 'include';
  readonly redirect: 'follow' | 'error' | 'manual';
  readonly crossOrigin: boolean;
  readonly unsafeHeaderNames: readonly string[];
  /** True when the first request needs a CORS preflight. */
  readonly needsPreflight: boolean;
}

/** The pieces of a request that decide whether it needs a preflight. */
export function needsPreflight(method: string, headers: HeaderList): boolean {
  return !isCorsSafelistedMethod(method) || corsUnsafeRequestHeaderNames(headers).length > 0;
}

export function classifyRequest(desc: FetchDescription): ClassifiedRequest {
  const rawMethod = desc.method ?? 'GET';
  if (isForbiddenMethod(rawMethod)) throw new TypeError(`'${rawMethod}' HTTP method is unsupported.`);
  const method = normalizeMethod(rawMethod);
  const headers = combineRequestHeaders(
    Object.freeze(toPairs(desc.headers)).filter(([name, value]) => !isForbiddenRequestHeader(name, value)),
  );
  const origin = desc.pageOrigin === 'null' ? 'null' : originOf(desc.pageOrigin);
  const crossOrigin = !sameOrigin(originOf(desc.url), origin);
  const unsafeHeaderNames = corsUnsafeRequestHeaderNames(headers);
  return {
    url: desc.url,
    origin,
    method,
    headers,
    credentials: desc.credentials ?? 'same-origin',
    redirect: desc.redirect ?? 'follow',
    crossOrigin,
    unsafeHeaderNames,
    needsPreflight: crossOrigin && (!isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0),
  };
}

function toPairs(headers: FetchDescription['headers']): Array<[string, string]> {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([n, v]) => [n, v]);
  return Object.entries(headers as Record<string, string>);
}
