// Validation and normalisation of PolicyOptions into a CompiledPolicyConfig. Every problem is
// collected (never the first only), each with a path, a message and a hint.
import { closestName } from './did-you-mean.js';
import {
  FORBIDDEN_METHODS,
  FORBIDDEN_RESPONSE_HEADERS,
  isForbiddenRequestHeader,
  NORMALIZED_METHODS,
  SAFELISTED_METHODS,
  SAFELISTED_RESPONSE_HEADERS,
} from './fetch-names.js';
import { isToken } from './http-token.js';
import type { PolicyIssueCode } from './issue-codes.js';
import { isLoopbackHost, parseOriginEntry } from './origin-syntax.js';
import { isPublicSuffix } from './public-suffix.js';
import { checkOriginRegExp, unescapedDotWarning } from './regexp-origin.js';
import type { CompiledPolicyConfig, OriginPatternSpec, OriginPredicate, PolicyIssue } from './types.js';

/** Above this Chromium silently caps Access-Control-Max-Age (Firefox caps at 86400). */
export const CHROMIUM_MAX_AGE_CAP = 7200;
export const MAX_AGE_LIMIT = 86400;

const KNOWN_KEYS = new Set([
  'origins',
  'credentials',
  'methods',
  'requestHeaders',
  'exposeHeaders',
  'maxAge',
  'privateNetwork',
  'preflightStatus',
]);

/** Everything the engine needs, beyond the serialisable config. */
export interface CompiledPolicyParts {
  readonly config: CompiledPolicyConfig;
  readonly regexps: readonly RegExp[];
  readonly predicate: OriginPredicate | undefined;
  readonly warnings: readonly PolicyIssue[];
}

class IssueList {
  readonly items: PolicyIssue[] = [];
  error(code: PolicyIssueCode, path: string, message: string, hint: string): void {
    this.items.push(Object.freeze({ code, path, message, hint, severity: 'error' as const }));
  }
  warn(code: PolicyIssueCode, path: string, message: string, hint: string): void {
    this.items.push(Object.freeze({ code, path, message, hint, severity: 'warning' as const }));
  }
  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === 'error');
  }
}

/** Checks a policy from code or a file. Never throws; returns errors and warnings. */
export function validatePolicy(options: unknown): { issues: PolicyIssue[] } {
  return { issues: compilePolicyOptions(options).issues };
}

export function compilePolicyOptions(options: unknown): {
  issues: PolicyIssue[];
  parts: CompiledPolicyParts | undefined;
} {
  const issues = new IssueList();
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    issues.error(
      'policy-not-object',
      '',
      'a policy must be an object',
      'for example { "origins": ["https://app.example.com"] }',
    );
    return { issues: issues.items, parts: undefined };
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) {
      const suggestion = closestName(key, KNOWN_KEYS);
      const known = `known options: ${[...KNOWN_KEYS].join(', ')}`;
      issues.error(
        'unknown-option',
        key,
        `unknown option "${key}"`,
        suggestion ? `did you mean "${suggestion}"? (${key} → ${suggestion}); ${known}` : known,
      );
    }
  }
  const credentials = readBoolean(issues, o, 'credentials');
  const origins = compileOrigins(issues, o.origins, credentials);
  const methods = compileMethods(issues, o.methods, credentials);
  const requestHeaders = compileRequestHeaders(issues, o.requestHeaders, credentials);
  const exposeHeaders = compileExposeHeaders(issues, o.exposeHeaders, credentials);
  const maxAge = compileMaxAge(issues, o.maxAge);
  const privateNetwork = readBoolean(issues, o, 'privateNetwork');
  const preflightStatus = compilePreflightStatus(issues, o.preflightStatus);
  if (issues.hasErrors || !origins) return { issues: issues.items, parts: undefined };
  const config: CompiledPolicyConfig = Object.freeze({
    origins: origins.config,
    credentials,
    methods,
    requestHeaders: requestHeaders.names,
    ...(requestHeaders.authorization ? { allowAuthorizationWithWildcard: true } : {}),
    exposeHeaders,
    maxAge,
    privateNetwork,
    preflightStatus,
  });
  const warnings = Object.freeze(issues.items.filter((i) => i.severity === 'warning'));
  return {
    issues: issues.items,
    parts: Object.freeze({ config, regexps: origins.regexps, predicate: origins.predicate, warnings }),
  };
}

function readBoolean(issues: IssueList, o: Record<string, unknown>, key: string): boolean {
  const v = o[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') {
    issues.error(
      'invalid-boolean',
      key,
      `must be true or false, got ${describe(v)}`,
      `write "${key}": ${v === 'true' || v === 1}`,
    );
    return false;
  }
  return v;
}

interface CompiledOrigins {
  config: CompiledPolicyConfig['origins'];
  regexps: readonly RegExp[];
  predicate: OriginPredicate | undefined;
}

function compileOrigins(
  issues: IssueList,
  value: unknown,
  credentials: boolean,
): CompiledOrigins | undefined {
  if (value === undefined) {
    issues.error(
      'origins-required',
      'origins',
      'is required',
      'list the origins allowed to read responses, e.g. ["https://app.example.com"]',
    );
    return undefined;
  }
  if (value === '*') {
    if (credentials)
      issues.error(
        'wildcard-with-credentials',
        'origins',
        '"*" cannot be combined with credentials: true',
        'browsers reject "Access-Control-Allow-Origin: *" on credentialed requests; list the trusted origins instead',
      );
    return { config: '*', regexps: [], predicate: undefined };
  }
  if (typeof value === 'function') {
    const config = Object.freeze({ exact: [], patterns: [], allowNull: false, custom: true });
    return { config, regexps: [], predicate: value as OriginPredicate };
  }
  if (typeof value === 'string') {
    issues.error('origins-not-a-list', 'origins', 'must be "*" or a list', `write ["${value}"]`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    issues.error(
      'origins-not-a-list',
      'origins',
      `must be "*", a list of origins or a function, got ${describe(value)}`,
      'e.g. ["https://app.example.com"]',
    );
    return undefined;
  }
  if (value.length === 0) {
    issues.error(
      'origins-empty',
      'origins',
      'is empty: no origin would ever be allowed',
      'list at least one origin, or remove the CORS middleware',
    );
    return undefined;
  }
  return compileOriginList(issues, value, credentials);
}

/** What the entries of an `origins` list add up to, filled entry by entry. */
interface OriginListParts {
  readonly exact: Set<string>;
  readonly patterns: Map<string, OriginPatternSpec>;
  readonly regexps: RegExp[];
  allowNull: boolean;
}

function compileOriginList(
  issues: IssueList,
  list: readonly unknown[],
  credentials: boolean,
): CompiledOrigins {
  const parts: OriginListParts = { exact: new Set(), patterns: new Map(), regexps: [], allowNull: false };
  list.forEach((entry, i) => {
    compileOriginEntry({ issues, path: `origins[${i}]`, credentials }, entry, parts);
  });
  const { exact, patterns, regexps } = parts;
  const config = Object.freeze({
    exact: Object.freeze([...exact].sort()),
    patterns: Object.freeze([...patterns.keys()].sort().map((k) => patterns.get(k)!)),
    allowNull: parts.allowNull,
    custom: regexps.length > 0,
  });
  return { config, regexps: Object.freeze(regexps), predicate: undefined };
}

interface EntryContext {
  readonly issues: IssueList;
  readonly path: string;
  readonly credentials: boolean;
}

function compileOriginEntry(at: EntryContext, entry: unknown, parts: OriginListParts): void {
  const { issues, path, credentials } = at;
  if (entry instanceof RegExp) {
    compileOriginRegExp(at, entry, parts);
    return;
  }
  if (typeof entry !== 'string') {
    issues.error(
      'origin-not-a-string',
      path,
      `must be a string, got ${describe(entry)}`,
      'e.g. "https://app.example.com"',
    );
    return;
  }
  const parsed = parseOriginEntry(entry);
  if (!parsed.ok) {
    issues.error(parsed.code, path, `"${entry}" ${parsed.message}`, parsed.hint);
    return;
  }
  if (parsed.kind === 'null') {
    parts.allowNull = true;
    checkNullOrigin(at);
    return;
  }
  const scheme = parsed.kind === 'exact' ? parsed.scheme : parsed.spec.scheme;
  const host = parsed.kind === 'exact' ? parsed.host : parsed.spec.host;
  if (credentials) checkCredentialedScheme(issues, path, entry, scheme, host);
  if (parsed.kind === 'exact') parts.exact.add(parsed.origin);
  else if (parsed.spec.subdomains && host !== 'localhost' && isPublicSuffix(host))
    issues.error(
      'origin-public-suffix-wildcard',
      path,
      `"${entry}" is too broad: "${host}" is a public suffix, so anyone can register a subdomain of it`,
      `list your own origins, e.g. "${scheme}://app.${host}" or "${scheme}://*.yourname.${host}"`,
    );
  else parts.patterns.set(parsed.spec.source, parsed.spec);
}

function compileOriginRegExp({ issues, path }: EntryContext, entry: RegExp, parts: OriginListParts): void {
  const problem = checkOriginRegExp(entry);
  if (problem) {
    issues.error(problem.code, path, problem.message, problem.hint);
    return;
  }
  const dots = unescapedDotWarning(entry);
  if (dots) issues.warn(dots.code, path, dots.message, dots.hint);
  parts.regexps.push(entry);
}

/** Any sandboxed iframe on any site sends `Origin: null`: a warning, and an error with credentials. */
function checkNullOrigin({ issues, path, credentials }: EntryContext): void {
  if (credentials)
    issues.error(
      'null-with-credentials',
      path,
      '"null" cannot be allowed with credentials: true: any sandboxed iframe on any site sends "Origin: null"',
      'remove "null", or serve those documents from an https:// origin you list',
    );
  else
    issues.warn(
      'null-origin',
      path,
      '"null" is the origin of sandboxed iframes, file: pages and cross-origin redirects: any site can produce it',
      'allow "null" only if you must serve such documents, and never with credentials-protected data',
    );
}

/** Browser-extension schemes: their origins are an extension's id, not a network location. */
const EXTENSION_SCHEMES = new Set(['chrome-extension', 'moz-extension', 'safari-web-extension']);

/**
 * With credentials only origins a network attacker cannot impersonate are allowed: https, http
 * on loopback, and browser extensions (jub0bs/cors rejects the same "insecure origins").
 */
function checkCredentialedScheme(
  issues: IssueList,
  path: string,
  entry: string,
  scheme: string,
  host: string,
): void {
  if (scheme === 'https' || EXTENSION_SCHEMES.has(scheme)) return;
  if (scheme === 'http' && isLoopbackHost(host)) return;
  if (scheme === 'http' || scheme === 'ws') {
    issues.error(
      'insecure-origin-with-credentials',
      path,
      `"${entry}" is not secure (${scheme}://) but credentials are allowed`,
      'a network attacker can impersonate a plain-HTTP origin and read credentialed responses; use https://',
    );
    return;
  }
  issues.error(
    'scheme-not-allowed-with-credentials',
    path,
    `"${entry}" has the scheme ${scheme}:, which is not allowed with credentials: true`,
    'with credentials list https:// origins, http:// on loopback, or chrome-extension:, moz-extension:, safari-web-extension: origins',
  );
}

function readList(issues: IssueList, key: string, value: unknown): readonly string[] | '*' | undefined {
  if (value === undefined) return [];
  if (value === '*') return '*';
  if (!Array.isArray(value)) {
    issues.error(
      'not-a-list',
      key,
      `must be "*" or a list of strings, got ${describe(value)}`,
      `e.g. "${key}": ["${key === 'methods' ? 'PUT' : 'x-request-id'}"]`,
    );
    return undefined;
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string') out.push(v);
    else
      issues.error(
        'not-a-string',
        `${key}[${i}]`,
        `must be a string, got ${describe(v)}`,
        'remove it or quote it',
      );
  });
  return out;
}

function wildcardWithCredentials(issues: IssueList, key: string, credentials: boolean): void {
  if (credentials)
    issues.error(
      'wildcard-with-credentials',
      key,
      '"*" cannot be used with credentials: true',
      `on credentialed requests browsers read "*" literally, as a name; list the ${key === 'methods' ? 'methods' : 'header names'}`,
    );
}

function compileMethods(issues: IssueList, value: unknown, credentials: boolean): '*' | readonly string[] {
  const list = readList(issues, 'methods', value);
  if (list === undefined) return [];
  if (list === '*' || list.includes('*')) {
    wildcardWithCredentials(issues, 'methods', credentials);
    return '*';
  }
  const out = new Set<string>();
  list.forEach((raw, i) => {
    const path = `methods[${i}]`;
    if (!isToken(raw)) {
      issues.error(
        'method-invalid',
        path,
        `"${raw}" is not a valid method name`,
        'a method is a token such as "PUT" or "PATCH", without spaces or commas',
      );
      return;
    }
    const upper = raw.toUpperCase();
    if (FORBIDDEN_METHODS.has(upper)) {
      issues.error(
        'method-forbidden',
        path,
        `"${raw}" is a forbidden method`,
        'browsers never send CONNECT, TRACE or TRACK from fetch(); remove it',
      );
      return;
    }
    if (raw !== upper && !NORMALIZED_METHODS.has(upper))
      issues.warn(
        'method-case-sensitive',
        path,
        `"${raw}" is case-sensitive and browsers send it as written`,
        `fetch() sends "${raw}" as is; most servers expect "${upper}"`,
      );
    const name = NORMALIZED_METHODS.has(upper) ? upper : raw;
    if (!SAFELISTED_METHODS.has(name)) out.add(name);
  });
  return Object.freeze([...out].sort());
}

function compileRequestHeaders(
  issues: IssueList,
  value: unknown,
  credentials: boolean,
): { names: '*' | readonly string[]; authorization: boolean } {
  const list = readList(issues, 'requestHeaders', value);
  if (list === undefined) return { names: [], authorization: false };
  const names = new Set<string>();
  const all = list === '*' ? ['*'] : list;
  all.forEach((raw, i) => {
    const path = list === '*' ? 'requestHeaders' : `requestHeaders[${i}]`;
    if (raw === '*') return;
    const name = raw.toLowerCase();
    if (!isToken(raw))
      issues.error(
        'header-invalid',
        path,
        `"${raw}" is not a valid header name`,
        'a header name is a token such as "x-request-id"',
      );
    else if (isForbiddenRequestHeader(name))
      issues.error(
        'request-header-forbidden',
        path,
        `"${raw}" is a forbidden request header`,
        'a script can never set it, so allowing it has no effect; remove it',
      );
    else if (name.startsWith('access-control-'))
      issues.error(
        'request-header-is-cors',
        path,
        `"${raw}" is a CORS response header, not a request header`,
        'remove it: scripts do not send it',
      );
    else names.add(name);
  });
  if (all.includes('*')) {
    wildcardWithCredentials(issues, 'requestHeaders', credentials);
    return { names: '*', authorization: names.has('authorization') };
  }
  return { names: Object.freeze([...names].sort()), authorization: false };
}

function compileExposeHeaders(
  issues: IssueList,
  value: unknown,
  credentials: boolean,
): '*' | readonly string[] {
  const list = readList(issues, 'exposeHeaders', value);
  if (list === undefined) return [];
  const names = new Set<string>();
  const all = list === '*' ? ['*'] : list;
  all.forEach((raw, i) => {
    const path = `exposeHeaders[${i}]`;
    if (raw === '*') return;
    const name = raw.toLowerCase();
    if (!isToken(raw))
      issues.error(
        'header-invalid',
        path,
        `"${raw}" is not a valid header name`,
        'a header name is a token such as "x-request-id"',
      );
    else if (FORBIDDEN_RESPONSE_HEADERS.has(name))
      issues.error(
        'expose-header-forbidden',
        path,
        `"${raw}" is never exposed to scripts`,
        'browsers hide Set-Cookie from scripts whatever the server says; remove it',
      );
    else if (name === 'origin')
      issues.error(
        'expose-header-is-request-header',
        path,
        '"origin" is a request header: no response carries it',
        'remove it',
      );
    else if (name.startsWith('access-control-'))
      issues.error(
        'expose-header-is-cors',
        path,
        `"${raw}" is a CORS header`,
        'exposing CORS headers is meaningless; remove it',
      );
    else if (!SAFELISTED_RESPONSE_HEADERS.has(name)) names.add(name);
  });
  if (all.includes('*')) {
    wildcardWithCredentials(issues, 'exposeHeaders', credentials);
    return '*';
  }
  return Object.freeze([...names].sort());
}

function compileMaxAge(issues: IssueList, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_AGE_LIMIT) {
    issues.error(
      'max-age-invalid',
      'maxAge',
      `must be a whole number of seconds from 0 to ${MAX_AGE_LIMIT}, got ${describe(value)}`,
      `e.g. "maxAge": ${CHROMIUM_MAX_AGE_CAP}`,
    );
    return undefined;
  }
  if (value > CHROMIUM_MAX_AGE_CAP)
    issues.warn(
      'max-age-above-chromium-cap',
      'maxAge',
      `${value} s exceeds Chromium's cap of ${CHROMIUM_MAX_AGE_CAP} s`,
      `Chromium caches preflights for at most ${CHROMIUM_MAX_AGE_CAP} s; Firefox honours up to 86400 s`,
    );
  return value;
}

function compilePreflightStatus(issues: IssueList, value: unknown): 200 | 204 {
  if (value === undefined) return 204;
  if (value === 200 || value === 204) return value;
  issues.error(
    'preflight-status-invalid',
    'preflightStatus',
    `must be 200 or 204, got ${describe(value)}`,
    'use 200 only for very old clients that mishandle 204',
  );
  return 204;
}

function describe(v: unknown): string {
  if (v instanceof RegExp) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}
