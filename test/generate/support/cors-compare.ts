// Sends one request-table request over real HTTP and compares the response's CORS headers with
// what the engine decided: header names case-insensitive, lists compared as sets (header-name
// lists case-insensitively), Vary as a token set that must not repeat a token.
import { request } from 'node:http';
import { CORS_RESPONSE_HEADERS, type RequestTableCase } from '../../../src/engine/request-table.js';
import { mergeVary } from '../../../src/engine/vary.js';
import type { CorsDecision } from '../../../src/policy/types.js';

export interface WireResponse {
  status: number;
  /** Lower-case name → every line's value. */
  lines: Map<string, string[]>;
}

export function send(
  origin: string,
  path: string,
  c: Pick<RequestTableCase, 'request'>,
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${path}`,
      {
        method: c.request.method,
        headers: { ...c.request.headers } as Record<string, string | string[]>,
        agent: false,
        // Some libraries echo the table's 8 KiB header list back; Node's default limit is 16 KiB in all.
        maxHeaderSize: 65536,
      },
      (res) => {
        const lines = new Map<string, string[]>();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          lines.set(name, [...(lines.get(name) ?? []), res.rawHeaders[i + 1]!]);
        }
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, lines }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const tokens = (v: string, fold: boolean): string[] =>
  v
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => (fold ? t.toLowerCase() : t));

const LIST_HEADERS = new Set(['access-control-allow-headers', 'access-control-expose-headers']);

/** Differences between the response and the engine's decision; empty when they agree. */
export function compare(
  res: WireResponse,
  decision: CorsDecision,
  upstreamStatus: number,
  upstreamVary: string | undefined,
): string[] {
  const diffs: string[] = [];
  const expectedStatus = decision.status ?? upstreamStatus;
  if (res.status !== expectedStatus) diffs.push(`status ${res.status}, engine ${expectedStatus}`);
  const want = new Map(decision.headers.map(([n, v]) => [n.toLowerCase(), v]));
  for (const name of CORS_RESPONSE_HEADERS) {
    const got = res.lines.get(name);
    const expected = want.get(name);
    if (got && got.length > 1) diffs.push(`${name} sent ${got.length} times: ${JSON.stringify(got)}`);
    const value = got?.[0];
    if (expected === undefined) {
      if (value !== undefined) diffs.push(`${name}: ${JSON.stringify(value)}, engine: absent`);
      continue;
    }
    if (value === undefined) {
      diffs.push(`${name}: absent, engine ${JSON.stringify(expected)}`);
      continue;
    }
    const same = LIST_HEADERS.has(name)
      ? sameSet(tokens(value, true), tokens(expected, true))
      : value.trim() === expected;
    if (!same) diffs.push(`${name}: ${JSON.stringify(value)}, engine ${JSON.stringify(expected)}`);
  }
  // The response reaches the upstream unless the engine ends it (a preflight).
  const prior = decision.status === undefined ? upstreamVary : undefined;
  const expectedVary = mergeVary(prior, decision.vary);
  const gotVary = (res.lines.get('vary') ?? []).join(', ');
  const gotTokens = tokens(gotVary, true);
  if (new Set(gotTokens).size !== gotTokens.length)
    diffs.push(`Vary repeats a token: ${JSON.stringify(gotVary)}`);
  if (!sameSet(gotTokens, tokens(expectedVary, true)))
    diffs.push(`Vary: ${JSON.stringify(gotVary)}, engine ${JSON.stringify(expectedVary)}`);
  return diffs;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
