// Copies a decision onto a response of any kind. Each adapter supplies a tiny HeaderAccess for its
// response type (module-level, so applying a decision allocates nothing per request beyond Vary).
import { mergeVary } from '../../engine/vary.js';
import type { CorsDecision } from '../../policy/types.js';

export interface HeaderAccess<Target> {
  get(target: Target, name: string): unknown;
  set(target: Target, name: string, value: string): void;
}

export function applyDecision<Target>(
  access: HeaderAccess<Target>,
  target: Target,
  decision: CorsDecision,
): void {
  const headers = decision.headers;
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    access.set(target, header[0], header[1]);
  }
  if (decision.vary !== '') access.set(target, 'Vary', varyWith(access.get(target, 'Vary'), decision.vary));
}

let lastAdded = '';
let lastAlone = '';

/**
 * `existing` (as any adapter finds it) merged with a decision's Vary tokens. Most responses have no
 * Vary yet: the tokens' own normal form is then remembered (one entry, decisions reuse a handful of
 * Vary strings), which spares a merge per request.
 */
export function varyWith(existing: unknown, add: string): string {
  if (existing !== undefined && existing !== null) return mergeVary(varyText(existing), add);
  if (add !== lastAdded) {
    lastAlone = mergeVary(undefined, add);
    lastAdded = add;
  }
  return lastAlone;
}

/** Node may hold Vary as a string, a number or an array; the merge wants one string. */
export function varyText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The decision as a plain header record (for Koa's `err.headers`, Fetch `Headers` init, …). */
export function decisionHeaderRecord(decision: CorsDecision, existingVary?: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of decision.headers) record[name] = value;
  if (decision.vary !== '') record.Vary = varyWith(existingVary, decision.vary);
  return record;
}
