// Puts a CORS decision into the head a Node response is about to send, by wrapping that one
// response's `writeHead` (the hook the `on-headers` package has used for years: Node sends every
// head, explicit or implicit through `res.end()`, via `this.writeHead`). corskit/hono uses it on
// @hono/node-server, whose `c.env.outgoing` is the Node response: the headers reach the wire without
// a Fetch `Headers` being built, which keeps @hono/node-server's cached-response fast path, and
// every response is covered (handler, onError, notFound, streams, direct writes to `outgoing`).
// Structural types only, no Node import: corskit/hono must compile without Node types.
import type { CorsDecision } from '../../policy/types.js';
import { varyWith } from './apply-decision.js';

type WriteHead = (this: NodeLikeResponse, status: number, reasonOrHead?: unknown, head?: unknown) => unknown;

/** What corskit needs of a Node `ServerResponse` (or `Http2ServerResponse`). */
export interface NodeLikeResponse {
  readonly headersSent: boolean;
  writeHead: WriteHead;
  getHeader(name: string): unknown;
}

const DECISION = Symbol('corskit.decision');
const WRITE_HEAD = Symbol('corskit.writeHead');

interface Intercepted extends NodeLikeResponse {
  [DECISION]?: CorsDecision | undefined;
  [WRITE_HEAD]?: WriteHead;
}

/** True for a Node response whose head has not been sent yet. */
export function isNodeLikeResponse(value: unknown): value is NodeLikeResponse {
  if (value === null || typeof value !== 'object') return false;
  const res = value as Partial<NodeLikeResponse>;
  return (
    typeof res.writeHead === 'function' && typeof res.getHeader === 'function' && res.headersSent === false
  );
}

/**
 * Arranges for `decision` to be merged into the response's head when it is written: its headers
 * replace any of the same name, its Vary tokens are added to the existing Vary (never duplicated).
 * When an outer corskit already arranged this for the response, the outer one stays in charge, as
 * it would when writing after `next()`.
 */
export function applyDecisionOnWriteHead(res: NodeLikeResponse, decision: CorsDecision): void {
  if (decision.headers.length === 0 && decision.vary === '') return;
  const target = res as Intercepted;
  if (target[DECISION] !== undefined) return;
  target[DECISION] = decision;
  target[WRITE_HEAD] = target.writeHead;
  target.writeHead = writeHeadWithDecision;
}

// Module-level (not a closure per request): the per-response state lives on the two symbols.
function writeHeadWithDecision(
  this: Intercepted,
  status: number,
  reasonOrHead?: unknown,
  head?: unknown,
): unknown {
  const decision = this[DECISION]!;
  const writeHead = this[WRITE_HEAD]!;
  this.writeHead = writeHead;
  this[DECISION] = undefined;
  // writeHead(status, headers?) or writeHead(status, statusMessage, headers?)
  if (typeof reasonOrHead === 'string') {
    return writeHead.call(this, status, reasonOrHead, headWithDecision(this, head, decision));
  }
  return writeHead.call(this, status, headWithDecision(this, reasonOrHead, decision));
}

/**
 * A new header record: the head's own headers (never mutated: a handler may pass one shared
 * object to every response) minus those the decision sets, plus the decision's.
 */
function headWithDecision(
  res: NodeLikeResponse,
  head: unknown,
  decision: CorsDecision,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let vary: unknown;
  const record = headerRecord(head);
  for (const name in record) {
    if (decision.vary !== '' && name.length === 4 && name.toLowerCase() === 'vary') vary = record[name];
    else if (!setByDecision(name, decision)) out[name] = record[name];
  }
  for (const [name, value] of decision.headers) out[name] = value;
  if (decision.vary !== '') {
    // A Vary set earlier with `res.setHeader` (and absent from the head) would be replaced by ours.
    out.Vary = varyWith(vary === undefined ? res.getHeader('vary') : vary, decision.vary);
  }
  return out;
}

function setByDecision(name: string, decision: CorsDecision): boolean {
  const headers = decision.headers;
  for (let i = 0; i < headers.length; i++) {
    const own = headers[i]![0];
    if (own.length === name.length && own.toLowerCase() === name.toLowerCase()) return true;
  }
  return false;
}

/** writeHead also takes raw arrays (`[k, v, k, v]` or `[[k, v], ...]`); a repeated name keeps every value. */
function headerRecord(head: unknown): Readonly<Record<string, unknown>> | undefined {
  if (!Array.isArray(head))
    return head !== null && typeof head === 'object' ? (head as Record<string, unknown>) : undefined;
  const record: Record<string, unknown> = {};
  const nested = Array.isArray(head[0]);
  for (let i = 0; i < head.length; i += nested ? 1 : 2) {
    const [name, value] = (nested ? head[i] : [head[i], head[i + 1]]) as [string, unknown];
    const before = record[name];
    record[name] = before === undefined ? value : ([] as unknown[]).concat(before, value);
  }
  return record;
}
