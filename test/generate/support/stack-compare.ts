// Where a framework's CORS library answers differently from the engine, this decides whether the
// difference matters to a browser, and sorts it into a named kind so each stack's explanation list
// can account for every one. The one comparison of the stack parity runs (a later `verify` can
// replace `compare` below without touching the test).
//
// The browser check follows the Fetch Standard's CORS check and CORS-preflight fetch: a response
// grants a request when its Access-Control-Allow-Origin is exactly `*` (without credentials) or
// the origin, Access-Control-Allow-Credentials is `true` when credentials are included, and for a
// preflight the status is ok and the method and every requested header are allowed.
import type { RequestTableCase } from '../../../src/engine/request-table.js';
import type { CorsDecision } from '../../../src/policy/types.js';
import type { WireResponse } from './cors-compare.js';

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

function one(lines: Map<string, string[]>, name: string): string | undefined {
  const v = lines.get(name);
  return v && v.length === 1 ? v[0]!.trim() : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** What a browser at `origin` would be allowed to do with this response, with and without credentials. */
export interface BrowserGrant {
  readonly plain: boolean;
  readonly credentialed: boolean;
  /** Response header names a script may read (lower-case; `*` only without credentials). */
  readonly exposed: readonly string[];
}

function originGranted(lines: Map<string, string[]>, origin: string, credentials: boolean): boolean {
  const acao = one(lines, 'access-control-allow-origin');
  if (acao === undefined) return false;
  if (acao === '*') return !credentials;
  if (acao !== origin) return false;
  return !credentials || lines.get('access-control-allow-credentials')?.[0] === 'true';
}

function preflightGranted(
  c: RequestTableCase,
  res: Pick<WireResponse, 'status' | 'lines'>,
  origin: string,
  credentials: boolean,
): boolean {
  if (res.status < 200 || res.status > 299 || !originGranted(res.lines, origin, credentials)) return false;
  const h = c.request.headers;
  const method = String(h['access-control-request-method'] ?? '');
  const methods = list(one(res.lines, 'access-control-allow-methods'));
  const methodOk =
    SAFELISTED_METHODS.has(method) || methods.includes(method) || (!credentials && methods.includes('*'));
  const allowed = list(one(res.lines, 'access-control-allow-headers')).map((x) => x.toLowerCase());
  const requested = list(String(h['access-control-request-headers'] ?? '')).map((x) => x.toLowerCase());
  const headersOk = requested.every(
    (name) => allowed.includes(name) || (!credentials && allowed.includes('*') && name !== 'authorization'),
  );
  const pnaOk =
    h['access-control-request-private-network'] !== 'true' ||
    one(res.lines, 'access-control-allow-private-network') === 'true';
  return methodOk && headersOk && pnaOk;
}

export function browserGrant(c: RequestTableCase, res: Pick<WireResponse, 'status' | 'lines'>): BrowserGrant {
  const rawOrigin = c.request.headers.origin;
  // Several Origin lines are compared as the server saw them joined; no browser sends that.
  const origin = Array.isArray(rawOrigin) ? rawOrigin.join(', ') : (rawOrigin as string | undefined);
  if (origin === undefined) return { plain: false, credentialed: false, exposed: [] };
  const isPreflight =
    c.request.method === 'OPTIONS' && c.request.headers['access-control-request-method'] !== undefined;
  const check = (cred: boolean): boolean =>
    isPreflight ? preflightGranted(c, res, origin, cred) : originGranted(res.lines, origin, cred);
  const plain = check(false);
  const credentialed = check(true);
  // Exposure applies to the response a script reads, never to a preflight.
  const exposed =
    !isPreflight && (plain || credentialed)
      ? list(one(res.lines, 'access-control-expose-headers')).map((x) => x.toLowerCase())
      : [];
  return { plain, credentialed, exposed };
}

/** The engine's decision as a wire response, for browserGrant. */
export function decisionAsWire(
  decision: CorsDecision,
  upstreamStatus: number,
): Pick<WireResponse, 'status' | 'lines'> {
  const lines = new Map<string, string[]>();
  for (const [n, v] of decision.headers)
    lines.set(n.toLowerCase(), [...(lines.get(n.toLowerCase()) ?? []), v]);
  return { status: decision.status ?? upstreamStatus, lines };
}

/**
 * Ways the library grants more than the engine: each is a failure, whatever the explanations say.
 * Exposure is compared by name (`*` exposes everything to a request without credentials).
 */
export function morePermissive(library: BrowserGrant, engine: BrowserGrant): string[] {
  const out: string[] = [];
  if (library.plain && !engine.plain)
    out.push('the browser would allow it (no credentials); the engine refuses');
  if (library.credentialed && !engine.credentialed)
    out.push('the browser would allow it with credentials; the engine refuses');
  const engineAll = engine.exposed.includes('*');
  for (const name of library.exposed)
    if (!engineAll && !engine.exposed.includes(name)) out.push(`exposes ${name}, the engine does not`);
  return out;
}

/** The kind of one compare() difference: the header (or status/Vary) and how it differs. */
export function diffKind(c: RequestTableCase, diff: string): string {
  const isPreflight =
    c.request.method === 'OPTIONS' &&
    c.request.headers.origin !== undefined &&
    c.request.headers['access-control-request-method'] !== undefined;
  const on = isPreflight ? 'preflight' : c.request.method === 'OPTIONS' ? 'options' : 'actual';
  if (diff.startsWith('status ')) return `${on}: status`;
  if (diff.startsWith('Vary')) return `${on}: vary`;
  const m = /^(access-control-[a-z-]+)(?::| sent)/.exec(diff);
  if (!m) return `${on}: other`;
  const how = diff.includes(' sent ')
    ? 'repeated'
    : /, engine: absent$/.test(diff)
      ? 'extra'
      : /: absent, engine/.test(diff)
        ? 'missing'
        : 'differs';
  return `${on}: ${m[1]} ${how}`;
}
