// Runs scenarios in one real browser and records what its script could read and what it printed.
// Observations are stored with the run's origins replaced by placeholders ({page}, {api}, …), so
// the recorded files do not change from run to run and the model can be compared offline.
import type { BrowserSession, PageRequest } from '../test/support/browsers.js';
import { casePath, caseUrl, type Origins, type Scenario } from './scenario.js';
import type { ConformanceServers, ServerHit } from './servers.js';

export interface Observation {
  readable: boolean;
  status: number | null;
  /** fetch()'s rejection, e.g. "TypeError: Failed to fetch"; null when it resolved. */
  error: string | null;
  /** Every console line and page error the browser printed for the request, in order. */
  consoleLines: string[];
  /** Lower-case names of the scenario's response headers the script could read; null when unreadable. */
  exposed: string[] | null;
  /** What reached the servers, in order (a preflight shows up as OPTIONS). */
  requests: ServerHit[];
}

export interface ObservedFile {
  browser: 'chromium' | 'firefox';
  version: string;
  placeholders: string;
  count: number;
  cases: Record<string, Observation>;
}

export const PLACEHOLDER_NOTE =
  "{page} {api} {other} {closed} stand for the run's loopback origins (http://127.0.0.1:<port>), {PAGE} for the page origin upper-cased, {pageHost} {apiHost} {otherHost} {closedHost} for their host:port.";

/** How many fetches run in one page load: enough to amortise the load, few enough to keep a page light. */
const BATCH = 60;

export async function observe(
  session: BrowserSession,
  servers: ConformanceServers,
  scenarios: readonly Scenario[],
): Promise<Record<string, Observation>> {
  servers.clearHits();
  const out: Record<string, Observation> = {};
  for (const page of ['page', 'sandboxed'] as const) {
    const onPage = scenarios.filter((s) => s.page === page);
    const pageUrl = page === 'page' ? servers.pageUrl : servers.sandboxedPageUrl;
    for (let start = 0; start < onPage.length; start += BATCH) {
      const batch = onPage.slice(start, start + BATCH);
      const results = await session.fetchFrom(
        pageUrl,
        batch.map((s) => pageRequest(s, servers.origins)),
      );
      for (const [index, scenario] of batch.entries()) {
        const result = results[index]!;
        out[scenario.id] = {
          readable: result.readable,
          status: result.status,
          error: result.error,
          consoleLines: result.consoleLines.map((line) => toPlaceholders(line, servers.origins)),
          exposed: result.readable && result.headers ? exposedNames(scenario, result.headers) : null,
          requests: servers.hits.get(scenario.id) ?? [],
        };
      }
    }
  }
  return out;
}

function pageRequest(scenario: Scenario, origins: Origins): PageRequest {
  const { method, headers, credentials, redirect, body } = scenario.request;
  const init: NonNullable<PageRequest['init']> = {};
  if (method !== undefined) init.method = method;
  if (headers !== undefined) init.headers = headers;
  if (credentials !== undefined) init.credentials = credentials;
  if (redirect !== undefined) init.redirect = redirect;
  if (body !== undefined) init.body = body;
  // Redirect targets on other origins share the case's unique path: their lines are this case's.
  return { url: caseUrl(scenario, origins), init, match: [`${casePath(scenario.id)}/`] };
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
