// The compiled policy: built once from a validated config, then only read. Header values that do
// not depend on the request are computed here, and the decisions for exact origins on ordinary
// requests are built ahead of time, so the common path allocates nothing.
import { SAFELISTED_METHODS } from '../policy/fetch-names.js';
import { isToken } from '../policy/http-token.js';
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
type Kind = CorsDecision['kind'];

const BRAND = Symbol.for('corskit.policy');

function decision(
  kind: Kind,
  allowed: boolean,
  origin: string | null,
  headers: readonly Header[],
  vary: string,
  status: number | undefined,
  reason: RefusalReason | undefined,
): CorsDecision {
  return { kind, allowed, origin, headers, vary, status, reason };
}

const NO_HEADERS: readonly Header[] = Object.freeze([]);
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
    this.credentialsHeader = c.credentials ? [[ACAC, 'true']] : [];
    const expose = c.exposeHeaders === '*' ? '*' : c.exposeHeaders.join(', ');
    this.actualTail = Object.freeze([
      ...this.credentialsHeader,
      ...(expose ? [[ACEH, expose] as const] : []),
    ]);
    this.preflightTail = Object.freeze(c.maxAge === undefined ? [] : [[ACMA, String(c.maxAge)] as const]);
    if (c.origins === '*') {
      // With "*" the answer never depends on the Origin, so it is sent even without one and
      // ordinary responses need no Vary at all.
      const headers = Object.freeze([[ACAO, '*'] as const, ...this.actualTail]);
      this.noOrigin = Object.freeze(decision('none', true, null, headers, '', undefined, undefined));
      this.noOriginOptions = Object.freeze(
        decision('none', true, null, headers, VARY_PREFLIGHT, undefined, undefined),
      );
    } else {
      this.noOrigin = Object.freeze(
        decision('none', false, null, NO_HEADERS, VARY_ACTUAL, undefined, undefined),
      );
      this.noOriginOptions = Object.freeze(
        decision('none', false, null, NO_HEADERS, VARY_PREFLIGHT, undefined, undefined),
      );
      const exact = c.origins.exact.concat(c.origins.allowNull ? ['null'] : []);
      for (const origin of exact)
        this.exactActual.set(origin, Object.freeze(this.allowedActual(origin, VARY_ACTUAL)));
    }
  }

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
    if (this.wildcard) {
      const headers = this.noOrigin.headers;
      return decision(
        'actual',
        true,
        wellFormed(origin),
        headers,
        isOptions ? VARY_PREFLIGHT : '',
        undefined,
        undefined,
      );
    }
    if (typeof origin !== 'string')
      return decision('actual', false, null, NO_HEADERS, vary, undefined, 'malformed-origin');
    const hit = this.exactActual.get(origin);
    if (hit !== undefined) return isOptions ? this.allowedActual(origin, vary) : hit;
    const verdict = this.matchOrigin(origin);
    const finish = (v: OriginVerdict): CorsDecision =>
      v === true
        ? this.allowedActual(origin, vary)
        : decision('actual', false, v === 'malformed-origin' ? null : origin, NO_HEADERS, vary, undefined, v);
    return verdict instanceof Promise ? verdict.then(finish) : finish(verdict);
  }

  private allowedActual(origin: string, vary: string): CorsDecision {
    return decision('actual', true, origin, [[ACAO, origin], ...this.actualTail], vary, undefined, undefined);
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
    const headers: Header[] = [[ACAO, acao]];
    for (const h of this.credentialsHeader) headers.push(h);
    for (const h of grant) headers.push(h);
    for (const h of this.preflightTail) headers.push(h);
    const d = decision(
      'preflight',
      true,
      origin,
      headers,
      VARY_PREFLIGHT,
      this.config.preflightStatus,
      undefined,
    );
    if (origin !== null && this.exactActual.has(origin) && Object.isFrozen(grant))
      this.lastPreflight.set(origin, { grant, decision: Object.freeze(d) });
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
    if (!isToken(method)) return 'malformed-preflight';
    if (!(SAFELISTED_METHODS.has(method) || this.methods === '*' || this.methods.has(method)))
      return 'method-not-allowed';
    const headers: Header[] = [[ACAM, method]];
    if (rawHeaders != null) {
      const names = parseRequestedHeaders(rawHeaders);
      if (names === null) return 'malformed-preflight';
      let authorization = false;
      for (const name of names) {
        if (name === 'authorization') authorization = true;
        if (!this.headerAllowed(name)) return 'header-not-allowed';
      }
      if (names.length > 0)
        headers.push([ACAH, this.requestHeaders === '*' && !authorization ? '*' : names.join(', ')]);
    }
    if (pna != null) {
      if (pna !== 'true') return 'malformed-preflight';
      if (!this.config.privateNetwork) return 'private-network-not-allowed';
      headers.push([ACAPN, 'true']);
    }
    return headers;
  }

  private headerAllowed(name: string): boolean {
    if (this.requestHeaders !== '*') return this.requestHeaders.has(name);
    return name !== 'authorization' || this.authorizationWithWildcard;
  }

  /** Pattern, RegExp and predicate matching for an origin that missed the exact hash. */
  private matchOrigin(origin: string): OriginVerdict | Promise<OriginVerdict> {
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
  return decision('preflight', false, origin, NO_HEADERS, VARY_PREFLIGHT, 403, reason);
}

/** The origin for `decision.origin` under "*": reported only when it is well-formed. */
function wellFormed(origin: string | null | undefined): string | null {
  if (typeof origin !== 'string') return null;
  return origin === 'null' || parseRequestOrigin(origin) !== null ? origin : null;
}

export function isPolicyEngine(x: unknown): x is PolicyEngine {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
}
