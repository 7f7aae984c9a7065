// `corskit har` for people: a one-screen summary (counts, then failures grouped by reason), then
// each request: allowed ones on one line, blocked ones with code, both browsers' lines, cause and fix.
import type { HarAnalysis, HarRequestReport } from '../../har/index.js';
import type { Colors } from './colors.js';
import { indent, wrap } from './wrap.js';

export function renderHar(analysis: HarAnalysis, c: Colors): string[] {
  const { summary } = analysis;
  const lines = [
    c.bold(
      `${summary.requests} cross-origin requests: ${summary.allowed} allowed, ${summary.blocked} blocked` +
        ` (${summary.skipped} other entries skipped)${summary.creator ? ` — recorded by ${summary.creator}` : ''}`,
    ),
  ];
  for (const group of summary.failures) {
    const entries = group.entries.map((e) => `#${e}`).join(' ');
    lines.push(
      `  ${c.red(`${String(group.entries.length).padStart(3)} ×`)} ${c.bold(group.title)}  ${c.dim(`[${group.reason}] ${entries}`)}`,
    );
  }
  for (const request of analysis.requests) lines.push('', ...renderRequest(request, c));
  return lines;
}

function renderRequest(r: HarRequestReport, c: Colors): string[] {
  const head = `#${r.entry} ${r.method} ${r.url}  ${c.dim(`from ${r.origin} (${r.pageOriginFrom})`)}`;
  if (r.verdict === 'allowed') return [`${c.green('✓ allowed')}  ${head}`, ...notes(r, c)];
  const lines = [`${c.bold(c.red('✗ blocked'))}  ${c.bold(r.code ?? '(not replayable)')}  ${head}`];
  lines.push(...recorded(r, c));
  for (const [browser, title] of [
    ['firefox', 'Firefox'],
    ['chromium', 'Chromium'],
  ] as const) {
    const messages = r.messages[browser];
    if (messages?.length) lines.push(`  ${c.bold(`${title}:`)}`, ...messages.map((m) => `    ${m}`));
  }
  if (r.cause) lines.push(`  ${c.bold('Cause:')}`, ...indent(wrap(r.cause, 94), '    '));
  if (r.fix?.headers.length) {
    lines.push(`  ${c.bold('Fix:')} ${r.fix.summary}`);
    for (const [name, value] of r.fix.headers) lines.push(c.green(`    ${name}: ${value}`));
  }
  lines.push(...notes(r, c), c.dim(`  live: ${r.doctorCommand}`));
  return lines;
}

/** The recorded request and response headers that matter, secrets already redacted. */
function recorded(r: HarRequestReport, c: Colors): string[] {
  const lines: string[] = [];
  const steps = [
    ['preflight', r.preflight],
    ['request', r.actual],
    ...r.redirects.map((s) => ['redirect', s] as const),
  ] as const;
  for (const [label, step] of steps) {
    if (!step) continue;
    const response = step.response ? String(step.response.status) : 'no response';
    lines.push(c.dim(`  ${label}: ${step.request.method} ${step.request.url} → ${response}`));
    for (const [name, value] of step.request.headers)
      if (/^(authorization|cookie|origin|access-control-)/i.test(name))
        lines.push(c.dim(`    > ${name}: ${value}`));
    for (const [name, value] of step.response?.headers ?? [])
      if (/^(access-control-|set-cookie|location|www-authenticate|vary)/i.test(name))
        lines.push(c.dim(`    < ${name}: ${value}`));
  }
  return lines;
}

function notes(r: HarRequestReport, c: Colors): string[] {
  return r.notes.map((n) => c.yellow(`  note: ${n}`));
}
