// The text form of a verify report: one summary line, then a table of deviations, worst first.
// Rows that differ only in the credentials mode are merged; --json keeps every one.
import type { Deviation, VerifyReport } from '../../verify/verify-report.js';
import type { Colors } from './colors.js';
import { renderTable } from './table.js';

/** More rows than this are summarised; --json has them all. */
const MAX_ROWS = 30;
/** Column widths in characters: the table stays readable in a 150-column terminal. */
const WIDTH = { request: 38, headers: 34, meaning: 44 };

const LABEL: Record<Deviation['kind'], string> = {
  leak: 'LEAK',
  blocked: 'BLOCKED',
  cache: 'VARY',
  order: 'ORDER',
  status: 'STATUS',
  headers: 'HEADERS',
};

interface Row {
  readonly d: Deviation;
  credentials: Set<boolean>;
}

/** A hostile server's header values must not drive the terminal: control bytes are shown escaped. */
function printable(text: string): string {
  return text.replace(
    /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Hard-wraps each line at `width`, breaking long tokens (origins) too. */
function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const line of printable(text).split('\n')) {
    let current = '';
    for (const word of line.split(' ')) {
      let w = word;
      while (w.length > width) {
        if (current) out.push(current);
        out.push(w.slice(0, width));
        w = w.slice(width);
        current = '';
      }
      if (current && current.length + 1 + w.length > width) {
        out.push(current);
        current = w;
      } else current = current ? `${current} ${w}` : w;
    }
    out.push(current);
  }
  return out.join('\n');
}

function describeRequest(row: Row): string {
  const { d } = row;
  const headers = d.request.headers.map(([n, v]) => `${n}: ${v}`);
  const creds = d.fetch
    ? row.credentials.size === 2
      ? 'with and without credentials'
      : row.credentials.has(true)
        ? 'with credentials'
        : 'without credentials'
    : undefined;
  return [`${d.request.method} ${d.path}`, ...headers, ...(creds ? [`(${creds})`] : [])].join('\n');
}

function describeHeaders(h: { status?: number; headers: Readonly<Record<string, string>> }): string {
  const lines = Object.entries(h.headers).map(([n, v]) => `${n}: ${v}`);
  if (h.status !== undefined) lines.unshift(`status ${h.status}`);
  return lines.length ? lines.join('\n') : '(no CORS header)';
}

function meaning(d: Deviation): string {
  if (d.browser)
    return `${d.browser.summary.replace(/ with credentials/, '')}\n${d.kind === 'blocked' ? (d.problems[0] ?? '') : ''}`.trim();
  return d.problems.join('\n');
}

function mergeRows(deviations: readonly Deviation[]): Row[] {
  const rows = new Map<string, Row>();
  for (const d of deviations) {
    const key = d.fetch
      ? JSON.stringify([d.kind, d.path, d.request.method, d.fetch.origin, d.fetch.method, d.fetch.headers])
      : JSON.stringify([d.kind, d.request, d.path]);
    const row = rows.get(key);
    if (row && d.fetch) row.credentials.add(d.fetch.credentials);
    else if (!row) rows.set(key, { d, credentials: new Set(d.fetch ? [d.fetch.credentials] : []) });
  }
  return [...rows.values()];
}

export function renderVerify(report: VerifyReport, c: Colors): string[] {
  const head = report.conforms
    ? c.green(`✔ ${report.url} answers as the policy says`)
    : c.red(`✘ ${report.url} deviates from the policy: ${summaryCounts(report)}`);
  const lines = [
    head,
    `  ${report.fetches} browser fetches × ${report.paths.length} path(s) (${report.paths.join(', ')}), ${report.requests} HTTP requests, run twice in different orders`,
  ];
  if (report.conforms) return lines;
  const merged = mergeRows(report.deviations);
  const rows = merged
    .slice(0, MAX_ROWS)
    .map((row) => [
      row.d.kind === 'leak' || row.d.kind === 'blocked'
        ? c.red(LABEL[row.d.kind])
        : c.yellow(LABEL[row.d.kind]),
      wrap(describeRequest(row), WIDTH.request),
      wrap(describeHeaders(row.d.expected), WIDTH.headers),
      wrap(describeHeaders(row.d.actual), WIDTH.headers),
      wrap(meaning(row.d), WIDTH.meaning),
    ]);
  lines.push(renderTable(['', 'request', 'policy says', 'server sent', 'meaning'], rows));
  if (merged.length > MAX_ROWS)
    lines.push(`… and ${merged.length - MAX_ROWS} more rows (--json lists every deviation)`);
  return lines;
}

function summaryCounts(report: VerifyReport): string {
  return Object.entries(report.counts)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${LABEL[k as Deviation['kind']].toLowerCase()}`)
    .join(', ');
}
