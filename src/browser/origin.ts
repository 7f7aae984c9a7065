// Origins as the Fetch standard serialises them. `null` is the opaque origin: it is never
// same-origin with anything, not even with another `null`.

/** The serialized origin of a URL: `scheme://host[:port]`, or `null` for opaque origins. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

export function sameOrigin(a: string, b: string): boolean {
  return a !== 'null' && b !== 'null' && a === b;
}

/** The scheme without the colon, lower-case; '' for an unparsable URL. */
export function schemeOf(url: string): string {
  try {
    return new URL(url).protocol.slice(0, -1);
  } catch {
    return '';
  }
}

export function isHttpScheme(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === 'http' || scheme === 'https';
}

/** A URL "includes credentials" when it has a username or a password. */
export function includesCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** Chromium's check for an `Access-Control-Allow-Origin` value it cannot parse at all (GURL-invalid). */
export function isParsableUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws unless `text` is a serialized origin as a browser sends it (`scheme://host[:port]`, no
 * path, no trailing slash, lower case, no default port) or `null`: a page origin such as
 * `https://app.example.com/` would make every comparison with Access-Control-Allow-Origin fail.
 */
export function assertSerializedOrigin(text: string, what = 'pageOrigin'): void {
  if (text === 'null') return;
  let origin: string;
  try {
    origin = new URL(text).origin;
  } catch {
    throw new TypeError(`${what} "${text}" is not an origin: expected scheme://host[:port] or "null"`);
  }
  if (origin !== text)
    throw new TypeError(
      `${what} "${text}" is not an origin: a browser would send ${origin === 'null' ? '"null"' : `"${origin}"`} (no path, no trailing slash, lower case, no default port)`,
    );
}
