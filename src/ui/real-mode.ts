// "Check in real browsers": the doctor's real-browser mode (`corskit doctor --real`) behind the
// UI. The installed Chromium and Firefox run the same fetch from a page at the given origin; the
// answer holds the model's prediction, what each real browser did and printed, and every
// disagreement between the two.
import type { BrowserName } from '../browser/types.js';
import { type DoctorOptions, runDoctor } from '../doctor/run-doctor.js';
import { disagreements, observeInRealBrowsers, type RealObservation } from '../real-browser/index.js';

export type RealBrowserCheck = (options: DoctorOptions) => Promise<unknown>;

export const REAL_MODE_UNAVAILABLE = 'real-browser mode not available in this build';

export const realBrowserCheck: RealBrowserCheck | null = async (options) => {
  const { report } = await runDoctor(options);
  const observed = await observeInRealBrowsers({
    url: options.url,
    origin: options.origin,
    method: options.method ?? 'GET',
    headers: options.headers ?? [],
    credentials: options.credentials === true,
    insecure: options.insecure === true,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const seen = Object.entries(observed) as Array<[BrowserName, RealObservation]>;
  const differences = seen.flatMap(([browser, real]) =>
    disagreements(
      browser,
      { verdict: report.browsers[browser].verdict, messages: report.messages[browser] },
      real,
    ),
  );
  return {
    prediction: { verdict: report.verdict, code: report.code, messages: report.messages },
    observed,
    disagreements: differences,
  };
};
