// How the `cors` package (expressjs/cors) decides whether an origin is allowed, kept exactly, so
// that corskit/compat never allows more than `cors` did: strings compare literally (a `'*'` or
// `'https://*.example.com'` inside a list is a literal that no browser ever sends), RegExps test
// unanchored, and any other value counts by its truthiness.

/** `cors`'s isOriginAllowed. RegExps are tested through a copy without g/y, so no lastIndex state. */
export function corsAllows(origin: string, allow: unknown): boolean {
  if (Array.isArray(allow)) return allow.some((entry) => corsAllows(origin, entry));
  if (typeof allow === 'string' || allow instanceof String) return origin === String(allow);
  if (allow instanceof RegExp) return statelessTest(allow, origin);
  return Boolean(allow);
}

function statelessTest(re: RegExp, value: string): boolean {
  if (!re.global && !re.sticky) return re.test(value);
  return new RegExp(re.source, re.flags.replace(/[gy]/g, '')).test(value);
}
