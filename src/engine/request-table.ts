// The shared request table: one list of (policy, request, expected response) cases that the
// engine, every adapter, the gateway and the config generators are all tested against.
// Policies here are plain JSON (no predicates or RegExps) so generators can use them too.
import type { RefusalReason, SyncPolicyOptions } from '../policy/types.js';
import { CORS_RESPONSE_HEADERS, VARY_ACTUAL, VARY_PREFLIGHT } from './decision-headers.js';

/** The CORS response headers every case states, present (a value) or absent (null). */
export { CORS_RESPONSE_HEADERS };

export type CorsResponseHeaderName = (typeof CORS_RESPONSE_HEADERS)[number];

export type RequestTableTag =
  | 'actual'
  | 'preflight'
  | 'options-not-preflight'
  | 'no-origin'
  | 'exact'
  | 'subdomain'
  | 'any-port'
  | 'wildcard'
  | 'credentials'
  | 'null-origin'
  | 'refused'
  | 'malformed'
  /** The request carries two Origin header lines: send `headers.origin` as an array. */
  | 'multiple-origin'
  /** The request has a byte above 0x7f in a header (sent as latin1). */
  | 'non-ascii'
  | 'expose-headers'
  | 'max-age'
  | 'private-network'
  | 'preflight-status'
  /** `priorVary` is set: the response already has a Vary header before CORS runs. */
  | 'prior-vary'
  | 'hostile';

export interface RequestTableCase {
  readonly name: string;
  readonly policy: SyncPolicyOptions;
  readonly request: {
    readonly method: string;
    /** Lower-case names. An array value means that header appears on several lines. */
    readonly headers: Readonly<Record<string, string | readonly string[]>>;
  };
  /** A Vary value the application put on the response before the CORS layer ran. */
  readonly priorVary?: string;
  readonly expected: {
    readonly kind: 'none' | 'actual' | 'preflight';
    readonly allowed: boolean;
    readonly reason?: RefusalReason;
    /** Set when the CORS layer ends the response itself (every preflight); absent: it goes on to the app. */
    readonly status?: number;
    /** Every CORS response header, by lower-case name: its exact value, or null when it must be absent. */
    readonly headers: Readonly<Record<CorsResponseHeaderName, string | null>>;
    /** The whole final Vary header ('' = no Vary header). */
    readonly vary: string;
  };
  readonly tags: readonly RequestTableTag[];
}

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

const exact: SyncPolicyOptions = { origins: [APP, 'http://localhost:3000'] };
const credentialed: SyncPolicyOptions = {
  origins: [APP],
  credentials: true,
  methods: ['PUT', 'DELETE'],
  requestHeaders: ['x-token', 'content-type', 'authorization'],
  exposeHeaders: ['x-request-id', 'etag'],
  maxAge: 600,
};
const subdomains: SyncPolicyOptions = { origins: ['https://*.example.com'] };
const anyPort: SyncPolicyOptions = { origins: ['http://localhost:*'] };
const wildcard: SyncPolicyOptions = { origins: '*', methods: '*', requestHeaders: '*', exposeHeaders: '*' };
const wildcardAuthorization: SyncPolicyOptions = { origins: '*', requestHeaders: ['*', 'authorization'] };
const withNull: SyncPolicyOptions = { origins: ['null', APP] };
const privateNetwork: SyncPolicyOptions = {
  origins: [APP],
  privateNetwork: true,
  preflightStatus: 200,
  maxAge: 0,
};
const patchOnly: SyncPolicyOptions = { origins: [APP], methods: ['PATCH'], requestHeaders: ['x-a', 'x-b'] };

type Expected = RequestTableCase['expected'];
type ExpectedDraft = Omit<Expected, 'headers'> & {
  headers?: { readonly [K in CorsResponseHeaderName]?: string };
};

function fill(e: ExpectedDraft): Expected {
  const headers = Object.fromEntries(
    CORS_RESPONSE_HEADERS.map((n) => [n, e.headers?.[n] ?? null]),
  ) as Expected['headers'];
  return { ...e, headers };
}

function get(
  name: string,
  policy: SyncPolicyOptions,
  origin: string | readonly string[] | null,
  e: ExpectedDraft,
  tags: RequestTableTag[],
  extra: Record<string, string> = {},
): RequestTableCase {
  const headers = origin === null ? { ...extra } : { origin, ...extra };
  return { name, policy, request: { method: 'GET', headers }, expected: fill(e), tags };
}

function preflight(
  name: string,
  policy: SyncPolicyOptions,
  origin: string | readonly string[],
  method: string,
  requestHeaders: string | null,
  e: ExpectedDraft,
  tags: RequestTableTag[],
  extra: Record<string, string> = {},
): RequestTableCase {
  const headers: Record<string, string | readonly string[]> = {
    origin,
    'access-control-request-method': method,
    ...extra,
  };
  if (requestHeaders !== null) headers['access-control-request-headers'] = requestHeaders;
  return {
    name,
    policy,
    request: { method: 'OPTIONS', headers },
    expected: fill(e),
    tags: ['preflight', ...tags],
  };
}

const allowedGet = (origin: string): ExpectedDraft => ({
  kind: 'actual',
  allowed: true,
  headers: { 'access-control-allow-origin': origin },
  vary: VARY_ACTUAL,
});
const refusedGet = (reason: RefusalReason = 'origin-not-allowed'): ExpectedDraft => ({
  kind: 'actual',
  allowed: false,
  reason,
  vary: VARY_ACTUAL,
});
const refusedPreflight = (reason: RefusalReason): ExpectedDraft => ({
  kind: 'preflight',
  allowed: false,
  reason,
  status: 403,
  vary: VARY_PREFLIGHT,
});
const wildcardGet: ExpectedDraft = {
  kind: 'actual',
  allowed: true,
  headers: { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' },
  vary: '',
};

const actualCases: RequestTableCase[] = [
  get('exact origin allowed', exact, APP, allowedGet(APP), ['actual', 'exact']),
  get('second exact origin allowed', exact, 'http://localhost:3000', allowedGet('http://localhost:3000'), [
    'actual',
    'exact',
  ]),
  get('unlisted origin refused', exact, EVIL, refusedGet(), ['actual', 'exact', 'refused']),
  get('suffix attack refused', exact, 'https://app.example.com.evil.net', refusedGet(), [
    'actual',
    'exact',
    'refused',
    'hostile',
  ]),
  get('prefix attack refused', exact, 'https://evilapp.example.com', refusedGet(), [
    'actual',
    'exact',
    'refused',
    'hostile',
  ]),
  get('http twin of an https origin refused', exact, 'http://app.example.com', refusedGet(), [
    'actual',
    'exact',
    'refused',
  ]),
  get('other port refused', exact, 'https://app.example.com:8443', refusedGet(), [
    'actual',
    'exact',
    'refused',
  ]),
  get('other localhost port refused', exact, 'http://localhost:3001', refusedGet(), [
    'actual',
    'exact',
    'refused',
  ]),
  get(
    'no Origin: no CORS headers, still Vary',
    exact,
    null,
    { kind: 'none', allowed: false, vary: VARY_ACTUAL },
    ['actual', 'no-origin'],
  ),
  get(
    'credentials: exact origin, ACAC and ACEH',
    credentialed,
    APP,
    {
      kind: 'actual',
      allowed: true,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'etag, x-request-id',
      },
      vary: VARY_ACTUAL,
    },
    ['actual', 'exact', 'credentials', 'expose-headers'],
  ),
  get('credentials: refused origin gets nothing', credentialed, EVIL, refusedGet(), [
    'actual',
    'credentials',
    'refused',
  ]),
  get('subdomain allowed', subdomains, 'https://api.example.com', allowedGet('https://api.example.com'), [
    'actual',
    'subdomain',
  ]),
  get(
    'deep subdomain allowed',
    subdomains,
    'https://a.b.example.com',
    allowedGet('https://a.b.example.com'),
    ['actual', 'subdomain'],
  ),
  get('apex not covered by *.', subdomains, 'https://example.com', refusedGet(), [
    'actual',
    'subdomain',
    'refused',
  ]),
  get('subdomain pattern: other scheme refused', subdomains, 'http://api.example.com', refusedGet(), [
    'actual',
    'subdomain',
    'refused',
  ]),
  get('subdomain pattern: explicit port refused', subdomains, 'https://api.example.com:8443', refusedGet(), [
    'actual',
    'subdomain',
    'refused',
  ]),
  get('subdomain pattern: unanchored suffix refused', subdomains, 'https://evilexample.com', refusedGet(), [
    'actual',
    'subdomain',
    'refused',
    'hostile',
  ]),
  get(
    'subdomain pattern: suffix attack refused',
    subdomains,
    'https://api.example.com.evil.net',
    refusedGet(),
    ['actual', 'subdomain', 'refused', 'hostile'],
  ),
  get('any port: a port', anyPort, 'http://localhost:5173', allowedGet('http://localhost:5173'), [
    'actual',
    'any-port',
  ]),
  get('any port: no port', anyPort, 'http://localhost', allowedGet('http://localhost'), [
    'actual',
    'any-port',
  ]),
  get('any port: other host refused', anyPort, 'http://127.0.0.1:5173', refusedGet(), [
    'actual',
    'any-port',
    'refused',
  ]),
  get('any port: other scheme refused', anyPort, 'https://localhost:5173', refusedGet(), [
    'actual',
    'any-port',
    'refused',
  ]),
  get('any port: subdomain refused', anyPort, 'http://a.localhost:5173', refusedGet(), [
    'actual',
    'any-port',
    'refused',
  ]),
  get('wildcard: any origin gets *', wildcard, EVIL, wildcardGet, ['actual', 'wildcard']),
  get('wildcard: no Origin still gets * (no Vary needed)', wildcard, null, { ...wildcardGet, kind: 'none' }, [
    'actual',
    'wildcard',
    'no-origin',
  ]),
  get('wildcard: null origin gets *', wildcard, 'null', wildcardGet, ['actual', 'wildcard', 'null-origin']),
  get('null allowed when listed', withNull, 'null', allowedGet('null'), ['actual', 'null-origin']),
  get('null refused when not listed', exact, 'null', refusedGet(), ['actual', 'null-origin', 'refused']),
  get('trailing slash is malformed', exact, `${APP}/`, refusedGet('malformed-origin'), [
    'actual',
    'malformed',
    'refused',
  ]),
  get('upper-case origin is malformed', exact, 'HTTPS://APP.EXAMPLE.COM', refusedGet('malformed-origin'), [
    'actual',
    'malformed',
    'refused',
  ]),
  get('comma-joined origins are malformed', exact, `${APP}, ${EVIL}`, refusedGet('malformed-origin'), [
    'actual',
    'malformed',
    'refused',
    'hostile',
  ]),
  get('two Origin lines are malformed', exact, [APP, EVIL], refusedGet('malformed-origin'), [
    'actual',
    'malformed',
    'refused',
    'multiple-origin',
    'hostile',
  ]),
  get(
    'two Origin lines, pattern policy',
    subdomains,
    ['https://a.example.com', 'https://b.example.com'],
    refusedGet('malformed-origin'),
    ['actual', 'malformed', 'refused', 'multiple-origin', 'hostile'],
  ),
  get(
    'non-ASCII origin is malformed',
    subdomains,
    'https://\u00e4.example.com',
    refusedGet('malformed-origin'),
    ['actual', 'malformed', 'refused', 'non-ascii', 'hostile'],
  ),
  get(
    'over-long origin is malformed',
    subdomains,
    `https://${'a'.repeat(400)}.example.com`,
    refusedGet('malformed-origin'),
    ['actual', 'malformed', 'refused', 'hostile'],
  ),
  get('empty Origin is malformed', exact, '', refusedGet('malformed-origin'), [
    'actual',
    'malformed',
    'refused',
  ]),
  get(
    'origin with path is malformed',
    subdomains,
    'https://a.example.com/x',
    refusedGet('malformed-origin'),
    ['actual', 'malformed', 'refused'],
  ),
  get(
    'origin with userinfo is malformed',
    subdomains,
    'https://u@a.example.com',
    refusedGet('malformed-origin'),
    ['actual', 'malformed', 'refused', 'hostile'],
  ),
  {
    name: 'OPTIONS without Access-Control-Request-Method is an ordinary request',
    policy: exact,
    request: { method: 'OPTIONS', headers: { origin: APP } },
    expected: fill({ ...allowedGet(APP), vary: VARY_PREFLIGHT }),
    tags: ['options-not-preflight', 'exact'],
  },
  {
    name: 'OPTIONS without Origin passes through',
    policy: exact,
    request: { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } },
    expected: fill({ kind: 'none', allowed: false, vary: VARY_PREFLIGHT }),
    tags: ['options-not-preflight', 'no-origin'],
  },
  {
    name: 'POST from an allowed origin',
    policy: exact,
    request: { method: 'POST', headers: { origin: APP, 'content-type': 'text/plain' } },
    expected: fill(allowedGet(APP)),
    tags: ['actual', 'exact'],
  },
];

const preflightCases: RequestTableCase[] = [
  preflight(
    'allowed: method, headers, credentials, max-age',
    credentialed,
    APP,
    'PUT',
    'x-token',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'PUT',
        'access-control-allow-headers': 'x-token',
        'access-control-max-age': '600',
      },
      vary: VARY_PREFLIGHT,
    },
    ['exact', 'credentials', 'max-age'],
  ),
  preflight(
    'allowed: several headers echoed lower-case',
    credentialed,
    APP,
    'DELETE',
    'Content-Type,X-Token,authorization',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'DELETE',
        'access-control-allow-headers': 'content-type, x-token, authorization',
        'access-control-max-age': '600',
      },
      vary: VARY_PREFLIGHT,
    },
    ['exact', 'credentials', 'max-age'],
  ),
  preflight(
    'allowed: safelisted method with a header',
    credentialed,
    APP,
    'POST',
    'content-type',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      },
      vary: VARY_PREFLIGHT,
    },
    ['exact', 'credentials', 'max-age'],
  ),
  preflight(
    'allowed: safelisted method, no headers, minimal policy',
    exact,
    APP,
    'GET',
    null,
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: { 'access-control-allow-origin': APP, 'access-control-allow-methods': 'GET' },
      vary: VARY_PREFLIGHT,
    },
    ['exact'],
  ),
  preflight(
    'refused origin: 403, no CORS headers',
    credentialed,
    EVIL,
    'PUT',
    'x-token',
    refusedPreflight('origin-not-allowed'),
    ['refused', 'credentials'],
  ),
  preflight('refused method', credentialed, APP, 'PATCH', null, refusedPreflight('method-not-allowed'), [
    'refused',
    'exact',
  ]),
  preflight(
    'refused method: none configured',
    exact,
    APP,
    'DELETE',
    null,
    refusedPreflight('method-not-allowed'),
    ['refused', 'exact'],
  ),
  preflight(
    'refused method: methods are case-sensitive',
    patchOnly,
    APP,
    'patch',
    null,
    refusedPreflight('method-not-allowed'),
    ['refused', 'exact'],
  ),
  preflight(
    'refused header',
    credentialed,
    APP,
    'PUT',
    'x-token,x-other',
    refusedPreflight('header-not-allowed'),
    ['refused', 'exact'],
  ),
  preflight(
    'refused header: none configured',
    exact,
    APP,
    'POST',
    'x-token',
    refusedPreflight('header-not-allowed'),
    ['refused', 'exact'],
  ),
  preflight(
    'allowed: case-sensitive method matches',
    patchOnly,
    APP,
    'PATCH',
    'x-b, x-a',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-methods': 'PATCH',
        'access-control-allow-headers': 'x-b, x-a',
      },
      vary: VARY_PREFLIGHT,
    },
    ['exact'],
  ),
  preflight(
    'subdomain preflight allowed',
    { ...subdomains, methods: ['PUT'] },
    'https://api.example.com',
    'PUT',
    null,
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': 'https://api.example.com',
        'access-control-allow-methods': 'PUT',
      },
      vary: VARY_PREFLIGHT,
    },
    ['subdomain'],
  ),
  preflight(
    'subdomain preflight: apex refused',
    { ...subdomains, methods: ['PUT'] },
    'https://example.com',
    'PUT',
    null,
    refusedPreflight('origin-not-allowed'),
    ['subdomain', 'refused'],
  ),
  preflight(
    'wildcard preflight',
    wildcard,
    EVIL,
    'PATCH',
    'x-foo',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'PATCH',
        'access-control-allow-headers': '*',
      },
      vary: VARY_PREFLIGHT,
    },
    ['wildcard'],
  ),
  preflight(
    'wildcard headers never cover authorization',
    wildcard,
    EVIL,
    'GET',
    'authorization',
    refusedPreflight('header-not-allowed'),
    ['wildcard', 'refused'],
  ),
  preflight(
    'authorization listed next to *',
    wildcardAuthorization,
    EVIL,
    'GET',
    'authorization,x-foo',
    {
      kind: 'preflight',
      allowed: true,
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': 'authorization, x-foo',
      },
      vary: VARY_PREFLIGHT,
    },
    ['wildcard'],
  ),
  preflight(
    'private network allowed, status 200, max-age 0',
    privateNetwork,
    APP,
    'GET',
    null,
    {
      kind: 'preflight',
      allowed: true,
      status: 200,
      headers: {
        'access-control-allow-origin': APP,
        'access-control-allow-methods': 'GET',
        'access-control-max-age': '0',
        'access-control-allow-private-network': 'true',
      },
      vary: VARY_PREFLIGHT,
    },
    ['exact', 'private-network', 'preflight-status', 'max-age'],
    { 'access-control-request-private-network': 'true' },
  ),
  preflight(
    'private network refused when not enabled',
    exact,
    APP,
    'GET',
    null,
    refusedPreflight('private-network-not-allowed'),
    ['exact', 'private-network', 'refused'],
    { 'access-control-request-private-network': 'true' },
  ),
  preflight(
    'malformed origin on a preflight',
    exact,
    `${APP}/`,
    'GET',
    null,
    refusedPreflight('malformed-origin'),
    ['malformed', 'refused'],
  ),
  preflight(
    'two Origin lines on a preflight',
    exact,
    [APP, APP],
    'GET',
    null,
    refusedPreflight('malformed-origin'),
    ['malformed', 'refused', 'multiple-origin', 'hostile'],
  ),
  preflight('malformed method', credentialed, APP, 'PUT X', null, refusedPreflight('malformed-preflight'), [
    'malformed',
    'refused',
    'hostile',
  ]),
  preflight(
    'thousands of requested headers are bounded',
    wildcard,
    EVIL,
    'GET',
    Array.from({ length: 2000 }, (_, i) => `x-h${i}`).join(','),
    refusedPreflight('malformed-preflight'),
    ['wildcard', 'malformed', 'refused', 'hostile'],
  ),
  preflight(
    'malformed header name',
    credentialed,
    APP,
    'PUT',
    'x-token, x(bad)',
    refusedPreflight('malformed-preflight'),
    ['malformed', 'refused', 'hostile'],
  ),
];

function byName(name: string): RequestTableCase {
  const found = actualCases.find((c) => c.name === name);
  if (!found) throw new Error(`request table: no case named ${name}`);
  return found;
}

const varyCases: RequestTableCase[] = [
  {
    ...byName('exact origin allowed'),
    name: "Vary merged with the app's Vary",
    priorVary: 'Accept-Encoding',
    expected: fill({ ...allowedGet(APP), vary: 'Accept-Encoding, Origin' }),
    tags: ['actual', 'exact', 'prior-vary'],
  },
  {
    ...byName('unlisted origin refused'),
    name: 'Vary merged on a refused origin',
    priorVary: 'Accept-Encoding',
    expected: fill({ ...refusedGet(), vary: 'Accept-Encoding, Origin' }),
    tags: ['actual', 'refused', 'prior-vary'],
  },
  {
    ...byName('exact origin allowed'),
    name: 'Vary: Origin already present is not duplicated',
    priorVary: 'origin',
    expected: fill({ ...allowedGet(APP), vary: 'origin' }),
    tags: ['actual', 'exact', 'prior-vary'],
  },
  {
    ...byName('exact origin allowed'),
    name: 'Vary: * stays as it is',
    priorVary: '*',
    expected: fill({ ...allowedGet(APP), vary: '*' }),
    tags: ['actual', 'exact', 'prior-vary'],
  },
  {
    ...byName('wildcard: any origin gets *'),
    name: "wildcard leaves the app's Vary alone",
    priorVary: 'Accept-Encoding',
    expected: fill({ ...wildcardGet, vary: 'Accept-Encoding' }),
    tags: ['actual', 'wildcard', 'prior-vary'],
  },
];

/** Every case; names are unique. */
export const requestTable: readonly RequestTableCase[] = Object.freeze([
  ...actualCases,
  ...preflightCases,
  ...varyCases,
]);
