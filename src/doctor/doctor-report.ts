// The `corskit doctor --json` document: the exchange, the verdict, both browsers' console lines,
// the cause and the fix. Built from a Diagnosis plus the traps, so library users get the same.
import type { BrowserName, Diagnosis, ExchangeStep, Fix, HeaderList } from '../browser/types.js';
import { expressFix } from './express-fix.js';
import type { DoctorBrowser } from './run-doctor.js';
import { detectStacks, type StackEvidence, type StackName, TRUST_REMINDER } from './stack-detection.js';
import type { StackFix } from './stack-fix.js';
import type { Trap } from './traps.js';

export interface StepReport {
  readonly request: { readonly method: string; readonly url: string; readonly headers: HeaderList };
  /** null: the request got no response (network error). */
  readonly response: {
    readonly status: number;
    readonly headers: HeaderList;
    /** Which protocol answered (`h2` negotiated by ALPN on https, else `http/1.1`). */
    readonly protocol: 'http/1.1' | 'h2';
  } | null;
}

export interface DoctorReport {
  readonly url: string;
  readonly origin: string;
  readonly preflight: StepReport | null;
  readonly actual: StepReport | null;
  /** Requests the browser made following redirects of the actual request, in order. */
  readonly redirects: StepReport[];
  readonly verdict: 'allowed' | 'blocked';
  readonly code: string | null;
  readonly messages: Readonly<Record<BrowserName, readonly string[] | null>>;
  /** Per browser when they disagree; equal to the common verdict otherwise. */
  readonly browsers: Diagnosis['browsers'];
  /** The trap (if any) first, then the model's cause; null when allowed. */
  readonly cause: string | null;
  readonly traps: readonly Trap[];
  /** What to look at first, from the browser model. */
  readonly whatToCheck: readonly string[];
  readonly fix: (Fix & { readonly express: string }) | null;
  /**
   * The fix for each stack, the detected one (or --stack) first; null when allowed. `detected` is
   * what the responses tell about the server, whatever the verdict.
   */
  readonly stack: {
    readonly detected: readonly StackEvidence[];
    readonly fixes: readonly StackFix[] | null;
    readonly reminder: string;
  };
  /** Whose requests were sent: each browser's own (`both`) or one browser's for both predictions. */
  readonly requestProfile: DoctorBrowser;
  /**
   * Every request exactly as sent and its response, per browser, in order (preflights, requests
   * and redirect hops). With `requestProfile: both` each browser made its own.
   */
  readonly exchanges: Readonly<Record<BrowserName, readonly StepReport[]>>;
}

function stepReport(step: ExchangeStep | undefined): StepReport | null {
  if (!step) return null;
  return {
    request: { method: step.request.method, url: step.request.url, headers: [...step.request.headers] },
    response: step.response
      ? {
          status: step.response.status,
          headers: [...step.response.headers],
          protocol: step.response.protocol ?? 'http/1.1',
        }
      : null,
  };
}

/** Asynchronous because a blocked verdict loads the config generators that write each stack's fix. */
export async function buildDoctorReport(
  diagnosis: Diagnosis & { readonly exchanges?: Readonly<Record<BrowserName, readonly ExchangeStep[]>> },
  traps: readonly Trap[],
  stackOverride?: StackName,
  requestProfile: DoctorBrowser = 'both',
): Promise<DoctorReport> {
  const exchangeOf = (browser: BrowserName) =>
    (diagnosis.exchanges?.[browser] ?? diagnosis.exchange).map((s) => stepReport(s)!);
  // The model labels a step `redirect` when its response is a redirect and `actual` for the final
  // one; the report names the page's own request `actual` and lists the hops that followed.
  const preflight = diagnosis.exchange.find((s) => s.kind === 'preflight');
  const requests = diagnosis.exchange.filter((s) => s.kind !== 'preflight');
  const actual = requests[0];
  const redirects = requests.slice(1).map((s) => stepReport(s)!);
  return {
    url: diagnosis.request.url,
    origin: diagnosis.request.pageOrigin,
    preflight: stepReport(preflight),
    actual: stepReport(actual),
    redirects,
    verdict: diagnosis.verdict,
    code: diagnosis.code,
    messages: diagnosis.messages,
    browsers: diagnosis.browsers,
    // On an allowed verdict the traps are warnings: there is no cause to name.
    cause: diagnosis.verdict === 'allowed' ? null : causeWithTrapFirst(diagnosis.cause, traps[0]),
    traps,
    whatToCheck: diagnosis.whatToCheck ?? [],
    fix: diagnosis.fix ? { ...diagnosis.fix, express: expressFix(diagnosis.fix.policy) } : null,
    stack: await stackReport(diagnosis, stackOverride),
    requestProfile,
    exchanges: {
      chromium: exchangeOf('chromium'),
      firefox: exchangeOf('firefox'),
      webkit: exchangeOf('webkit'),
    },
  };
}

async function stackReport(
  diagnosis: Diagnosis,
  override: StackName | undefined,
): Promise<DoctorReport['stack']> {
  const responses = diagnosis.exchange.flatMap((s) => (s.response ? [s.response.headers] : []));
  if (!diagnosis.fix) return { detected: detectStacks(responses), fixes: null, reminder: TRUST_REMINDER };
  // Loaded on use: the generators of every stack (and the policy engine) serve only a blocked verdict.
  const { stackFixes } = await import('./stack-fix.js');
  const { detected, fixes } = stackFixes(diagnosis.fix.policy, responses, override);
  return { detected, fixes, reminder: TRUST_REMINDER };
}

/** Words showing the model's own cause already names the trap, so it is not said twice. */
const ALREADY_SAID: Partial<Record<Trap['id'], RegExp>> = {
  'error-status-without-cors': /real problem is /i,
};

/** The trap comes first in the cause: it is what the reader must act on. */
function causeWithTrapFirst(cause: string | null, trap: Trap | undefined): string | null {
  if (!trap) return cause;
  if (!cause) return trap.title;
  if (ALREADY_SAID[trap.id]?.test(cause)) return cause;
  return `${trap.title}. ${cause}`;
}
