// Public-suffix test for origin patterns: `https://*.co.uk` or `https://*.github.io` would trust
// every unrelated site registered under that suffix. Parsed lazily and one TLD at a time: a lookup
// reads only the line of the host's TLD (every rule of the list ends in its line's TLD, a single
// label), so `corskit doctor`'s same-site test or a policy with one wildcard parses a line of the
// list, not its 9,776 rules (≈ 4 ms at start-up).
import { PUBLIC_SUFFIX_DATA } from './public-suffix-data.js';

export interface SuffixSets {
  readonly rules: Set<string>;
  readonly wildcards: Set<string>;
  readonly exceptions: Set<string>;
}

/** Adds the rules of one line of the data ("tld" or "tld:rest|rest") to the sets. */
export function addLine(line: string, sets: SuffixSets): void {
  const colon = line.indexOf(':');
  const tld = colon === -1 ? line : line.slice(0, colon);
  sets.rules.add(tld);
  if (colon === -1) return;
  for (const rest of line.slice(colon + 1).split('|')) {
    if (rest === '*') sets.wildcards.add(tld);
    else if (rest.startsWith('*')) sets.wildcards.add(`${rest.slice(1)}.${tld}`);
    else if (rest.startsWith('!')) sets.exceptions.add(`${rest.slice(1)}.${tld}`);
    else sets.rules.add(`${rest}.${tld}`);
  }
}

const emptySets = (): SuffixSets => ({ rules: new Set(), wildcards: new Set(), exceptions: new Set() });

let data: string | undefined;

/**
 * The rules under one TLD ("tld:rest|rest"), or undefined when it has none beyond itself: a TLD
 * alone matters only to a single-label host, which is always a suffix.
 */
function lineOf(tld: string): string | undefined {
  // A newline before the data: every line, the first too, is then "\n<line>".
  data ??= `\n${PUBLIC_SUFFIX_DATA}`;
  const at = data.indexOf(`\n${tld}:`);
  if (at === -1) return undefined;
  const end = data.indexOf('\n', at + 1);
  return data.slice(at + 1, end === -1 ? undefined : end);
}

const byTld = new Map<string, SuffixSets>();

function setsOf(tld: string): SuffixSets {
  let sets = byTld.get(tld);
  if (!sets) {
    sets = emptySets();
    const line = lineOf(tld);
    if (line !== undefined) addLine(line, sets);
    byTld.set(tld, sets);
  }
  return sets;
}

/**
 * True when `host` (lower-case, punycode) is itself a public suffix under the PSL algorithm,
 * including the implicit `*` rule that makes every single-label host a suffix.
 */
export function isPublicSuffix(host: string): boolean {
  // Every exception holds a dot, so a single-label host is never one.
  if (!host.includes('.')) return true;
  const sets = setsOf(host.slice(host.lastIndexOf('.') + 1));
  if (sets.exceptions.has(host)) return false;
  if (sets.rules.has(host)) return true;
  return sets.wildcards.has(host.slice(host.indexOf('.') + 1));
}
