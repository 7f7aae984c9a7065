// The table of fetches verify makes, derived from the policy: every probe origin with a simple GET
// (with and without credentials), and for a few origins each side of the policy every allowed
// method, a method it does not allow, each allowed request header, a refused one and
// `authorization`. A preflighted fetch also sends its actual request directly, so a server that
// answers it generously is caught even though a browser would stop at the preflight.
import type { CompiledPolicyConfig } from '../policy/types.js';
import { type ProbeOrigin, probeOrigins } from './probe-origins.js';

export interface FetchProbe {
  readonly origin: ProbeOrigin;
  readonly method: string;
  /** Request headers the script sets (names lower-case). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly credentials: boolean;
}

/** Raw requests a browser never sends on its own but servers still answer (no Origin, OPTIONS without ACRM). */
export interface RawProbe {
  readonly method: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly why: string;
}

export interface ProbeTable {
  readonly fetches: readonly FetchProbe[];
  readonly raw: readonly RawProbe[];
}

const CANDIDATE_METHODS = ['PUT', 'DELETE', 'PATCH'];
/** Methods no policy in practice lists; the first one the policy refuses is used. */
const REFUSED_METHOD_CANDIDATES = ['PROPFIND', 'PURGE', 'LINK', 'UNLINK'];
const REFUSED_HEADER = 'x-corskit-verify';
/** Sample fetches per side beyond the simple GETs keep the table small on big allow-lists. */
const DEEP_ORIGINS_PER_SIDE = 2;

/** content-type needs a non-safelisted value to be a CORS-unsafe header. */
function sampleValue(name: string): string {
  return name === 'content-type'
    ? 'application/json'
    : name === 'authorization'
      ? 'Bearer corskit-verify'
      : 'corskit';
}

function methodsOf(config: CompiledPolicyConfig): { allowed: string[]; refused: string | undefined } {
  if (config.methods === '*') return { allowed: CANDIDATE_METHODS, refused: undefined };
  const allowed = [...config.methods];
  const refused = [...CANDIDATE_METHODS, ...REFUSED_METHOD_CANDIDATES].find((m) => !allowed.includes(m));
  return { allowed, refused };
}

function headersOf(config: CompiledPolicyConfig): Array<readonly [string, string]> {
  const names =
    config.requestHeaders === '*'
      ? ['x-requested-with']
      : config.requestHeaders.filter((h) => h !== 'authorization');
  const list: Array<readonly [string, string]> = names.map((n) => [n, sampleValue(n)]);
  list.push([REFUSED_HEADER, '1']);
  list.push(['authorization', 'Bearer corskit-verify']);
  return list;
}

/** The fetches for one origin beyond the simple GETs: methods, headers, both credential modes. */
function deepFetches(origin: ProbeOrigin, config: CompiledPolicyConfig): FetchProbe[] {
  const { allowed, refused } = methodsOf(config);
  const out: FetchProbe[] = [];
  const add = (method: string, headers: ReadonlyArray<readonly [string, string]>): void => {
    for (const credentials of [false, true]) out.push({ origin, method, headers, credentials });
  };
  for (const m of allowed) add(m, []);
  if (refused) add(refused, []);
  for (const h of headersOf(config)) add('GET', [h]);
  if (allowed[0] && config.requestHeaders !== '*' && config.requestHeaders.length > 0)
    add(
      allowed[0],
      config.requestHeaders.map((n): readonly [string, string] => [n, sampleValue(n)]),
    );
  return out;
}

/**
 * @param granted tells which origins the policy grants (the engine's answer for a plain GET):
 * deep fetches go to the first few on each side.
 */
export function probeTable(config: CompiledPolicyConfig, granted: (origin: string) => boolean): ProbeTable {
  const origins = probeOrigins(config.origins).filter((o) => isUsableOrigin(o.origin));
  const fetches: FetchProbe[] = [];
  for (const origin of origins)
    for (const credentials of [false, true])
      fetches.push({ origin, method: 'GET', headers: [], credentials });
  const allowed = origins.filter((o) => granted(o.origin)).slice(0, DEEP_ORIGINS_PER_SIDE);
  const refused = origins.filter((o) => !granted(o.origin)).slice(0, DEEP_ORIGINS_PER_SIDE);
  for (const o of [...allowed, ...refused]) fetches.push(...deepFetches(o, config));
  const sample = allowed[0]?.origin ?? origins[0]!.origin;
  const raw: RawProbe[] = [
    { method: 'GET', headers: [], why: 'no Origin (same-origin or server-to-server)' },
    { method: 'OPTIONS', headers: [], why: 'OPTIONS without Origin' },
    {
      method: 'OPTIONS',
      headers: [['origin', sample]],
      why: 'OPTIONS with Origin but no Access-Control-Request-Method (not a preflight)',
    },
  ];
  if (config.privateNetwork)
    raw.push({
      method: 'OPTIONS',
      headers: [
        ['origin', sample],
        ['access-control-request-method', 'GET'],
        ['access-control-request-private-network', 'true'],
      ],
      why: 'Private Network Access preflight',
    });
  return { fetches, raw };
}

function isUsableOrigin(origin: string): boolean {
  if (origin === 'null') return true;
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
