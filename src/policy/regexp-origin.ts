// A RegExp origin is accepted only when it is anchored at both ends, because an unanchored
// /example\.com/ also matches https://example.com.evil.net (the classic bypass).
import type { PolicyIssueCode } from './issue-codes.js';
import { anchoredRegExpFix } from './regexp-fix.js';

export interface RegExpProblem {
  readonly code: PolicyIssueCode;
  readonly message: string;
  readonly hint: string;
}

export function checkOriginRegExp(re: RegExp): RegExpProblem | undefined {
  const src = re.source;
  if (re.global || re.sticky)
    return {
      code: 'regexp-stateful-flag',
      message: `${re} has the g or y flag`,
      hint: 'those flags make test() stateful between requests; remove them',
    };
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$'))
    return {
      code: 'regexp-not-anchored',
      message: `${re} is not anchored`,
      hint: `write ${anchoredRegExpFix(re)}: without ^…$ it matches inside evil origins`,
    };
  if (hasTopLevelAlternation(src))
    return {
      code: 'regexp-top-level-alternation',
      message: `${re} has "|" outside a group, so ^ and $ anchor only one branch`,
      hint: 'wrap the alternatives in a group: /^(?:https:\\/\\/a\\.example|https:\\/\\/b\\.example)$/',
    };
  return undefined;
}

/**
 * A `.` between host characters is almost always meant literally, but matches any character:
 * /^https:\/\/app.example.com$/ also allows https://appxexample.com, a domain anyone can buy.
 * A dot followed by a quantifier (`.*`, `.+`, `.?`, `.{`) is taken as deliberate.
 */
export function unescapedDotWarning(re: RegExp): RegExpProblem | undefined {
  const dots = literalLookingDots(re.source);
  if (dots.length === 0) return undefined;
  let escaped = re.source;
  for (const i of dots.reverse()) escaped = `${escaped.slice(0, i)}\\.${escaped.slice(i + 1)}`;
  return {
    code: 'regexp-unescaped-dot',
    message: `${re} has an unescaped "." that matches any character, not only a dot`,
    hint: `write /${escaped}/${re.flags}`,
  };
}

function literalLookingDots(src: string): number[] {
  const out: number[] = [];
  forEachSyntaxChar(src, (c, i) => {
    if (c === '.' && !'*+?{'.includes(src[i + 1] ?? '*')) out.push(i);
  });
  return out;
}

function hasTopLevelAlternation(src: string): boolean {
  let depth = 0;
  let found = false;
  forEachSyntaxChar(src, (c) => {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) found = true;
  });
  return found;
}

/** Calls `visit` for each character of a RegExp source outside escapes and character classes. */
function forEachSyntaxChar(src: string, visit: (c: string, index: number) => void): void {
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else visit(c, i);
  }
}
