// The person-facing doctor output: traps first, then the exchange as a timeline with the failing
// header highlighted, the verdict, what each browser prints, the cause and the fix.
import { STATUS_CODES } from 'node:http';
import type { HeaderList } from '../../browser/types.js';
import type { DoctorReport, StepReport } from '../../doctor/doctor-report.js';
import { FAILING_HEADER } from '../../doctor/failing-header.js';
import { isCorsRelevantRequestHeader, isCorsRelevantResponseHeader } from '../../doctor/header-list.js';
import type { Colors } from './colors.js';
import { indent, wrap } from './wrap.js';

// Re-exported for the printers that used to import them from here.
export { indent, wrap };

interface LabelledStep {
  readonly label: string;
  readonly step: StepReport;
}

function steps(report: DoctorReport): LabelledStep[] {
  const out: LabelledStep[] = [];
  if (report.preflight) out.push({ label: 'preflight', step: report.preflight });
  if (report.actual) out.push({ label: 'actual', step: report.actual });
  for (const step of report.redirects) out.push({ label: 'redirected', step });
  return out;
}

/** The method the page's script used (the preflight asks for it when there is no actual request). */
function fetchMethod(report: DoctorReport): string {
  if (report.actual) return report.actual.request.method;
  const asked = report.preflight?.request.headers.find(
    ([n]) => n.toLowerCase() === 'access-control-request-method',
  );
  return asked?.[1] ?? 'GET';
}

export function renderDoctor(report: DoctorReport, c: Colors): string[] {
  const lines: string[] = [];
  const blocked = report.verdict === 'blocked';
  const what = `${fetchMethod(report)} ${report.url} from ${report.origin}`;
  lines.push(
    blocked
      ? `${c.bold(c.red('✗ BLOCKED'))}  ${c.bold(report.code ?? '')}  ${what}`
      : `${c.bold(c.green('✓ ALLOWED'))}  ${what}`,
  );
  // On an allowed verdict the traps are what it still hides: warnings, not the reason for a block.
  const label = blocked ? '! Trap:' : '! Warning:';
  for (const trap of report.traps) {
    lines.push(
      '',
      `${c.bold(c.yellow(label))} ${c.bold(trap.title)}`,
      ...indent(wrap(trap.explanation, 96), '  '),
    );
  }
  lines.push('', c.bold('Exchange'), ...renderTimeline(report, c));
  if (blocked) lines.push(...renderMessages(report, c), ...renderCause(report, c), ...renderFix(report, c));
  else lines.push('', 'The script can read the response.');
  return lines;
}

function renderTimeline(report: DoctorReport, c: Colors): string[] {
  const all = steps(report);
  const failingHeader = report.code ? (FAILING_HEADER[report.code] ?? null) : null;
  const failingIndex = report.verdict === 'blocked' ? lastAnsweredIndex(all) : -1;
  const lines: string[] = [];
  all.forEach(({ label, step }, index) => {
    lines.push(
      `  ${index + 1}. ${c.cyan(label.padEnd(10))} ${c.bold(`${step.request.method} ${step.request.url}`)}`,
    );
    for (const [name, value] of step.request.headers) {
      if (isCorsRelevantRequestHeader(name)) lines.push(c.dim(`       > ${name}: ${value}`));
    }
    if (!step.response) {
      lines.push(c.red('       < (no response: network error)'));
      return;
    }
    const failing = index === failingIndex;
    const protocol = step.response.protocol === 'h2' ? 'HTTP/2 ' : '';
    const status = `${protocol}${step.response.status} ${STATUS_CODES[step.response.status] ?? ''}`.trim();
    const statusIsCause = failing && !failingHeader;
    lines.push(`       < ${statusIsCause ? c.bold(c.red(`${status}   ← here`)) : status}`);
    lines.push(...renderResponseHeaders(step.response.headers, failing ? failingHeader : null, c));
  });
  return lines;
}

function lastAnsweredIndex(all: LabelledStep[]): number {
  for (let i = all.length - 1; i >= 0; i--) if (all[i]!.step.response) return i;
  return -1;
}

function renderResponseHeaders(headers: HeaderList, failingHeader: string | null, c: Colors): string[] {
  const lines: string[] = [];
  let seenFailing = false;
  for (const [name, value] of headers) {
    if (!isCorsRelevantResponseHeader(name)) continue;
    const isFailing = name.toLowerCase() === failingHeader;
    seenFailing ||= isFailing;
    const text = `       < ${name}: ${value}`;
    lines.push(isFailing ? c.bold(c.red(`${text}   ← here`)) : text);
  }
  if (failingHeader && !seenFailing)
    lines.push(c.bold(c.red(`       < ${failingHeader}: (missing)   ← here`)));
  return lines;
}

function renderMessages(report: DoctorReport, c: Colors): string[] {
  const lines: string[] = [];
  for (const [browser, title] of [
    ['firefox', 'Firefox prints'],
    ['chromium', 'Chromium prints'],
    ['webkit', 'Safari (WebKit) prints'],
  ] as const) {
    const messages = report.messages[browser];
    const verdict = report.browsers[browser]?.verdict;
    lines.push('', c.bold(`${title}:`));
    if (!messages || messages.length === 0) lines.push(`  (nothing: ${verdict ?? 'allowed'} in ${browser})`);
    else for (const message of messages) lines.push(`  ${message}`);
  }
  return lines;
}

function renderCause(report: DoctorReport, c: Colors): string[] {
  const lines = report.cause ? ['', c.bold('Cause'), ...indent(wrap(report.cause, 96), '  ')] : [];
  if (report.whatToCheck.length) {
    lines.push('', c.bold('What to check'));
    for (const item of report.whatToCheck) {
      const [first = '', ...rest] = wrap(item, 94);
      lines.push(`  - ${first}`, ...indent(rest, '    '));
    }
  }
  return lines;
}

function renderFix(report: DoctorReport, c: Colors): string[] {
  const fix = report.fix;
  if (!fix) return [];
  const lines = ['', c.bold('Fix'), ...indent(wrap(fix.summary, 96), '  ')];
  if (fix.headers.length) {
    lines.push('', '  Response headers to send:');
    for (const [name, value] of fix.headers) lines.push(c.green(`    ${name}: ${value}`));
  }
  lines.push(
    '',
    '  corskit policy (cors.json):',
    ...indent(JSON.stringify(fix.policy, null, 2).split('\n'), '    '),
  );
  lines.push('', '  nginx:', ...indent(fix.nginx.split('\n'), '    '));
  lines.push('', '  Apache:', ...indent(fix.apache.split('\n'), '    '));
  lines.push('', '  Express:', ...indent(fix.express.split('\n'), '    '));
  return [...lines, ...renderStackFix(report, c)];
}

/** The first stack's fix in full, with why it is first; the others by name (all are in --json). */
function renderStackFix(report: DoctorReport, c: Colors): string[] {
  const [first, ...others] = report.stack.fixes ?? [];
  if (!first) return [];
  const why = first.because ?? 'no stack recognised from the response';
  const lines = ['', c.bold(`Fix for ${first.label} (${why})`), `  Edit ${first.file}:`, ''];
  lines.push(...indent(first.text.split('\n'), '    '), '', ...indent(wrap(report.stack.reminder, 96), '  '));
  lines.push('', '  Other stacks (--stack NAME prints that fix here; --json has them all):');
  for (const o of others) lines.push(`    ${o.stack.padEnd(8)} ${o.label}: ${o.file}`);
  return lines;
}
