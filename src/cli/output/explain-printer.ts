// Text output of `corskit explain`: every kind of answer, in the table's language. Shows only
// what a user can act on: codes are MDN's slugs, reasons are readable ("<value>"), never a
// browser's internal string name or a raw template.
import type {
  ExplainAmbiguous,
  ExplainMatch,
  ExplainMiss,
  ExplainNotice,
  ExplainTruncated,
  Explanation,
  NextStep,
} from '../../browser/explain.js';
import { expressFix } from '../../doctor/express-fix.js';
import type { ExplainSentences } from '../explain-lang/index.js';
import type { Colors } from './colors.js';
import { indent, wrap } from './wrap.js';

/** @param title the title in the answer's language (the browser's own wording), when not English. */
export function renderExplanation(e: Explanation, t: ExplainSentences, c: Colors, title?: string): string[] {
  return e.kind === 'match' ? renderMatch(e, t, title ?? e.title, c) : renderOther(e, t, c);
}

function renderOther(e: Exclude<Explanation, ExplainMatch>, t: ExplainSentences, c: Colors): string[] {
  switch (e.kind) {
    case 'truncated':
      return renderTruncated(e, t, c);
    case 'ambiguous':
      return renderAmbiguous(e, t, c);
    case 'notice':
      return renderNotice(e, t, c);
    case 'unknown':
      return renderMiss(e, t, c);
  }
}

function paragraph(text: string): string[] {
  return wrap(text, 96);
}

function nextLines(next: NextStep | null, t: ExplainSentences, c: Colors): string[] {
  if (!next) return [];
  return [
    '',
    c.bold(t.next),
    `  ${c.green(next.command)}`,
    ...(next.originMissing ? indent(paragraph(t.nextOrigin), '  ') : []),
  ];
}

function renderMatch(e: ExplainMatch, t: ExplainSentences, title: string, c: Colors): string[] {
  const how =
    e.match === 'fragment' || e.match === 'reason'
      ? `, ${t.partial}`
      : e.match === 'legacy'
        ? `, ${t.legacy}`
        : '';
  const lines = [
    `${c.bold(e.code)}  ${c.bold(title)}`,
    c.dim(`  ${t.recognised(e.browserName, e.browser === 'chromium' ? '' : e.locales.join(', '))}${how}`),
  ];
  const details: Array<[keyof ExplainSentences['labels'], string | number | null | undefined]> = [
    ['url', e.url],
    ['redirectedFrom', e.redirectedFrom],
    ['origin', e.origin],
    ['status', e.status],
    ['header', e.header],
    ['method', e.method],
    ['value', e.value],
  ];
  for (const [label, value] of details)
    if (value !== undefined && value !== null) lines.push(`  ${t.labels[label]}: ${value}`);
  if (e.preflight) lines.push(`  ${t.preflightFailed}`);
  lines.push('', c.bold(t.cause), ...indent(paragraph(causeIn(e, t)), '  '));
  const checks = t.checks?.[e.code] ?? e.whatToCheck;
  if (checks.length) {
    lines.push('', c.bold(t.whatToCheck));
    for (const item of checks) {
      const [first = '', ...rest] = wrap(item, 94);
      lines.push(`  - ${first}`, ...indent(rest, '    '));
    }
  }
  const summary = t.fixes?.[e.code]?.(e) ?? e.fix.summary;
  lines.push('', c.bold(t.fix), ...indent(paragraph(summary), '  '));
  if (e.fix.headers.length) {
    lines.push('', `  ${t.responseHeaders}`);
    for (const [name, value] of e.fix.headers) lines.push(c.green(`    ${name}: ${value}`));
  }
  lines.push('', `  ${t.policy}`, ...indent(JSON.stringify(e.fix.policy, null, 2).split('\n'), '    '));
  lines.push('', '  nginx:', ...indent(e.fix.nginx.split('\n'), '    '));
  lines.push('', '  Apache:', ...indent(e.fix.apache.split('\n'), '    '));
  lines.push('', '  Express:', ...indent(expressFix(e.fix.policy).split('\n'), '    '));
  return [...lines, ...nextLines(e.next, t, c)];
}

/** The cause in the answer's language when its table has it; an error status comes first. */
function causeIn(e: ExplainMatch, t: ExplainSentences): string {
  const errorStatus = typeof e.status === 'number' && e.status >= 400 && e.code === 'CORSMissingAllowOrigin';
  if (errorStatus && t.errorStatus) return t.errorStatus(e.status as number);
  return t.causes?.[e.code] ?? e.cause;
}

function renderTruncated(e: ExplainTruncated, t: ExplainSentences, c: Colors): string[] {
  const lines = [
    ...paragraph(t.truncated(e.browserName)).map((l) => c.yellow(l)),
    '',
    ...paragraph(t.askWholeLine),
  ];
  if (e.url) lines.push('', `  ${t.labels.url}: ${e.url}`);
  return [...lines, ...nextLines(e.next, t, c)];
}

function renderAmbiguous(e: ExplainAmbiguous, t: ExplainSentences, c: Colors): string[] {
  const lines = [c.yellow(t.ambiguous)];
  for (const m of e.candidates) lines.push(`  ${c.bold(m.code)}  ${m.example}`);
  return [...lines, '', ...paragraph(t.pasteWhole)];
}

function renderNotice(e: ExplainNotice, t: ExplainSentences, c: Colors): string[] {
  const [first = '', ...rest] = t.notices[e.notice];
  const lines = paragraph(first).map((l) => (e.diagnosis ? c.bold(l) : c.yellow(l)));
  for (const sentence of rest) lines.push('', ...paragraph(sentence));
  if (e.status !== undefined && e.status !== null) lines.push('', `  ${t.labels.status}: ${e.status}`);
  return [...lines, ...nextLines(e.next, t, c)];
}

function renderMiss(e: ExplainMiss, t: ExplainSentences, c: Colors): string[] {
  // A line that names no reason (Safari's "TypeError: Load failed"): where the reason is.
  if (e.note) return [c.yellow(t.reasonless), '', ...indent(wrap(e.note, 96), '  ')];
  const lines = [c.yellow(t.unknown)];
  if (e.closest.length) {
    lines.push('', t.closest);
    for (const m of e.closest) lines.push(`  ${c.bold(m.code)}  ${m.example}`);
  }
  return [...lines, '', ...paragraph(t.pasteWhole)];
}
