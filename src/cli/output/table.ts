import Table from 'cli-table3';

/** A plain table (no colour codes in borders, so it survives copy-paste into an issue). */
export function renderTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
