// `verifyServer(url, policy)`: proves (or disproves) that a live server answers CORS exactly as
// the policy says. Runs the probe table through the browser model twice, once against the live
// server and once against the engine's answers, compares every response's CORS headers and Vary
// with the engine, then sends every request again in reverse order to catch answers that depend
// on what came before.
import { type SimulatedDiagnosis, simulate } from '../browser/simulate.js';
import type { FetchDescription, Transport, WireRequest } from '../browser/types.js';
import { createHttpTransport } from '../doctor/http-transport.js';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsPolicy, PolicyOptions } from '../policy/types.js';
import { type CompareOptions, compareResponse, corsView, expectedView, linesOf } from './compare-response.js';
import {
  decide,
  type Exchange,
  isResponse,
  type LiveExchange,
  liveExchange,
  policyTransport,
} from './live-exchange.js';
import { probeOrigins } from './probe-origins.js';
import { type FetchProbe, type ProbeTable, probeTable, type RawProbe } from './probe-table.js';
import {
  DEVIATION_KINDS,
  type Deviation,
  type DeviationKind,
  type VerifyFetch,
  type VerifyReport,
} from './verify-report.js';

export interface VerifyOptions extends CompareOptions {
  /** Paths to probe on the server (default: the URL's own path). Each starts with `/`. */
  readonly paths?: readonly string[];
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  /** Accept an invalid TLS certificate. */
  readonly insecure?: boolean;
  /** Replace the network (recorded answers); the default sends real HTTP requests. */
  readonly transport?: Transport;
}

/** The URL, a path or an option is unusable: nothing was sent. */
export class VerifyInputError extends Error {
  override readonly name = 'VerifyInputError';
}

/** The first request got no answer at all. */
export class VerifyUnreachableError extends Error {
  override readonly name = 'VerifyUnreachableError';
}

export async function verifyServer(
  url: string | URL,
  policyOrOptions: CorsPolicy | PolicyOptions,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const base = parseBase(url);
  const targets = (options.paths?.length ? options.paths : [`${base.pathname}${base.search}`]).map((p) =>
    target(base, p),
  );
  const policy = isCompiled(policyOrOptions) ? policyOrOptions : createPolicy(policyOrOptions);
  const http = options.transport ? null : createHttpTransport(options);
  const send = giveUpAfterFailures(
    options.transport ?? http!.transport,
    () => http?.failures.at(-1)?.message,
  );
  const live = liveExchange(send);
  await ensureReachable(live, targets[0]!, () => http?.failures[0]?.message);
  const deviations: Deviation[] = [];
  let fetches = 0;
  for (const t of targets) {
    const table = await tableFor(policy, t);
    fetches = table.fetches.length;
    for (const probe of table.fetches) deviations.push(...(await runFetch(probe, t, policy, live)));
    for (const raw of table.raw) await live.transport(rawRequest(raw, t));
  }
  deviations.push(...(await compareAll(policy, live, options)));
  const firstPass = live.sent();
  deviations.push(...(await replayReversed(live, send)));
  return summarize(base, targets, deviations, firstPass + live.exchanges.size, fetches);
}

function summarize(
  base: URL,
  targets: readonly URL[],
  deviations: Deviation[],
  requests: number,
  fetches: number,
): VerifyReport {
  const counts = Object.fromEntries(DEVIATION_KINDS.map((k) => [k, 0])) as Record<DeviationKind, number>;
  for (const d of deviations) counts[d.kind]++;
  // Worst first: leaks, then blocked fetches, then the rest (a stable sort keeps the run's order).
  deviations.sort((a, b) => DEVIATION_KINDS.indexOf(a.kind) - DEVIATION_KINDS.indexOf(b.kind));
  return {
    url: base.href,
    paths: targets.map((t) => `${t.pathname}${t.search}`),
    conforms: deviations.length === 0,
    requests,
    fetches,
    counts,
    deviations,
  };
}

function rawRequest(raw: RawProbe, t: URL): WireRequest {
  return { method: raw.method, url: t.href, headers: raw.headers.map(([n, v]): [string, string] => [n, v]) };
}

function isCompiled(p: CorsPolicy | PolicyOptions): p is CorsPolicy {
  return typeof (p as CorsPolicy).evaluate === 'function' && 'config' in p;
}

function parseBase(url: string | URL): URL {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw new VerifyInputError(
      `${JSON.stringify(String(url))} is not a URL; write e.g. https://api.example.com/items`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new VerifyInputError(`only http:// and https:// URLs can be verified, not ${u.protocol}`);
  if (u.username || u.password) throw new VerifyInputError('the URL must not carry a user name or password');
  return u;
}

function target(base: URL, path: string): URL {
  if (!path.startsWith('/') || path.startsWith('//'))
    throw new VerifyInputError(`--path ${JSON.stringify(path)} must start with a single "/"`);
  return new URL(path, base.origin);
}

/** Consecutive requests without an answer before verify stops: the server is gone or hangs. */
const MAX_CONSECUTIVE_FAILURES = 3;

function giveUpAfterFailures(send: Transport, lastFailure: () => string | undefined): Transport {
  let failures = 0;
  return async (request) => {
    const response = await send(request);
    failures = isResponse(response) ? 0 : failures + 1;
    if (failures >= MAX_CONSECUTIVE_FAILURES)
      throw new VerifyUnreachableError(
        `the server stopped answering (${failures} requests in a row): ${lastFailure() ?? 'no response'}`,
      );
    return response;
  };
}

/** The first request must get an answer; the HTTP client's own words say why it did not. */
async function ensureReachable(
  live: LiveExchange,
  url: URL,
  failure: () => string | undefined,
): Promise<void> {
  const request: WireRequest = { method: 'GET', url: url.href, headers: [] };
  const response = await live.transport(request);
  if (!isResponse(response)) {
    const reason = response === null ? 'no response' : response.networkError;
    throw new VerifyUnreachableError(failure() ?? `cannot reach ${url.origin}: ${reason}`);
  }
}

/** The probe table for one target: the engine says which probe origins the policy grants. */
async function tableFor(policy: CorsPolicy, t: URL): Promise<ProbeTable> {
  const granted = new Set<string>();
  for (const o of probeOrigins(policy.config.origins)) {
    const d = await decide(policy, { method: 'GET', url: t.href, headers: [['Origin', o.origin]] });
    if (d.allowed) granted.add(o.origin);
  }
  const table = probeTable(policy.config, (o) => granted.has(o));
  // A page on the server's own origin makes no CORS request at all.
  return { ...table, fetches: table.fetches.filter((p) => p.origin.origin !== t.origin) };
}

function fetchDescription(probe: FetchProbe, t: URL): FetchDescription {
  return {
    url: t.href,
    pageOrigin: probe.origin.origin,
    method: probe.method,
    headers: probe.headers.map(([n, v]): [string, string] => [n, v]),
    credentials: probe.credentials ? 'include' : 'same-origin',
    redirect: 'follow',
  };
}

/** One fetch as a browser would make it, against the server and against the policy. */
async function runFetch(
  probe: FetchProbe,
  t: URL,
  policy: CorsPolicy,
  live: LiveExchange,
): Promise<Deviation[]> {
  const desc = fetchDescription(probe, t);
  const actual = await simulate(desc, live.transport);
  const expected = await simulate(desc, policyTransport(policy, live.transport));
  // The actual request even when a browser would stop at the preflight: a generous answer is a
  // finding of its own (the header comparison sees it).
  if (actual.exchange.some((s) => s.kind === 'preflight'))
    await live.transport({
      method: probe.method,
      url: t.href,
      headers: [['Origin', probe.origin.origin], ...probe.headers.map(([n, v]): [string, string] => [n, v])],
    });
  if (actual.verdict === expected.verdict) return [];
  const fetch: VerifyFetch = {
    origin: probe.origin.origin,
    why: probe.origin.why,
    method: probe.method,
    headers: probe.headers.map(([n]) => n),
    credentials: probe.credentials,
    policyAllows: expected.verdict === 'allowed',
  };
  return [await browserDeviation(fetch, t, actual, expected, policy)];
}

async function browserDeviation(
  fetch: VerifyFetch,
  t: URL,
  actual: SimulatedDiagnosis,
  expected: SimulatedDiagnosis,
  policy: CorsPolicy,
): Promise<Deviation> {
  const leak = actual.verdict === 'allowed';
  const step = actual.exchanges.chromium.at(-1) ?? actual.exchange.at(-1)!;
  const response = step.response;
  const decision = await decide(policy, step.request);
  const liveVary = response ? linesOf(response.headers, 'vary').join(', ') || undefined : undefined;
  const what = `${fetch.method}${fetch.headers.length ? ` with ${fetch.headers.join(', ')}` : ''}${fetch.credentials ? ' with credentials' : ''}`;
  const summary = leak
    ? `LEAK: a page at ${fetch.origin} (${fetch.why}) can read the response to ${what}, which the policy refuses`
    : `BLOCKED: browsers block ${what} from ${fetch.origin}, which the policy allows${actual.cause ? `: ${actual.cause}` : ''}`;
  return {
    kind: leak ? 'leak' : 'blocked',
    path: `${t.pathname}${t.search}`,
    request: lower(step.request),
    fetch,
    expected: {
      ...(decision.status !== undefined ? { status: decision.status } : {}),
      headers: expectedView(decision, liveVary),
    },
    actual: { status: response?.status ?? 0, headers: response ? corsView(response.headers) : {} },
    problems: leak
      ? [
          `the policy's answer is blocked (${expected.code ?? 'refused'}); the server's answer passes the CORS check`,
        ]
      : (actual.browsers.chromium.messages ?? [actual.cause ?? 'blocked']).slice(0, 2),
    browser: {
      expected: expected.verdict,
      actual: actual.verdict,
      chromium: actual.browsers.chromium.messages,
      firefox: actual.browsers.firefox.messages,
      summary,
    },
  };
}

function lower(r: WireRequest): Deviation['request'] {
  return { method: r.method, url: r.url, headers: r.headers.map(([n, v]) => [n.toLowerCase(), v] as const) };
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Every distinct request of the run, its live response against the engine's decision. */
async function compareAll(
  policy: CorsPolicy,
  live: LiveExchange,
  options: CompareOptions,
): Promise<Deviation[]> {
  const out: Deviation[] = [];
  for (const ex of live.exchanges.values()) {
    const decision = await decide(policy, ex.request);
    if (!isResponse(ex.response)) {
      out.push(noAnswer(ex, decision.status));
      continue;
    }
    const mismatches = compareResponse(ex.response, decision, options);
    if (mismatches.length === 0) continue;
    const kinds = mismatches.map((m) => m.kind);
    const kind: DeviationKind = kinds.includes('cache')
      ? 'cache'
      : kinds.includes('status')
        ? 'status'
        : 'headers';
    const liveVary = linesOf(ex.response.headers, 'vary').join(', ') || undefined;
    out.push({
      kind,
      path: pathOf(ex.request.url),
      request: lower(ex.request),
      expected: {
        ...(decision.status !== undefined ? { status: decision.status } : {}),
        headers: expectedView(decision, liveVary),
      },
      actual: { status: ex.response.status, headers: corsView(ex.response.headers) },
      problems: mismatches.map((m) => m.text),
    });
  }
  return out;
}

function noAnswer(ex: Exchange, status: number | undefined): Deviation {
  const reason =
    ex.response === null ? 'no response' : (ex.response as { networkError: string }).networkError;
  return {
    kind: 'status',
    path: pathOf(ex.request.url),
    request: lower(ex.request),
    expected: { ...(status !== undefined ? { status } : {}), headers: {} },
    actual: { status: 0, headers: {} },
    problems: [`no answer: ${reason}`],
  };
}

/** Second pass, last request first: each answer's CORS headers must not change. */
async function replayReversed(live: LiveExchange, send: Transport): Promise<Deviation[]> {
  const out: Deviation[] = [];
  for (const ex of [...live.exchanges.values()].reverse()) {
    if (!isResponse(ex.response)) continue;
    const again = await send(ex.request);
    const before = corsView(ex.response.headers);
    const after = isResponse(again) ? corsView(again.headers) : {};
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changed = [...names].filter((n) => before[n] !== after[n]);
    if (changed.length === 0 && isResponse(again)) continue;
    out.push({
      kind: 'order',
      path: pathOf(ex.request.url),
      request: lower(ex.request),
      expected: { headers: before },
      actual: { status: isResponse(again) ? again.status : 0, headers: after },
      problems: isResponse(again)
        ? changed.map(
            (n) =>
              `${n}: first ${JSON.stringify(before[n] ?? null)}, later ${JSON.stringify(after[n] ?? null)}`,
          )
        : ['no answer the second time'],
    });
  }
  return out;
}
