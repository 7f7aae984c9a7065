import Table from 'cli-table3';

/**
 * A plain table (no colour codes in borders, so it survives copy-paste into an issue). Given a
 * width, the columns shrink to fit it and the text wraps: the first column keeps its natural width.
 */
export function renderTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  width?: number,
): string {
  const colWidths = width ? fitColumns(head, rows, width) : undefined;
  const table = new Table({
    head: [...head],
    style: { head: [], border: [] },
    wordWrap: true,
    ...(colWidths ? { colWidths } : {}),
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** Column widths (padding included) that add up to at most `width`, shrinking the widest first. */
function fitColumns(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  width: number,
): number[] | undefined {
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)) + 2);
  // Borders: one per column plus one.
  const budget = width - (head.length + 1);
  if (natural.reduce((a, b) => a + b, 0) <= budget) return undefined;
  const widths = [...natural];
  const minimum = 8;
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= minimum) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}
