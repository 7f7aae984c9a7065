// The `--real` section of the doctor's text output: per browser, what the real browser did and
// printed, and whether the model said the same.
import { BROWSER_DISPLAY_NAMES } from '../../browser/browser-names.js';
import type { BrowserName } from '../../browser/types.js';
import type { RealReport } from '../doctor-real.js';
import type { Colors } from './colors.js';

const TITLES: Record<BrowserName, string> = BROWSER_DISPLAY_NAMES;

export function renderRealBrowsers(report: RealReport, c: Colors): string[] {
  const lines: string[] = ['', c.bold('Real browsers (--real)')];
  for (const browser of ['chromium', 'firefox'] as const) {
    const seen = report.observed[browser];
    if (!seen) continue;
    const predicted = report.browsers[browser].verdict;
    const agrees = !report.disagreements.some((d) => d.startsWith(`${browser}:`));
    const verdict =
      seen.verdict === 'allowed' ? c.green(`allowed (status ${seen.status})`) : c.red('blocked');
    lines.push(
      `  ${TITLES[browser]} (${seen.version}): ${verdict}  ${agrees ? c.green('✓ as the model predicted') : c.bold(c.red(`✗ the model predicted ${predicted}`))}`,
    );
    if (seen.lines.length === 0) lines.push('    (printed nothing)');
    for (const line of seen.lines) lines.push(`    ${line}`);
    if (!agrees) {
      lines.push(c.yellow('    the model predicted:'));
      for (const line of report.messages[browser] ?? ['(nothing)']) lines.push(c.yellow(`    ${line}`));
    }
  }
  return lines;
}
