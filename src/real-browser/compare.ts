// The model's prediction beside what a real browser did: agreement on the verdict and on every
// console line, and a sentence for each difference.
import type { BrowserName } from '../browser/types.js';
import type { RealObservation } from './run-real.js';

export interface Prediction {
  readonly verdict: 'allowed' | 'blocked';
  readonly messages: readonly string[] | null;
}

/** Differences in words; empty when the browser did exactly what the model said. */
export function disagreements(
  browser: BrowserName,
  predicted: Prediction,
  observed: RealObservation,
): string[] {
  const out: string[] = [];
  if (predicted.verdict !== observed.verdict)
    out.push(`${browser}: the model predicted ${predicted.verdict}, the real browser ${observed.verdict}`);
  const expected = predicted.messages ?? [];
  const same = expected.length === observed.lines.length && expected.every((l, i) => l === observed.lines[i]);
  if (!same) out.push(`${browser}: the console lines differ from the model's`);
  return out;
}
