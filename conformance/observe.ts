// Runs scenarios in one real browser and records what its script could read and what it printed.
// Observations are stored with the run's origins replaced by placeholders ({page}, {api}, …), so
// the recorded files do not change from run to run and the model can be compared offline.
import type {
  BrowserSession,
  PageFetchResult,
  PageRequest,
  PageRequestInit,
} from '../test/support/browsers.js';
import {
  casePath,
  caseUrl,
  fetchesOf,
  type Origins,
  type Scenario,
  type ScenarioRequest,
} from './scenario.js';
import type { ConformanceServers, ServerHit } from './servers.js';

/** What one fetch() gave the script and printed. */
export interface FetchObservation {
  readable: boolean;
  status: number | null;
  /** fetch()'s rejection, e.g. "TypeError: Failed to fetch"; null when it resolved. */
  error: string | null;
  /** Every console line and page error the browser printed for the request, in order. */
  consoleLines: string[];
  /** Lower-case names of the scenario's response headers the script could read; null when unreadable. */
  exposed: string[] | null;
}

/** A scenario's observation: its (first) fetch, the follow-up fetches if any, and the server side. */
export interface Observation extends FetchObservation {
  /** The scenario's follow-up fetches to the same URL, in order (absent when it has none). */
  followUps?: FetchObservation[];
  /** What reached the servers, in order, for all of the scenario's fetches (a preflight shows up as OPTIONS). */
  requests: ServerHit[];
}

export interface ObservedFile {
  browser: 'chromium' | 'firefox' | 'webkit';
  version: string;
  placeholders: string;
  count: number;
  cases: Record<string, Observation>;
}

export const PLACEHOLDER_NOTE =
  "{page} {api} {other} {closed} stand for the run's loopback origins (http://127.0.0.1:<port>), {PAGE} for the page origin upper-cased, {pageHost} {apiHost} {otherHost} {closedHost} for their host:port.";

/** How many scenarios run in one page load: enough to amortise the load, few enough to keep a page light. */
const BATCH = 60;
/**
 * The fetches of one scenario share a URL, so a line that names it is told apart only by when it
 * arrives: a sequence's fetches wait longer for their late lines than the usual 40 ms.
 */
const SEQUENCE_SETTLE_MS = 150;

export async function observe(
  session: BrowserSession,
  servers: ConformanceServers,
  scenarios: readonly Scenario[],
  log: (line: string) => void = () => {},
): Promise<Record<string, Observation>> {
  servers.clearHits();
  if (scenarios.some((s) => s.followUps)) {
    const pairs = await warmPreflightCache(session, servers);
    log(`${session.kind}: the preflight cache reused a preflight after ${pairs} warm-up pair(s)`);
  }
  const out: Record<string, Observation> = {};
  for (const page of ['page', 'sandboxed'] as const) {
    const onPage = scenarios.filter((s) => s.page === page);
    const pageUrl = page === 'page' ? servers.pageUrl : servers.sandboxedPageUrl;
    for (let start = 0; start < onPage.length; start += BATCH) {
      const batch = onPage.slice(start, start + BATCH);
      const requests = batch.flatMap((s) => pageRequests(s, servers.origins));
      const results = await session.fetchFrom(pageUrl, requests);
      let next = 0;
      for (const scenario of batch) {
        const [first, ...followUps] = fetchesOf(scenario).map(() => {
          const result = results[next++]!;
          return fetchObservation(scenario, result, servers.origins);
        });
        out[scenario.id] = {
          ...first!,
          ...(scenario.followUps ? { followUps } : {}),
          requests: (servers.hits.get(scenario.id) ?? []).map((hit) => ({
            ...hit,
            origin: hit.origin === null ? null : toPlaceholders(hit.origin, servers.origins),
          })),
        };
      }
    }
  }
  return out;
}

/** At most this many warm-up pairs; Firefox 153 has needed two or three. */
const MAX_WARMUP_PAIRS = 12;

/**
 * Firefox 153 ignores its preflight cache for the first few preflighted URLs of a fresh profile:
 * a repeated PUT is preflighted again although the first preflight said Max-Age 600 (observed;
 * position-dependent, cause not identified; Chromium caches from the first fetch). The fetch
 * sequences measure the cache as it then behaves for good, so before them the harness repeats
 * PUT, PUT pairs to warm-up URLs until one pair's second PUT goes out without a preflight.
 * Returns how many pairs it took.
 */
export async function warmPreflightCache(
  session: BrowserSession,
  servers: ConformanceServers,
): Promise<number> {
  const start = servers.warmupHits.size;
  for (let pair = 1; pair <= MAX_WARMUP_PAIRS; pair++) {
    const k = start + pair;
    const put: PageRequest = { url: servers.warmupUrl(k), init: { method: 'PUT' } };
    await session.fetchFrom(servers.pageUrl, [put, put]);
    const preflights = (servers.warmupHits.get(k) ?? []).filter((m) => m === 'OPTIONS').length;
    if (preflights === 1) return pair;
  }
  throw new Error(
    `${session.kind}: its preflight cache never reused a preflight in ${MAX_WARMUP_PAIRS} tries`,
  );
}

function fetchObservation(scenario: Scenario, result: PageFetchResult, origins: Origins): FetchObservation {
  return {
    readable: result.readable,
    status: result.status,
    error: result.error,
    consoleLines: result.consoleLines.map((line) => toPlaceholders(line, origins)),
    exposed: result.readable && result.headers ? exposedNames(scenario, result.headers) : null,
  };
}

function pageRequests(scenario: Scenario, origins: Origins): PageRequest[] {
  const fetches = fetchesOf(scenario);
  const sequence = fetches.length > 1;
  return fetches.map((request) => ({
    url: caseUrl(scenario, origins),
    init: pageInit(request),
    // Redirect targets on other origins share the case's unique path: their lines are this case's.
    match: [`${casePath(scenario.id)}/`],
    ...(sequence ? { settleMs: SEQUENCE_SETTLE_MS } : {}),
  }));
}

function pageInit({ method, headers, credentials, redirect, body }: ScenarioRequest): PageRequestInit {
  const init: PageRequestInit = {};
  if (method !== undefined) init.method = method;
  if (headers !== undefined) init.headers = headers;
  if (credentials !== undefined) init.credentials = credentials;
  if (redirect !== undefined) init.redirect = redirect;
  if (body !== undefined) init.body = body;
  return init;
}

/** The scenario's own response header names that the script saw (framing headers such as Content-Length are ignored). */
function exposedNames(scenario: Scenario, visible: Record<string, string>): string[] {
  const sent = new Set(
    scenario.steps.flatMap((step) => step.actual.headers.map(([name]) => name.toLowerCase())),
  );
  return Object.keys(visible)
    .map((name) => name.toLowerCase())
    .filter((name) => sent.has(name))
    .sort();
}

export function toPlaceholders(text: string, origins: Origins): string {
  const pairs: Array<[string, string]> = [
    [origins.page, '{page}'],
    [origins.api, '{api}'],
    [origins.other, '{other}'],
    [origins.closed, '{closed}'],
    [origins.page.toUpperCase(), '{PAGE}'],
    [hostOf(origins.page), '{pageHost}'],
    [hostOf(origins.api), '{apiHost}'],
    [hostOf(origins.other), '{otherHost}'],
    [hostOf(origins.closed), '{closedHost}'],
  ];
  let out = text;
  // (?!\d): the origin :4100 must not eat the first digits of :41001.
  for (const [from, to] of pairs)
    if (from) out = out.replace(new RegExp(`${escapeRegExp(from)}(?!\\d)`, 'g'), to);
  return out;
}

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
