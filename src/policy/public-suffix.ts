// Public-suffix test for origin patterns: `https://*.co.uk` or `https://*.github.io` would trust
// every unrelated site registered under that suffix. Parsed lazily, only at policy-compile time.
import { PUBLIC_SUFFIX_DATA } from './public-suffix-data.js';

interface SuffixSets {
  readonly rules: Set<string>;
  readonly wildcards: Set<string>;
  readonly exceptions: Set<string>;
}

let sets: SuffixSets | undefined;

function load(): SuffixSets {
  const rules = new Set<string>();
  const wildcards = new Set<string>();
  const exceptions = new Set<string>();
  for (const line of PUBLIC_SUFFIX_DATA.split('\n')) {
    const colon = line.indexOf(':');
    const tld = colon === -1 ? line : line.slice(0, colon);
    rules.add(tld);
    if (colon === -1) continue;
    for (const rest of line.slice(colon + 1).split('|')) {
      if (rest === '*') wildcards.add(tld);
      else if (rest.startsWith('*')) wildcards.add(`${rest.slice(1)}.${tld}`);
      else if (rest.startsWith('!')) exceptions.add(`${rest.slice(1)}.${tld}`);
      else rules.add(`${rest}.${tld}`);
    }
  }
  return { rules, wildcards, exceptions };
}

/**
 * True when `host` (lower-case, punycode) is itself a public suffix under the PSL algorithm,
 * including the implicit `*` rule that makes every single-label host a suffix.
 */
export function isPublicSuffix(host: string): boolean {
  sets ??= load();
  if (sets.exceptions.has(host)) return false;
  if (!host.includes('.')) return true;
  if (sets.rules.has(host)) return true;
  return sets.wildcards.has(host.slice(host.indexOf('.') + 1));
}
