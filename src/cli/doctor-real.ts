// `corskit doctor --real`: the doctor's report, then the same fetch in the installed browsers,
// each browser's real verdict and console lines beside the model's, disagreements flagged.
import type { BrowserName } from '../browser/types.js';
import type { DoctorReport } from '../doctor/doctor-report.js';
import { parseHeader, parseMethod, parseTimeout } from '../doctor/input.js';
import {
  disagreements,
  observeInRealBrowsers,
  RealBrowserError,
  type RealObservation,
} from '../real-browser/index.js';
import type { DoctorFlags } from './doctor.js';
import { CliError } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { renderDoctor } from './output/doctor-printer.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { renderRealBrowsers } from './output/real-printer.js';
import { printLines } from './output/write.js';

export interface RealReport extends DoctorReport {
  /** What each real browser did and printed. */
  readonly observed: Partial<Record<BrowserName, RealObservation>>;
  /** Where a real browser did something the model did not predict; empty when they agree. */
  readonly disagreements: string[];
}

export async function runRealComparison(
  report: DoctorReport,
  flags: DoctorFlags,
  method: string,
): Promise<number> {
  const browsers = parseRealBrowsers(flags.real);
  let observed: Partial<Record<BrowserName, RealObservation>>;
  try {
    observed = await observeInRealBrowsers({
      url: report.url,
      origin: report.origin,
      method: parseMethod(method),
      headers: (flags.header ?? []).map(parseHeader),
      credentials: flags.credentials === true,
      ...(browsers ? { browsers } : {}),
      paths: {
        ...(flags.chromiumPath ? { chromium: flags.chromiumPath } : {}),
        ...(flags.firefoxPath ? { firefox: flags.firefoxPath } : {}),
      },
      insecure: flags.insecure === true,
      timeoutMs: parseTimeout(flags.timeout),
    });
  } catch (error) {
    if (error instanceof RealBrowserError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
  const differences = (Object.entries(observed) as Array<[BrowserName, RealObservation]>).flatMap(
    ([browser, seen]) =>
      disagreements(
        browser,
        { verdict: report.browsers[browser].verdict, messages: report.messages[browser] },
        seen,
      ),
  );
  const full: RealReport = { ...report, observed, disagreements: differences };
  if (flags.json) printJson(full);
  else printLines([...renderDoctor(report, colors()), ...renderRealBrowsers(full, colors())]);
  return report.verdict === 'allowed' ? ExitCode.ok : ExitCode.problem;
}

function parseRealBrowsers(value: boolean | string | undefined): BrowserName[] | undefined {
  if (value === undefined || value === true) return undefined;
  const names = String(value)
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names)
    if (name !== 'chromium' && name !== 'firefox')
      throw new CliError(`invalid --real "${value}": expected chromium, firefox or chromium,firefox`);
  return names as BrowserName[];
}
