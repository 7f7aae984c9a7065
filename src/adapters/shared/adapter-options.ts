// Options every adapter shares, and the one place that decides when a refusal is reported.
import type { CorsDecision } from '../../policy/types.js';

export interface AdapterOptions<Req> {
  /**
   * Let a preflight continue to the application's own OPTIONS handling (with the CORS headers
   * already set) instead of ending it with `decision.status`. Default false.
   */
  preflightContinue?: boolean;
  /** Called for every refused cross-origin request (logging, metrics). Never changes the response. */
  onRefuse?: (decision: CorsDecision, request: Req) => void;
}

/** Reports a refusal to the hook, if there is one. A request without Origin is not a refusal. */
export function reportRefusal<Req>(
  onRefuse: AdapterOptions<Req>['onRefuse'],
  decision: CorsDecision,
  request: Req,
): void {
  if (onRefuse !== undefined && decision.kind !== 'none' && !decision.allowed) onRefuse(decision, request);
}

/** True when the adapter must end the response itself: a preflight, and the user did not ask to continue. */
export function endsHere(decision: CorsDecision, preflightContinue: boolean | undefined): boolean {
  return decision.kind === 'preflight' && preflightContinue !== true;
}

/** The status a preflight ends with; the engine always sets one for preflights. */
export function preflightStatus(decision: CorsDecision): number {
  return decision.status ?? (decision.allowed ? 204 : 403);
}
