// Names the Fetch Standard treats specially. Kept as data so validation messages can cite them.

/** Methods the Fetch Standard normalises to upper case; every other method is case-sensitive. https://fetch.spec.whatwg.org/#concept-method-normalize */
export const NORMALIZED_METHODS: ReadonlySet<string> = new Set([
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'POST',
  'PUT',
]);

/** CORS-safelisted methods: never need a preflight grant. https://fetch.spec.whatwg.org/#cors-safelisted-method */
export const SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** Methods `fetch()` refuses to send at all. https://fetch.spec.whatwg.org/#forbidden-method */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Forbidden request-header names (the Fetch Standard's list): a script can never set them, so
 * allowing them is a mistake. The browser model uses the same list. Other `access-control-*`
 * names are refused by validation separately.
 * https://fetch.spec.whatwg.org/#forbidden-request-header
 */
export const FORBIDDEN_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/** The list above plus the `proxy-` and `sec-` prefixes (https://fetch.spec.whatwg.org/#forbidden-request-header step 2). */
export function isForbiddenRequestHeader(lowerName: string): boolean {
  return (
    FORBIDDEN_REQUEST_HEADERS.has(lowerName) || lowerName.startsWith('proxy-') || lowerName.startsWith('sec-')
  );
}

/** Response headers every script can read already: listing them in exposeHeaders is a no-op. https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name */
export const SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/** Response headers a browser never exposes to scripts, whatever the server says. https://fetch.spec.whatwg.org/#forbidden-response-header-name */
export const FORBIDDEN_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['set-cookie', 'set-cookie2']);
