// `corskit doctor` as a library call: probe a live URL the way a browser at `origin` would and
// diagnose it with the browser model. The model decides on the preflight, builds the requests and
// follows redirects; this module only supplies the real network and recognises the traps.

import type {
  BrowserName,
  Diagnosis,
  FetchDescription,
  HeaderList,
  SimulatedDiagnosis,
  Transport,
} from '../browser/index.js';
// From its own module, not the browser index: the doctor never needs explain's message catalogues.
import { simulate } from '../browser/simulate.js';
import { buildDoctorReport, type DoctorReport } from './doctor-report.js';
import { createHttpTransport } from './http-transport.js';
import { parseMethod, parseOrigin, parseTargetUrl } from './input.js';
import type { StackName } from './stack-detection.js';
import { detectTraps, type Trap } from './traps.js';

export interface DoctorOptions {
  readonly url: string;
  /** The page's origin, as the browser would send it. */
  readonly origin: string;
  readonly method?: string;
  readonly headers?: HeaderList;
  /** `credentials: "include"` (cookies, HTTP auth). Default: fetch's default, `same-origin`. */
  readonly credentials?: boolean;
  readonly timeoutMs?: number;
  readonly insecure?: boolean;
  /** Put this stack's fix first instead of the detected one (`--stack`). */
  readonly stack?: StackName;
  /** Response headers the page's script wants to read: the doctor says when it cannot. */
  readonly readHeaders?: readonly string[];
  /** Replace the network (recorded exchanges, tests of the printer). */
  readonly transport?: Transport;
  /**
   * Whose requests to send: each browser's own (`both`, the default: the two are probed separately
   * and each is predicted from its own exchange), or one browser's for both predictions (one probe).
   */
  readonly browser?: DoctorBrowser;
}

/** `both` (the name before WebKit) and `all`: every browser probed with its own requests. */
export type DoctorBrowser = BrowserName | 'both' | 'all';

export interface DoctorResult {
  readonly diagnosis: Diagnosis;
  readonly traps: readonly Trap[];
  readonly report: DoctorReport;
}

/** The server could not be reached at all: not a CORS verdict, so the CLI exits 2. */
export class DoctorUnreachableError extends Error {
  override readonly name = 'DoctorUnreachableError';
}

export function describeFetch(options: DoctorOptions): FetchDescription {
  const url = parseTargetUrl(options.url);
  return {
    url: url.href,
    pageOrigin: parseOrigin(options.origin),
    method: parseMethod(options.method ?? 'GET'),
    headers: options.headers ?? [],
    credentials: options.credentials ? 'include' : 'same-origin',
    redirect: 'follow',
  };
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const description = describeFetch(options);
  const browser = options.browser ?? 'both';
  const http = options.transport ? null : createHttpTransport(options);
  let diagnosis: SimulatedDiagnosis;
  try {
    diagnosis = await simulate(description, options.transport ?? http!.transport, {
      requestProfile: browser === 'both' || browser === 'all' ? 'own' : browser,
    });
  } finally {
    http?.close();
  }
  // Only the first request failing means "cannot reach the server"; a later hop failing (a
  // redirect to a dead host) is part of the diagnosis, as in a browser.
  const failure = http?.failures[0];
  if (failure && diagnosis.exchange[0]?.response === null) throw new DoctorUnreachableError(failure.message);
  const traps = detectTraps(diagnosis, {
    readHeaders: options.readHeaders ?? [],
    stalledBodies: http?.stalledBodies.map((r) => r.url) ?? [],
  });
  return { diagnosis, traps, report: await buildDoctorReport(diagnosis, traps, options.stack, browser) };
}
