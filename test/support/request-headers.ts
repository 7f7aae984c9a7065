// Comparing the requests the doctor's browser profile sends with the ones a real browser sent to
// the same server: every header name (in its case) and value, and their order. The one value
// that legitimately differs is Chromium's User-Agent: headless Chromium says `HeadlessChrome/`
// where a person's browser (and the profile) say `Chrome/`.
export type RawHeaders = ReadonlyArray<readonly [string, string]>;

export function normaliseBrowserHeaders(headers: RawHeaders): Array<[string, string]> {
  return headers.map(([name, value]) => [
    name,
    name.toLowerCase() === 'user-agent' ? value.replace('HeadlessChrome/', 'Chrome/') : value,
  ]);
}

/** Differences between two header lists, in words; empty when they are identical. */
export function headerDifferences(observed: RawHeaders, sent: RawHeaders): string[] {
  const a = normaliseBrowserHeaders(observed).map(([n, v]) => `${n}: ${v}`);
  const b = sent.map(([n, v]) => `${n}: ${v}`);
  const out: string[] = [];
  for (const line of a) if (!b.includes(line)) out.push(`browser sent, profile did not: ${line}`);
  for (const line of b) if (!a.includes(line)) out.push(`profile sent, browser did not: ${line}`);
  if (out.length === 0 && a.join('\n') !== b.join('\n'))
    out.push(
      `same headers, other order:\n  browser: ${a.map((l) => l.split(':')[0]).join(', ')}\n  profile: ${b.map((l) => l.split(':')[0]).join(', ')}`,
    );
  return out;
}
