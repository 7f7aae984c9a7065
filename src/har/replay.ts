// Replaying one recorded fetch through the browser model, with the HAR as the only network: the
// model asks for the preflight and each hop, the recorded responses answer. Where the recording
// has a hole (a preflight the recorder dropped, a blocked response it never kept) the replay says
// so instead of guessing a network error.
import { headerValue } from '../browser/header-fields.js';
import { type SimulatedDiagnosis, simulate } from '../browser/index.js';
import type {
  FetchDescription,
  HeaderList,
  NetworkFailure,
  Transport,
  WireRequest,
  WireResponse,
} from '../browser/types.js';
import type { RecordedFetch } from './fetch-groups.js';
import type { RecordedExchange } from './read-har.js';

export type CredentialsSource = 'cookie' | 'failure' | 'default';

export interface Replay {
  readonly diagnosis: SimulatedDiagnosis;
  readonly credentials: boolean;
  readonly credentialsFrom: CredentialsSource;
  readonly notes: readonly string[];
}

/** The recording lacks a response the model needs; `what` says which. */
export class NotRecordedError extends Error {
  override readonly name = 'NotRecordedError';
}

/** Headers the browser adds itself; a script cannot (forbidden ones are dropped by the model). */
const BROWSER_ADDED = new Set(['user-agent', 'cache-control', 'pragma', 'priority']);

/** What the page's script passed to fetch(): the recorded request minus what the browser added. */
export function scriptHeaders(fetch: RecordedFetch): HeaderList {
  const preflight = fetch.preflights.get(fetch.main.url);
  const asked = preflight ? headerValue(preflight.requestHeaders, 'access-control-request-headers') : null;
  const unsafe = new Set((asked ?? '').split(',').map((n) => n.trim().toLowerCase()));
  return fetch.main.requestHeaders.filter(([name]) => {
    const lower = name.toLowerCase();
    // A preflight lists exactly the script's unsafe headers, so it settles the doubtful ones.
    if (preflight && unsafe.has(lower)) return true;
    return !BROWSER_ADDED.has(lower);
  });
}

export async function replayFetch(fetch: RecordedFetch): Promise<Replay> {
  const hasCookie = headerValue(fetch.main.requestHeaders, 'cookie') !== null;
  const notes: string[] = [];
  const first = await run(fetch, hasCookie, notes);
  // The wire does not say whether the script asked for credentials. A cookie means it did; without
  // one, a failure the browser recorded that only a credentialed request explains means it did too.
  if (!hasCookie && failedInRecording(fetch) && first.verdict === 'allowed') {
    const retryNotes: string[] = [];
    const credentialed = await run(fetch, true, retryNotes);
    if (credentialed.verdict === 'blocked') {
      return {
        diagnosis: credentialed,
        credentials: true,
        credentialsFrom: 'failure',
        notes: [
          ...retryNotes,
          "credentials: 'include' inferred: the browser failed this request, and only a credentialed request fails on these responses",
        ],
      };
    }
  }
  return {
    diagnosis: first,
    credentials: hasCookie,
    credentialsFrom: hasCookie ? 'cookie' : 'default',
    notes,
  };
}

function run(fetch: RecordedFetch, credentials: boolean, notes: string[]): Promise<SimulatedDiagnosis> {
  const description: FetchDescription = {
    url: fetch.main.url,
    pageOrigin: fetch.pageOrigin,
    method: fetch.main.method,
    headers: scriptHeaders(fetch),
    credentials: credentials ? 'include' : 'same-origin',
    redirect: 'follow',
  };
  return simulate(description, recordedTransport(fetch, credentials, notes));
}

export function failedInRecording(fetch: RecordedFetch): boolean {
  const last = fetch.hops.at(-1) ?? fetch.main;
  return last.error !== null || last.response === null;
}

function recordedTransport(fetch: RecordedFetch, credentials: boolean, notes: string[]): Transport {
  const used = new Set<RecordedExchange>();
  const requests = [fetch.main, ...fetch.hops];
  return (request: WireRequest) => {
    if (
      request.method === 'OPTIONS' &&
      headerValue(request.headers, 'access-control-request-method') !== null
    ) {
      const preflight = fetch.preflights.get(request.url);
      if (preflight) return answer(preflight, 'its preflight');
      return inferredPreflight(request, requests, credentials, notes);
    }
    const recorded = requests.find((r) => !used.has(r) && r.url === request.url);
    if (!recorded) return unrecordedHop(request, used);
    used.add(recorded);
    return answer(recorded, 'this request');
  };
}

/**
 * Firefox records a redirect that failed on the network as one entry (the 3xx, with the error),
 * not as a second request: the hop's failure is the error of the redirect that led to it.
 */
function unrecordedHop(request: WireRequest, used: ReadonlySet<RecordedExchange>): NetworkFailure {
  const from = [...used].find((r) => r.redirectUrl === request.url);
  const networkError = networkErrorName(from?.error ?? null);
  if (networkError) return { networkError };
  throw new NotRecordedError(`the browser's request to ${request.url} is not in the HAR`);
}

function answer(recorded: RecordedExchange, what: string): WireResponse | NetworkFailure {
  if (recorded.response) return recorded.response;
  const networkError = networkErrorName(recorded.error);
  if (networkError) return { networkError };
  throw new NotRecordedError(
    `the browser failed ${what}${recorded.error ? ` (${recorded.error})` : ''} and the HAR holds no response for it`,
  );
}

/**
 * No preflight recorded (Playwright's recorder never keeps one; a cached preflight is not sent).
 * If the browser then sent the request, the preflight passed: it is replayed as a grant of exactly
 * what was asked. If the request never went out, nothing says why.
 */
function inferredPreflight(
  request: WireRequest,
  requests: readonly RecordedExchange[],
  credentials: boolean,
  notes: string[],
): WireResponse {
  const sent = requests.find((r) => r.url === request.url && r.response !== null);
  if (!sent)
    throw new NotRecordedError(
      `this request needs a preflight, the HAR has none, and the browser recorded no response`,
    );
  notes.push(
    `the preflight to ${request.url} is not in the HAR; the browser sent the request after it, so it passed (or was cached): replayed as granted`,
  );
  const origin = headerValue(request.headers, 'origin') ?? '*';
  const headers: HeaderList = [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Methods', headerValue(request.headers, 'access-control-request-method') ?? 'GET'],
  ];
  const asked = headerValue(request.headers, 'access-control-request-headers');
  if (asked) headers.push(['Access-Control-Allow-Headers', asked]);
  if (credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  return { status: 204, headers };
}

/** Chromium net errors and Firefox NS_ERROR names that are real network failures, as Chromium names them. */
const FIREFOX_NETWORK_ERRORS: Readonly<Record<string, string>> = {
  NS_ERROR_CONNECTION_REFUSED: 'ERR_CONNECTION_REFUSED',
  NS_ERROR_UNKNOWN_HOST: 'ERR_NAME_NOT_RESOLVED',
  NS_ERROR_NET_RESET: 'ERR_CONNECTION_RESET',
  NS_ERROR_NET_TIMEOUT: 'ERR_TIMED_OUT',
  NS_ERROR_NET_INTERRUPT: 'ERR_CONNECTION_RESET',
  NS_ERROR_PORT_ACCESS_NOT_ALLOWED: 'ERR_UNSAFE_PORT',
  NS_ERROR_OFFLINE: 'ERR_INTERNET_DISCONNECTED',
};

/**
 * The network failure a recorded error names, or null when it names a blocked request (Chromium's
 * generic net::ERR_FAILED, Firefox's NS_ERROR_DOM_BAD_URI): those hide the response, not a network.
 */
export function networkErrorName(error: string | null): string | null {
  if (!error) return null;
  const chromium = /\bnet::(ERR_[A-Z_]+)/.exec(error)?.[1] ?? /^(ERR_[A-Z_]+)$/.exec(error)?.[1];
  if (chromium) return chromium === 'ERR_FAILED' || chromium === 'ERR_BLOCKED_BY_CLIENT' ? null : chromium;
  const firefox = /\b(NS_ERROR_[A-Z_]+)/.exec(error)?.[1];
  return firefox ? (FIREFOX_NETWORK_ERRORS[firefox] ?? null) : null;
}
