// Config-time parsing of one `origins` entry. Strict: an entry must be exactly what a browser
// would put in an `Origin` header (or a pattern of one), because matching is exact string work.
import type { PolicyIssueCode } from './issue-codes.js';
import type { OriginPatternSpec } from './types.js';

export type ParsedOriginEntry =
  | { readonly ok: true; readonly kind: 'null' }
  | {
      readonly ok: true;
      readonly kind: 'exact';
      readonly origin: string;
      readonly scheme: string;
      readonly host: string;
    }
  | { readonly ok: true; readonly kind: 'pattern'; readonly spec: OriginPatternSpec }
  | { readonly ok: false; readonly code: PolicyIssueCode; readonly message: string; readonly hint: string };

/** Longest Origin the engine accepts (jub0bs/cors uses the same bound: scheme, 253-byte host, port). */
export const MAX_ORIGIN_LENGTH = 326;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss']);
const SCHEME_RE = /^[a-z][a-z0-9+.-]*$/;
const LABEL_RE = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const PORT_RE = /^[1-9][0-9]{0,4}$/;

function fail(code: PolicyIssueCode, message: string, hint: string): ParsedOriginEntry {
  return { ok: false, code, message, hint };
}

export function parseOriginEntry(entry: string): ParsedOriginEntry {
  if (entry === '*')
    return fail(
      'origin-wildcard-in-list',
      'inside a list is not an origin',
      'write `origins: "*"` (not in a list) to allow any origin',
    );
  if (entry === 'null') return { ok: true, kind: 'null' };
  if (entry.length > MAX_ORIGIN_LENGTH)
    return fail(
      'origin-too-long',
      `is longer than ${MAX_ORIGIN_LENGTH} characters`,
      'no browser sends such an Origin',
    );
  if (/[\s\x00-\x1f\x7f]/.test(entry))
    return fail(
      'origin-whitespace',
      'contains whitespace or control characters',
      `write it without them: "${entry.replace(/[\s\x00-\x1f\x7f]/g, '')}"`,
    );
  if (/[^\x20-\x7e]/.test(entry))
    return fail('origin-non-ascii', 'contains non-ASCII characters', nonAsciiHint(entry));
  const sep = entry.indexOf('://');
  if (sep === -1) {
    if (entry.includes('.') && !entry.includes(':'))
      return fail('origin-missing-scheme', 'has no scheme', `write "https://${entry}"`);
    return fail(
      'origin-not-serialized',
      'is not a serialized origin (scheme://host[:port])',
      'for example "https://app.example.com"',
    );
  }
  const scheme = entry.slice(0, sep);
  if (!SCHEME_RE.test(scheme)) {
    if (SCHEME_RE.test(scheme.toLowerCase()))
      return fail(
        'origin-scheme-case',
        'scheme must be lower case',
        `browsers send "${entry.toLowerCase()}"`,
      );
    return fail(
      'origin-invalid-scheme',
      `"${scheme}" is not a valid scheme`,
      'for example "https://app.example.com"',
    );
  }
  // A file: page has an opaque origin, so browsers send `Origin: null` for it, never file://….
  if (scheme === 'file')
    return fail(
      'origin-file-scheme',
      'can never match: browsers send "Origin: null" from file: pages',
      'serve the page over http://localhost instead; listing "null" would admit every sandboxed iframe too',
    );
  const rest = entry.slice(sep + 3);
  const atSign = rest.indexOf('@');
  const end = firstIndexOf(rest, '/?#');
  if (atSign !== -1 && (end === -1 || atSign < end))
    return fail(
      'origin-userinfo',
      'contains userinfo (user@)',
      `an Origin never has credentials: "${scheme}://${rest.slice(atSign + 1)}"`,
    );
  if (end !== -1) return failPathQueryFragment(entry, scheme, rest, end);
  return parseAuthority(entry, scheme, rest);
}

function failPathQueryFragment(entry: string, scheme: string, rest: string, end: number): ParsedOriginEntry {
  const bare = `${scheme}://${rest.slice(0, end)}`;
  const c = rest[end];
  if (c === '/' && end === rest.length - 1)
    return fail('origin-trailing-slash', 'has a trailing slash', `an Origin never ends with "/": "${bare}"`);
  if (c === '/')
    return fail('origin-path', 'has a path', `an Origin is scheme://host[:port] only: "${bare}"`);
  if (c === '?')
    return fail('origin-query', 'has a query', `an Origin is scheme://host[:port] only: "${bare}"`);
  return fail(
    'origin-fragment',
    `has a fragment (${JSON.stringify(entry.slice(entry.indexOf('#')))})`,
    `write "${bare}"`,
  );
}

function parseAuthority(entry: string, scheme: string, authority: string): ParsedOriginEntry {
  let hostPart: string;
  let portPart: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1)
      return fail('origin-invalid-ipv6', 'has an unterminated IPv6 address', 'write it as "[::1]"');
    hostPart = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      return fail('origin-invalid-ipv6', 'has junk after the IPv6 address', 'write scheme://[address]:port');
    portPart = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    hostPart = colon === -1 ? authority : authority.slice(0, colon);
    portPart = colon === -1 ? undefined : authority.slice(colon + 1);
  }
  const port = parsePort(scheme, portPart, `${scheme}://${hostPart}`);
  if (typeof port === 'object' && port !== null) return port;
  return parseHost(entry, scheme, hostPart, port);
}

function parsePort(
  scheme: string,
  portPart: string | undefined,
  bare: string,
): number | '*' | null | ParsedOriginEntry {
  if (portPart === undefined) return null;
  if (portPart === '*') return '*';
  if (!PORT_RE.test(portPart) || Number(portPart) > 65535)
    return fail(
      'origin-invalid-port',
      `"${portPart}" is not a valid port`,
      'a port is 1..65535 without leading zeros, or "*" for any port',
    );
  const port = Number(portPart);
  if (DEFAULT_PORTS[scheme] === port)
    return fail(
      'origin-default-port',
      `has the default port ${port} of ${scheme}`,
      `browsers omit it: "${bare}"`,
    );
  return port;
}

function parseHost(
  entry: string,
  scheme: string,
  hostPart: string,
  port: number | '*' | null,
): ParsedOriginEntry {
  let host = hostPart;
  let subdomains = false;
  if (host === '*' || host === '*.')
    return fail(
      'origin-matches-every-host',
      'matches every host',
      'list the origins, or use origins: "*" if you mean it',
    );
  if (host.startsWith('*.')) {
    subdomains = true;
    host = host.slice(2);
  }
  if (host.includes('*'))
    return fail(
      'origin-misplaced-wildcard',
      'has "*" somewhere other than a leading "*." label',
      'write "https://*.example.com" for subdomains, ":*" for any port',
    );
  if (host === '')
    return fail('origin-empty-host', 'has an empty host', 'for example "https://app.example.com"');
  if (host !== host.toLowerCase()) {
    const fixed = entry.replace(hostPart, hostPart.toLowerCase());
    return fail('origin-host-case', 'host must be lower case', `browsers send "${fixed}"`);
  }
  const hostProblem = host.startsWith('[') ? checkIpv6(scheme, host) : checkDomainOrIpv4(scheme, host);
  if (hostProblem) return hostProblem;
  if (subdomains && (host.startsWith('[') || isIpv4(host)))
    return fail(
      'origin-wildcard-ip',
      'puts "*." in front of an IP address',
      'IP addresses have no subdomains: list each origin',
    );
  const portSuffix = port === null ? '' : `:${port}`;
  if (!subdomains && port !== '*') return { ok: true, kind: 'exact', origin: entry, scheme, host };
  const source = `${scheme}://${subdomains ? '*.' : ''}${host}${portSuffix}`;
  return { ok: true, kind: 'pattern', spec: Object.freeze({ source, scheme, host, subdomains, port }) };
}

function checkIpv6(scheme: string, host: string): ParsedOriginEntry | undefined {
  let canonical: string | undefined;
  try {
    canonical = new URL(`http://${host}`).hostname;
  } catch {
    return fail(
      'origin-invalid-ipv6',
      `"${host}" is not a valid IPv6 address`,
      'write it as a bracketed address, e.g. "[::1]"',
    );
  }
  const mapped = ipv4Mapped(canonical);
  if (mapped !== undefined)
    return fail(
      'origin-ipv4-mapped-ipv6',
      `"${host}" is an IPv4-mapped IPv6 address, which never matches`,
      `browsers serialise the page's host as the IPv4 address it was loaded from: write "${scheme}://${mapped}"`,
    );
  if (canonical !== host)
    return fail(
      'origin-non-canonical-host',
      `IPv6 address is not in canonical form`,
      `browsers send "${canonical}"`,
    );
  return undefined;
}

function checkDomainOrIpv4(scheme: string, host: string): ParsedOriginEntry | undefined {
  if (host.length > 253)
    return fail('origin-host-too-long', 'host is longer than 253 characters', 'no DNS name is that long');
  for (const label of host.split('.')) {
    if (label === '')
      return fail(
        'origin-empty-label',
        'host has an empty label (".." or a leading/trailing dot)',
        'remove the extra dot',
      );
    if (label.length > 63)
      return fail(
        'origin-label-too-long',
        `host label "${label.slice(0, 20)}…" is longer than 63 characters`,
        'DNS labels are at most 63 characters',
      );
    if (!LABEL_RE.test(label))
      return fail(
        'origin-invalid-host',
        `host label "${label}" has characters a host name cannot have`,
        'use letters, digits and inner hyphens only',
      );
  }
  if (!SPECIAL_SCHEMES.has(scheme)) return undefined;
  // The WHATWG URL parser is the final arbiter for special schemes: it rejects bad punycode
  // (IDNA) and rewrites non-canonical IPv4 (`0x7f.1`), which an Origin header never carries.
  let canonical: string;
  try {
    canonical = new URL(`${scheme}://${host}`).hostname;
  } catch {
    return fail(
      'origin-invalid-host',
      `host "${host}" is not a valid IDNA host name (bad punycode?)`,
      'write non-ASCII names in their punycode form, e.g. "xn--mnchen-3ya.de"',
    );
  }
  if (canonical !== host)
    return fail(
      'origin-non-canonical-host',
      `host "${host}" is not in canonical form`,
      `browsers send "${canonical}"`,
    );
  return undefined;
}

/** `[::ffff:7f00:1]` (the canonical form of `[::ffff:127.0.0.1]`) → `127.0.0.1`; else undefined. */
function ipv4Mapped(canonical: string): string | undefined {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(canonical);
  if (!m) return undefined;
  const hi = Number.parseInt(m[1]!, 16);
  const lo = Number.parseInt(m[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isIpv4(host: string): boolean {
  return /^(?:\d{1,3}\.){3}\d{1,3}$/.test(host);
}

function nonAsciiHint(entry: string): string {
  try {
    const url = new URL(entry);
    if (url.origin !== 'null') return `browsers send the punycode form: "${url.origin}"`;
  } catch {
    // fall through to the generic hint
  }
  return 'write the host in its punycode (xn--) form';
}

function firstIndexOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return -1;
}

/** True for hosts that are loopback by definition, where `http://` cannot be intercepted. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
