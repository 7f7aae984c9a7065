// Secrets never leave a HAR analysis: the values of Cookie, Authorization, Proxy-Authorization and
// Set-Cookie are replaced as the file is read, so no printer, JSON output or page can show them.
// Names stay: that a request carried Authorization or a cookie decides its CORS outcome.
import type { HeaderList } from '../browser/types.js';

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization', 'set-cookie']);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

export function redactHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]);
}
