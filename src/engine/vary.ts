// Merging into an existing Vary header: add, never replace, never duplicate; `Vary: *` already
// varies on everything and stays as it is.

/** Returns `existing` with every token of `add` that it lacks appended (case-insensitive). */
export function mergeVary(existing: string | null | undefined, add: string): string {
  const current = existing?.trim() ?? '';
  if (add === '') return current;
  const have = new Set<string>();
  for (const token of current.split(',')) {
    const t = token.trim().toLowerCase();
    if (t === '*') return current;
    if (t !== '') have.add(t);
  }
  let out = current;
  for (const token of add.split(',')) {
    const t = token.trim();
    if (t === '' || have.has(t.toLowerCase())) continue;
    if (t === '*') return '*';
    have.add(t.toLowerCase());
    out = out === '' ? t : `${out}, ${t}`;
  }
  return out;
}
