// Compares one live response with the engine's decision for the same request: every CORS
// header (names case-insensitive, header-name lists as sets), a preflight's success, and Vary.

import type { HeaderList, WireResponse } from '../browser/types.js';
import { CORS_RESPONSE_HEADERS } from '../engine/decision-headers.js';
import { mergeVary } from '../engine/vary.js';
import type { CorsDecision } from '../policy/types.js';

const LIST_HEADERS = new Set(['access-control-allow-headers', 'access-control-expose-headers']);

export interface CompareOptions {
  /** Also require the engine's exact preflight status (200/204/403), not just success or failure. */
  readonly exactStatus?: boolean;
}

export interface Mismatch {
  /** `cache`: Vary lacks a token, so a shared cache can hand one origin's answer to another. */
  readonly kind: 'headers' | 'status' | 'cache';
  readonly text: string;
}

export function linesOf(headers: HeaderList, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

/** The CORS headers and Vary of a response, one entry per name, repeated lines joined with `, `. */
export function corsView(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...CORS_RESPONSE_HEADERS, 'vary']) {
    const lines = linesOf(headers, name);
    if (lines.length) out[name] = lines.join(', ');
  }
  return out;
}

/** What the engine would send: its CORS headers, and Vary merged into the server's own. */
export function expectedView(decision: CorsDecision, liveVary: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, v] of decision.headers) out[n.toLowerCase()] = v;
  const vary = mergeVary(decision.status === undefined ? liveVary : undefined, decision.vary);
  if (vary) out.vary = vary;
  return out;
}

const tokens = (v: string, fold: boolean): string[] =>
  v
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => (fold ? t.toLowerCase() : t));

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

export function compareResponse(
  response: WireResponse,
  decision: CorsDecision,
  options: CompareOptions = {},
): Mismatch[] {
  const out: Mismatch[] = [];
  const want = new Map(decision.headers.map(([n, v]) => [n.toLowerCase(), v]));
  for (const name of CORS_RESPONSE_HEADERS) {
    const got = linesOf(response.headers, name);
    const expected = want.get(name);
    if (got.length > 1) out.push({ kind: 'headers', text: `${name} sent ${got.length} times` });
    const value = got[0];
    if (expected === undefined) {
      if (value !== undefined)
        out.push({ kind: 'headers', text: `${name}: ${JSON.stringify(value)}, policy: absent` });
    } else if (value === undefined)
      out.push({ kind: 'headers', text: `${name}: absent, policy: ${JSON.stringify(expected)}` });
    else if (
      LIST_HEADERS.has(name)
        ? !sameSet(tokens(value, true), tokens(expected, true))
        : value.trim() !== expected
    )
      out.push({
        kind: 'headers',
        text: `${name}: ${JSON.stringify(value)}, policy: ${JSON.stringify(expected)}`,
      });
  }
  out.push(...compareStatus(response.status, decision, options));
  out.push(...compareVary(linesOf(response.headers, 'vary').join(', '), decision));
  return out;
}

function compareStatus(status: number, decision: CorsDecision, options: CompareOptions): Mismatch[] {
  if (decision.status === undefined) return [];
  if (options.exactStatus && status !== decision.status)
    return [{ kind: 'status', text: `preflight status ${status}, policy: ${decision.status}` }];
  const ok = status >= 200 && status < 300;
  if (decision.allowed && !ok)
    return [
      { kind: 'status', text: `preflight status ${status}: browsers need 2xx (policy: ${decision.status})` },
    ];
  return [];
}

/** Every token the engine varies on must be there (the server may vary on more); none twice. */
function compareVary(got: string, decision: CorsDecision): Mismatch[] {
  const have = tokens(got, true);
  if (have.includes('*')) return [];
  const out: Mismatch[] = [];
  const missing = tokens(decision.vary, false).filter((t) => !have.includes(t.toLowerCase()));
  if (missing.length)
    out.push({
      kind: 'cache',
      text: `Vary ${got ? JSON.stringify(got) : 'absent'} lacks ${missing.join(', ')}: a shared cache can serve this answer to another origin`,
    });
  if (new Set(have).size !== have.length)
    out.push({ kind: 'headers', text: `Vary repeats a token: ${JSON.stringify(got)}` });
  return out;
}
