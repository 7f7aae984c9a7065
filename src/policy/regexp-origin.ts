// A RegExp origin is accepted only when it is anchored at both ends, because an unanchored
// /example\.com/ also matches https://example.com.evil.net (the classic bypass).
import { anchoredRegExpFix } from './regexp-fix.js';

export function checkOriginRegExp(re: RegExp): { message: string; hint: string } | undefined {
  const src = re.source;
  if (re.global || re.sticky)
    return {
      message: `${re} has the g or y flag`,
      hint: 'those flags make test() stateful between requests; remove them',
    };
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$'))
    return {
      message: `${re} is not anchored`,
      hint: `write ${anchoredRegExpFix(re)}: without ^…$ it matches inside evil origins`,
    };
  if (hasTopLevelAlternation(src))
    return {
      message: `${re} has "|" outside a group, so ^ and $ anchor only one branch`,
      hint: 'wrap the alternatives in a group: /^(?:https:\\/\\/a\\.example|https:\\/\\/b\\.example)$/',
    };
  return undefined;
}

function hasTopLevelAlternation(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
