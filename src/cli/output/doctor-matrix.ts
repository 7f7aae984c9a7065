// Several origins and methods in one doctor run: one compact line per combination, the verdict,
// the code and the first trap, so a user sees at a glance which pages and methods fail.
import type { DoctorReport } from '../../doctor/doctor-report.js';
import type { Colors } from './colors.js';

export interface MatrixCell {
  readonly origin: string;
  readonly method: string;
  readonly report: DoctorReport;
}

export function renderDoctorMatrix(url: string, cells: readonly MatrixCell[], c: Colors): string[] {
  const originWidth = Math.max(6, ...cells.map((x) => x.origin.length));
  const methodWidth = Math.max(6, ...cells.map((x) => x.method.length));
  const lines = [
    c.bold(url),
    '',
    `  ${'origin'.padEnd(originWidth)}  ${'method'.padEnd(methodWidth)}  verdict`,
  ];
  for (const { origin, method, report } of cells) {
    const verdict =
      report.verdict === 'allowed'
        ? c.green(
            `✓ allowed${report.traps.length ? ` (! ${report.traps.length} warning${report.traps.length > 1 ? 's' : ''})` : ''}`,
          )
        : c.red(`✗ ${report.code ?? 'blocked'}`);
    lines.push(`  ${origin.padEnd(originWidth)}  ${method.padEnd(methodWidth)}  ${verdict}`);
    const first = report.traps[0];
    if (first) lines.push(c.dim(`  ${''.padEnd(originWidth)}  ${''.padEnd(methodWidth)}    ${first.title}`));
  }
  lines.push(
    '',
    c.dim('Run with one --origin and one -X for the full exchange, the browser lines and the fix.'),
  );
  return lines;
}
