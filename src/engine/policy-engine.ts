// The compiled policy: built once from a validated config, then only read. Header values that do
// not depend on the request are computed here, and the decisions for exact origins on ordinary
// requests are built ahead of time, so the common path allocates nothing.
import { SAFELISTED_METHODS } from '../policy/fetch-names.js';
import { isToken } from '../policy/http-token.js';
import { MAX_ORIGIN_LENGTH } from '../policy/origin-syntax.js';
import type {
  CompiledPolicyConfig,
  CorsDecision,
  CorsPolicy,
  CorsRequest,
  OriginPredicate,
  PolicyIssue,
  RefusalReason,
} from '../policy/types.js';
import type { CompiledPolicyParts } from '../policy/validate.js';
import {
  ACAC,
  ACAH,
  ACAM,
  ACAO,
  ACAPN,
  ACEH,
  ACMA,
  VARY_ACTUAL,
  VARY_PREFLIGHT,
} from './decision-headers.js';
import { OriginPatternTree } from './origin-matcher.js';
import { parseRequestOrigin, singleOriginValue } from './request-origin.js';
import { parseRequestedHeaders } from './requested-headers.js';

type Header = readonly [name: string, value: string];

const BRAND = Symbol.for('corskit.policy');

/**
 * Every decision, its header list and each header pair is frozen: decisions are cached and share
 * their pairs, so a caller that mutated one (a wrapping middleware appending a header, say) would
 * otherwise change every later decision for that origin (the bug class of rs/cors #198).
 */
function decision(d: CorsDecision): CorsDecision {
  Object.freeze(d.headers);
  return Object.freeze(d);
}

/** A frozen header pair: pairs are shared between decisions (see decision). */
function pair(name: string, value: string): Header {
  return Object.freeze([name, value] as const);
}

const NO_HEADERS: readonly Header[] = Object.freeze([]);
/** Defaults that decision literals spread, so each names only what differs. */
const NONE = {
  kind: 'none',
  allowed: false,
  origin: null,
  headers: NO_HEADERS,
  vary: '',
  status: undefined,
  reason: undefined,
} as const satisfies CorsDecision;

/**
 * An ordinary request's decision. Positional (one call per request, four fields that all vary)
 * and written as one object literal: a spread followed by Object.freeze costs ~15× a literal in
 * V8, which made every refused request pay for it.
 */
function actualDecision(
  origin: string | null,
  headers: readonly Header[],
  vary: string,
  reason: RefusalReason | undefined,
): CorsDecision {
  return decision({
    kind: 'actual',
    allowed: reason === undefined,
    origin,
    headers,
    vary,
    status: undefined,
    reason,
  });
}
/** Bounds of the preflight-grant memo: entries, and length of an Access-Control-Request-Headers value. */
const MAX_MEMO_ENTRIES = 512;
const MAX_MEMO_KEY = 512;

export class PolicyEngine implements CorsPolicy {
  readonly [BRAND] = true;
  readonly config: CompiledPolicyConfig;
  readonly warnings: readonly PolicyIssue[];
  readonly isAsync: boolean;

  private readonly wildcard: boolean;
  private readonly exactActual = new Map<string, CorsDecision>();
  private readonly tree: OriginPatternTree;
  private readonly regexps: readonly RegExp[];
  private readonly predicate: OriginPredicate | undefined;
  private readonly methods: ReadonlySet<string> | '*';
  private readonly requestHeaders: ReadonlySet<string> | '*';
  private readonly authorizationWithWildcard: boolean;
  /** Headers after ACAO on an allowed ordinary response (ACAC, ACEH). */
  private readonly actualTail: readonly Header[];
  /** Headers after ACAM/ACAH on an allowed preflight (ACMA). */
  private readonly preflightTail: readonly Header[];
  private readonly credentialsHeader: readonly Header[];
  private readonly noOrigin: CorsDecision;
  private readonly noOriginOptions: CorsDecision;
  /** Preflight grants by method, then by raw Access-Control-Request-Headers (see cachedGrant). */
  private readonly grants = new Map<string, Map<string, readonly Header[] | RefusalReason>>();
  /** Decisions of ordinary requests from origins that missed the exact hash (see actualVerdict). */
  private readonly actualMemo = new Map<string, CorsDecision>();
  /** Mutable counter in a frozen engine: the object is frozen, this box is not. */
  private readonly memoSize = { entries: 0 };
  /** The last allowed preflight decision of each exact origin, with the grant it was built from. */
  private readonly lastPreflight = new Map<string, { grant: readonly Header[]; decision: CorsDecision }>();

  constructor(parts: CompiledPolicyParts) {
    const c = parts.config;
    this.config = c;
    this.warnings = parts.warnings;
    this.predicate = parts.predicate;
    this.isAsync = parts.predicate !== undefined;
    this.regexps = parts.regexps;
    this.wildcard = c.origins === '*';
    this.tree = new OriginPatternTree(c.origins === '*' ? [] : c.origins.patterns);
    this.methods = c.methods === '*' ? '*' : new Set(c.methods);
    this.requestHeaders = c.requestHeaders === '*' ? '*' : new Set(c.requestHeaders);
    this.authorizationWithWildcard = c.allowAuthorizationWithWildcard === true;
    // Exactly `true`, the only value the CORS check accepts (https://fetch.spec.whatwg.org/#http-access-control-allow-credentials).
    this.credentialsHeader = Object.freeze(c.credentials ? [pair(ACAC, 'true')] : []);
    // https://fetch.spec.whatwg.org/#http-access-control-expose-headers: `*` counts only without credentials (validated).
    const expose = c.exposeHeaders === '*' ? '*' : c.exposeHeaders.join(', ');
    this.actualTail = Object.freeze([...this.credentialsHeader, ...(expose ? [pair(ACEH, expose)] : [])]);
    // Absent means 5 s in browsers (https://fetch.spec.whatwg.org/#http-access-control-max-age).
    this.preflightTail = Object.freeze(c.maxAge === undefined ? [] : [pair(ACMA, String(c.maxAge))]);
    if (c.origins === '*') {
      // With "*" the answer never depends on the Origin, so it is sent even without one and
      // ordinary responses need no Vary at all (https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches).
      const headers = Object.freeze([pair(ACAO, '*'), ...this.actualTail]);
      this.noOrigin = decision({ ...NONE, allowed: true, headers });
      this.noOriginOptions = decision({ ...NONE, allowed: true, headers, vary: VARY_PREFLIGHT });
    } else {
      this.noOrigin = decision({ ...NONE, vary: VARY_ACTUAL });
      this.noOriginOptions = decision({ ...NONE, vary: VARY_PREFLIGHT });
      const exact = c.origins.exact.concat(c.origins.allowNull ? ['null'] : []);
      for (const origin of exact) this.exactActual.set(origin, this.allowedActual(origin, VARY_ACTUAL));
    }
  }

  /**
   * No Origin: not a CORS request (https://fetch.spec.whatwg.org/#http-origin). OPTIONS with Origin and
   * Access-Control-Request-Method: a preflight (https://fetch.spec.whatwg.org/#cors-preflight-request). Anything else
   * with an Origin: an ordinary CORS request.
   */
  evaluate(request: CorsRequest): CorsDecision | Promise<CorsDecision> {
    const isOptions = request.method === 'OPTIONS';
    const rawOrigin = request.header('origin');
    if (rawOrigin == null || (typeof rawOrigin !== 'string' && rawOrigin.length === 0))
      return isOptions ? this.noOriginOptions : this.noOrigin;
    if (isOptions) {
      const acrm = request.header('access-control-request-method');
      if (acrm != null) return this.preflight(request, rawOrigin, acrm);
    }
    return this.actual(rawOrigin, isOptions);
  }

  private actual(
    rawOrigin: string | readonly string[],
    isOptions: boolean,
  ): CorsDecision | Promise<CorsDecision> {
    const vary = isOptions ? VARY_PREFLIGHT : VARY_ACTUAL;
    const origin = singleOriginValue(rawOrigin);
    if (this.wildcard)
      return actualDecision(
        wellFormed(origin),
        this.noOrigin.headers,
        isOptions ? VARY_PREFLIGHT : '',
        undefined,
      );
    if (typeof origin !== 'string') return actualDecision(null, NO_HEADERS, vary, 'malformed-origin');
    const hit = this.exactActual.get(origin) ?? (isOptions ? undefined : this.actualMemo.get(origin));
    if (hit !== undefined) return isOptions ? this.allowedActual(origin, vary) : hit;
    const verdict = this.matchOrigin(origin);
    // No closure on the synchronous path: a refused request must cost little more than a parse.
    if (verdict instanceof Promise) return verdict.then((v) => this.actualVerdict(origin, vary, v));
    return this.actualVerdict(origin, vary, verdict);
  }

  private actualVerdict(origin: string, vary: string, verdict: OriginVerdict): CorsDecision {
    const d =
      verdict === true
        ? this.allowedActual(origin, vary)
        : actualDecision(verdict === 'malformed-origin' ? null : origin, NO_HEADERS, vary, verdict);
    // Patterns and RegExps never change, so their verdict for an origin is memoised like the
    // exact origins' (a predicate's is not: it may answer differently next time). Bounded: once
    // full (endless distinct origins from a hostile client) decisions are simply built.
    if (
      vary === VARY_ACTUAL &&
      this.predicate === undefined &&
      origin.length <= MAX_ORIGIN_LENGTH &&
      this.actualMemo.size < MAX_MEMO_ENTRIES
    )
      this.actualMemo.set(origin, d);
    return d;
  }

  /** The request's own serialized origin, echoed: what the CORS check compares (https://fetch.spec.whatwg.org/#concept-cors-check step 4). */
  private allowedActual(origin: string, vary: string): CorsDecision {
    return actualDecision(origin, [pair(ACAO, origin), ...this.actualTail], vary, undefined);
  }

  private preflight(
    request: CorsRequest,
    rawOrigin: string | readonly string[],
    rawMethod: string | readonly string[],
  ): CorsDecision | Promise<CorsDecision> {
    const origin = singleOriginValue(rawOrigin);
    if (this.wildcard) return this.finishPreflight(request, rawMethod, wellFormed(origin), '*');
    if (typeof origin !== 'string') return refusedPreflight(null, 'malformed-origin');
    if (this.exactActual.has(origin)) return this.finishPreflight(request, rawMethod, origin, origin);
    const verdict = this.matchOrigin(origin);
    const finish = (v: OriginVerdict): CorsDecision =>
      v === true
        ? this.finishPreflight(request, rawMethod, origin, origin)
        : refusedPreflight(v === 'malformed-origin' ? null : origin, v);
    return verdict instanceof Promise ? verdict.then(finish) : finish(verdict);
  }

  /** The origin is granted: the method, headers and private-network request decide. */
  private finishPreflight(
    request: CorsRequest,
    rawMethod: string | readonly string[],
    origin: string | null,
    acao: string,
  ): CorsDecision {
    const grant = this.cachedGrant(request, rawMethod);
    if (typeof grant === 'string') return refusedPreflight(origin, grant);
    // An exact origin usually preflights the same grant again: reuse its last decision.
    const last = origin === null ? undefined : this.lastPreflight.get(origin);
    if (last !== undefined && last.grant === grant) return last.decision;
    const headers: Header[] = [pair(ACAO, acao)];
    for (const h of this.credentialsHeader) headers.push(h);
    for (const h of grant) headers.push(h);
    for (const h of this.preflightTail) headers.push(h);
    const d = decision({
      kind: 'preflight',
      allowed: true,
      origin,
      headers,
      vary: VARY_PREFLIGHT,
      status: this.config.preflightStatus,
      reason: undefined,
    });
    if (origin !== null && this.exactActual.has(origin) && Object.isFrozen(grant))
      this.lastPreflight.set(origin, { grant, decision: d });
    return d;
  }

  /**
   * Preflights from one page repeat the same method and header list, so grants are memoised by
   * method, then by the raw Access-Control-Request-Headers value. The memo is bounded: once full
   * (a hostile client sending endless variations) grants are simply computed, so memory stays
   * fixed and answers stay identical. Private-network preflights are rare and never memoised.
   */
  private cachedGrant(
    request: CorsRequest,
    rawMethod: string | readonly string[],
  ): readonly Header[] | RefusalReason {
    const acrh = request.header('access-control-request-headers');
    const pna = request.header('access-control-request-private-network');
    if (typeof rawMethod !== 'string' || pna != null || (acrh != null && typeof acrh !== 'string'))
      return this.preflightGrant(rawMethod, acrh, pna);
    const headersKey = acrh ?? '';
    let byHeaders = this.grants.get(rawMethod);
    const memo = byHeaders?.get(headersKey);
    if (memo !== undefined) return memo;
    const grant = this.preflightGrant(rawMethod, acrh, pna);
    if (this.memoSize.entries < MAX_MEMO_ENTRIES && headersKey.length <= MAX_MEMO_KEY) {
      if (byHeaders === undefined) {
        byHeaders = new Map();
        this.grants.set(rawMethod, byHeaders);
      }
      this.memoSize.entries++;
      const frozen = typeof grant === 'string' ? grant : Object.freeze(grant);
      byHeaders.set(headersKey, frozen);
      return frozen;
    }
    return grant;
  }

  /** Checks method, headers and private network; the headers that grant them, or why not. */
  private preflightGrant(
    rawMethod: string | readonly string[],
    rawHeaders: string | readonly string[] | null | undefined,
    pna: string | readonly string[] | null | undefined,
  ): Header[] | RefusalReason {
    const method = typeof rawMethod === 'string' ? rawMethod : rawMethod.length === 1 ? rawMethod[0]! : '';
    // https://fetch.spec.whatwg.org/#http-access-control-request-method: one method token.
    if (!isToken(method)) return 'malformed-preflight';
    // Safelisted methods need no grant (https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7.5).
    if (!(SAFELISTED_METHODS.has(method) || this.methods === '*' || this.methods.has(method)))
      return 'method-not-allowed';
    const headers: Header[] = [pair(ACAM, method)];
    if (rawHeaders != null) {
      const names = parseRequestedHeaders(rawHeaders);
      if (names === null) return 'malformed-preflight';
      let authorization = false;
      for (const name of names) {
        if (name === 'authorization') authorization = true;
        if (!this.headerAllowed(name)) return 'header-not-allowed';
      }
      // `*` never covers authorization (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name), so a request
      // naming it gets the list echoed instead of `*`.
      if (names.length > 0)
        headers.push(pair(ACAH, this.requestHeaders === '*' && !authorization ? '*' : names.join(', ')));
    }
    // Private Network Access: https://wicg.github.io/private-network-access/#cors-preflight
    if (pna != null) {
      if (pna !== 'true') return 'malformed-preflight';
      if (!this.config.privateNetwork) return 'private-network-not-allowed';
      headers.push(pair(ACAPN, 'true'));
    }
    return headers;
  }

  private headerAllowed(name: string): boolean {
    if (this.requestHeaders !== '*') return this.requestHeaders.has(name);
    return name !== 'authorization' || this.authorizationWithWildcard;
  }

  /** Pattern, RegExp and predicate matching for an origin that missed the exact hash. */
  private matchOrigin(origin: string): OriginVerdict | Promise<OriginVerdict> {
    // An opaque origin serialises as `null` (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
    if (origin === 'null') return this.predicateVerdict(origin);
    const parsed = parseRequestOrigin(origin);
    if (parsed === null) return 'malformed-origin';
    if (!this.tree.isEmpty && this.tree.matches(parsed)) return true;
    for (const re of this.regexps) if (re.test(origin)) return true;
    return this.predicateVerdict(origin);
  }

  private predicateVerdict(origin: string): OriginVerdict | Promise<OriginVerdict> {
    if (!this.predicate) return 'origin-not-allowed';
    // A predicate that throws or rejects is a failure of the user's code (a database down), not a
    // verdict: evaluate() rejects with its error, so adapters send it to the framework's error path
    // (a 500, the route handler never runs) as `cors` and @fastify/cors do. A synchronous throw is
    // turned into a rejection, so that callers have one failure channel to handle.
    try {
      const r = this.predicate(origin);
      if (r instanceof Promise) return r.then(toVerdict);
      return toVerdict(r);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

type OriginVerdict = true | 'origin-not-allowed' | 'malformed-origin';

function toVerdict(allowed: unknown): OriginVerdict {
  return allowed === true ? true : 'origin-not-allowed';
}

function refusedPreflight(origin: string | null, reason: RefusalReason): CorsDecision {
  return decision({
    kind: 'preflight',
    allowed: false,
    origin,
    headers: NO_HEADERS,
    vary: VARY_PREFLIGHT,
    status: 403,
    reason,
  });
}

/** The origin for `decision.origin` under "*": reported only when it is well-formed. */
function wellFormed(origin: string | null | undefined): string | null {
  if (typeof origin !== 'string') return null;
  return origin === 'null' || parseRequestOrigin(origin) !== null ? origin : null;
}

export function isPolicyEngine(x: unknown): x is PolicyEngine {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
}
