// The fix to show for a RegExp origin that is not anchored: the user's own regex, anchored at
// both ends and with a scheme, so that the suggestion can match an Origin header at all. An
// Origin always starts with its scheme: /^(?:example\.com)$/ matches no Origin ever sent.

/** Matches a source that already starts with a scheme (`https:\/\/`, `https?:\/\/`, `(https|wss):\/\/`). */
const SCHEME_START = /^(?:\(\?:|\()?[a-z][a-z0-9+.|?()-]*:(?:\\\/|\/){2}/i;
/** Matches a source that starts at the `://` or the `//` (as in cors's own /:\/\/(.+\.)?example.com$/). */
const AFTER_SCHEME = /^:?(?:\\\/|\/){2}/;

/** `/example\.com$/` → `/^https:\/\/example\.com$/`: anchored, with the scheme, flags g/y dropped. */
export function anchoredRegExpFix(re: RegExp): RegExp {
  let src = re.source;
  if (src.startsWith('^')) src = src.slice(1);
  if (src.endsWith('$') && !src.endsWith('\\$')) src = src.slice(0, -1);
  if (hasTopLevelAlternation(src)) src = `(?:${src})`;
  if (!SCHEME_START.test(src))
    src = AFTER_SCHEME.test(src) ? `https:${src.replace(/^:/, '')}` : `https:\\/\\/${src}`;
  return new RegExp(`^${src}$`, re.flags.replace(/[gy]/g, ''));
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
