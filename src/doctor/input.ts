// Validation of what a person types: URL, page origin, method, headers. Each failure is one
// sentence saying what was expected, because the CLI prints it as the whole error.

export class DoctorInputError extends Error {
  override readonly name = 'DoctorInputError';
}

/** An absolute http(s) URL; anything else is a usage error before any traffic is sent. */
export function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorInputError(
      `invalid URL "${text}": give an absolute URL such as https://api.example.com/items`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DoctorInputError(
      `cannot probe ${url.protocol.replace(':', '')}: URLs: browsers only make CORS requests over http and https`,
    );
  return url;
}

/**
 * A serialized origin exactly as a browser sends it in `Origin`: scheme://host[:port], lower case,
 * no default port, no path, or the opaque origin `null` (sandboxed iframes, file: pages).
 */
export function parseOrigin(text: string): string {
  if (text === 'null') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorInputError(
      `invalid origin "${text}": expected scheme://host[:port], e.g. https://app.example.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DoctorInputError(`invalid origin "${text}": the page origin must be http or https (or "null")`);
  if (url.origin !== text) {
    throw new DoctorInputError(
      `invalid origin "${text}": a browser would send "${url.origin}" (no path, no trailing slash, lower case, no default port)`,
    );
  }
  return url.origin;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseMethod(text: string): string {
  if (!TOKEN.test(text)) throw new DoctorInputError(`invalid method "${text}"`);
  // fetch() normalises these six to upper case; others are sent as written.
  const upper = text.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : text;
}

/** `Name: value` as in curl's -H. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!name || !TOKEN.test(name))
    throw new DoctorInputError(`invalid header "${text}": expected "Name: value"`);
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value))
    throw new DoctorInputError(`invalid header "${name}": value contains CR, LF or NUL`);
  return [name, value];
}

export function parseTimeout(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0 || ms > 600_000)
    throw new DoctorInputError(`invalid timeout "${text}": milliseconds between 1 and 600000`);
  return ms;
}

/** `--browser`: whose requests the doctor sends. */
export function parseBrowser(text: string): 'chromium' | 'firefox' | 'both' {
  if (text === 'chromium' || text === 'firefox' || text === 'both') return text;
  throw new DoctorInputError(`invalid browser "${text}": expected chromium, firefox or both`);
}
