// What `corskit har` says about each recorded cross-origin request: the doctor's report of the
// replayed exchange (same fields as `corskit doctor --json`) plus where the facts came from.
import { explainCode } from '../browser/causes.js';
import type { CorsErrorCode } from '../browser/types.js';
import { buildDoctorReport, type DoctorReport, type StepReport } from '../doctor/doctor-report.js';
import { TRUST_REMINDER } from '../doctor/stack-detection.js';
import { detectTraps } from '../doctor/traps.js';
import type { PageOriginSource, RecordedFetch } from './fetch-groups.js';
import type { RecordedExchange } from './read-har.js';
import { type CredentialsSource, NotRecordedError, replayFetch } from './replay.js';

export interface HarRequestReport extends DoctorReport {
  /** Index of the request's entry in `log.entries`, from 0. */
  readonly entry: number;
  readonly method: string;
  readonly pageOriginFrom: PageOriginSource;
  readonly credentials: boolean;
  readonly credentialsFrom: CredentialsSource;
  /** What the browser recorded for the request itself. */
  readonly recorded: {
    readonly status: number | null;
    readonly error: string | null;
    readonly preflight: 'recorded' | 'not-in-har';
  };
  /** False when the HAR lacks a response the model needs (then code is null and cause says why). */
  readonly replayed: boolean;
  readonly notes: readonly string[];
  /** Re-run against the live server to see what the HAR could not show. */
  readonly doctorCommand: string;
}

export async function reportFetch(fetch: RecordedFetch): Promise<HarRequestReport> {
  const base = {
    entry: fetch.main.index,
    method: fetch.main.method,
    pageOriginFrom: fetch.pageOriginFrom,
    recorded: {
      status: fetch.main.response?.status ?? null,
      error: fetch.main.error,
      preflight: fetch.preflights.has(fetch.main.url) ? ('recorded' as const) : ('not-in-har' as const),
    },
  };
  try {
    const replay = await replayFetch(fetch);
    const report = await buildDoctorReport(replay.diagnosis, detectTraps(replay.diagnosis));
    return {
      ...report,
      ...base,
      credentials: replay.credentials,
      credentialsFrom: replay.credentialsFrom,
      replayed: true,
      notes: replay.notes,
      doctorCommand: doctorCommand(fetch, replay.credentials),
    };
  } catch (error) {
    if (!(error instanceof NotRecordedError)) throw error;
    return { ...unreplayable(fetch, error.message), ...base };
  }
}

function unreplayable(
  fetch: RecordedFetch,
  why: string,
): Omit<HarRequestReport, 'entry' | 'method' | 'pageOriginFrom' | 'recorded'> {
  const credentials = fetch.main.requestHeaders.some(([n]) => n.toLowerCase() === 'cookie');
  const command = doctorCommand(fetch, credentials);
  const preflight = fetch.preflights.get(fetch.main.url);
  return {
    url: fetch.main.url,
    origin: fetch.pageOrigin,
    preflight: preflight ? stepOf(preflight) : null,
    actual: stepOf(fetch.main),
    redirects: fetch.hops.map(stepOf),
    verdict: 'blocked',
    code: null,
    messages: { firefox: null, chromium: null, webkit: null },
    browsers: {
      firefox: { verdict: 'blocked', code: null, messages: null },
      chromium: { verdict: 'blocked', code: null, messages: null },
      webkit: { verdict: 'blocked', code: null, messages: null },
    },
    cause: `Cannot replay: ${why}. Chromium's recorders drop the response of a request they block, and Playwright's never keeps preflights. Re-run against the live server: ${command}`,
    traps: [],
    whatToCheck: [
      `Run ${command}`,
      'Or export the HAR from DevTools, which keeps preflights and blocked responses.',
    ],
    fix: null,
    stack: { detected: [], fixes: null, reminder: TRUST_REMINDER },
    requestProfile: 'both',
    exchanges: {
      chromium: [stepOf(fetch.main)],
      firefox: [stepOf(fetch.main)],
      webkit: [stepOf(fetch.main)],
    },
    credentials,
    credentialsFrom: credentials ? 'cookie' : 'default',
    replayed: false,
    notes: [],
    doctorCommand: command,
  };
}

function stepOf(exchange: RecordedExchange): StepReport {
  return {
    request: { method: exchange.method, url: exchange.url, headers: [...exchange.requestHeaders] },
    response: exchange.response
      ? // The HAR's httpVersion is not read: the report treats a recorded response as HTTP/1.1.
        { status: exchange.response.status, headers: [...exchange.response.headers], protocol: 'http/1.1' }
      : null,
  };
}

/** The equivalent `corskit doctor` command line, shell-quoted. Redacted values stay redacted. */
export function doctorCommand(fetch: RecordedFetch, credentials: boolean): string {
  const words = ['corskit', 'doctor', fetch.main.url, '--origin', fetch.pageOrigin];
  if (fetch.main.method !== 'GET') words.push('-X', fetch.main.method);
  const preflight = fetch.preflights.get(fetch.main.url);
  const asked = preflight?.requestHeaders.find(
    ([n]) => n.toLowerCase() === 'access-control-request-headers',
  )?.[1];
  const names = new Set(
    (asked ?? '')
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const [name, value] of fetch.main.requestHeaders)
    if (names.has(name.toLowerCase()) || /^(content-type|authorization|x-)/i.test(name))
      words.push('-H', `${name}: ${value}`);
  if (credentials) words.push('--credentials');
  return words.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface FailureGroup {
  /** A trap id, a CorsErrorCode, or `not-replayable`. */
  readonly reason: string;
  readonly title: string;
  readonly entries: readonly number[];
  readonly urls: readonly string[];
}

export interface HarSummary {
  readonly creator: string;
  /** Cross-origin CORS requests found. */
  readonly requests: number;
  readonly allowed: number;
  readonly blocked: number;
  /** Entries that are not cross-origin CORS requests. */
  readonly skipped: number;
  /** Blocked requests grouped by reason, largest group first. */
  readonly failures: readonly FailureGroup[];
}

export function summarize(
  creator: string,
  reports: readonly HarRequestReport[],
  skipped: number,
): HarSummary {
  const groups = new Map<string, { title: string; entries: number[]; urls: string[] }>();
  for (const report of reports) {
    if (report.verdict !== 'blocked') continue;
    const { reason, title } = reasonOf(report);
    const group = groups.get(reason) ?? { title, entries: [], urls: [] };
    group.entries.push(report.entry);
    if (!group.urls.includes(report.url)) group.urls.push(report.url);
    groups.set(reason, group);
  }
  const failures = [...groups.entries()]
    .map(([reason, g]) => ({ reason, ...g }))
    .sort((a, b) => b.entries.length - a.entries.length || a.reason.localeCompare(b.reason));
  const blocked = reports.filter((r) => r.verdict === 'blocked').length;
  return { creator, requests: reports.length, allowed: reports.length - blocked, blocked, skipped, failures };
}

function reasonOf(report: HarRequestReport): { reason: string; title: string } {
  const trap = report.traps[0];
  if (trap) return { reason: trap.id, title: genericTrapTitle(trap.id) };
  if (report.code) return { reason: report.code, title: explainCode(report.code as CorsErrorCode).title };
  if (!report.replayed)
    return { reason: 'not-replayable', title: 'No response in the HAR: re-run with corskit doctor' };
  return { reason: 'other', title: report.cause ?? 'Blocked' };
}

/** Group titles without per-request details (a status, a Location). */
function genericTrapTitle(id: string): string {
  const titles: Record<string, string> = {
    'error-status-without-cors': 'A server error whose response drops the CORS headers',
    'preflight-rejected-by-auth': 'The preflight was rejected by authentication',
    'preflight-forbidden': 'The preflight was refused with 403 and no CORS headers',
    'preflight-not-handled': 'The server does not answer OPTIONS (preflight) for this path',
    'preflight-redirected': 'The preflight was redirected',
    'wildcard-with-credentials': "Access-Control-Allow-Origin: '*' on a credentialed request",
    'multiple-allow-origin': 'Two Access-Control-Allow-Origin values (app and proxy both add it)',
  };
  return titles[id] ?? id;
}
