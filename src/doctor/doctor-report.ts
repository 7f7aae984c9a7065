// The `corskit doctor --json` document: the exchange, the verdict, both browsers' console lines,
// the cause and the fix. Built from a Diagnosis plus the traps, so library users get the same.
import type { BrowserName, Diagnosis, ExchangeStep, Fix, HeaderList } from '../browser/types.js';
import { expressFix } from './express-fix.js';
import type { Trap } from './traps.js';

export interface StepReport {
  readonly request: { readonly method: string; readonly url: string; readonly headers: HeaderList };
  /** null: the request got no response (network error). */
  readonly response: { readonly status: number; readonly headers: HeaderList } | null;
}

export interface DoctorReport {
  readonly url: string;
  readonly origin: string;
  readonly preflight: StepReport | null;
  readonly actual: StepReport | null;
  /** Requests the browser made after following redirects of the actual request, in order. */
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
}

function stepReport(step: ExchangeStep | undefined): StepReport | null {
  if (!step) return null;
  return {
    request: { method: step.request.method, url: step.request.url, headers: [...step.request.headers] },
    response: step.response ? { status: step.response.status, headers: [...step.response.headers] } : null,
  };
}

export function buildDoctorReport(diagnosis: Diagnosis, traps: readonly Trap[]): DoctorReport {
  const preflight = diagnosis.exchange.find((s) => s.kind === 'preflight');
  const actual = diagnosis.exchange.find((s) => s.kind === 'actual');
  const redirects = diagnosis.exchange.filter((s) => s.kind === 'redirect').map((s) => stepReport(s)!);
  const trap = traps[0];
  const cause =
    diagnosis.cause && trap ? `${trap.title}. ${diagnosis.cause}` : (diagnosis.cause ?? trap?.title ?? null);
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
    cause,
    traps,
    whatToCheck: diagnosis.whatToCheck ?? [],
    fix: diagnosis.fix ? { ...diagnosis.fix, express: expressFix(diagnosis.fix.policy) } : null,
  };
}
