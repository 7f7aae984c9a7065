import type { HeaderList } from '../browser/types.js';

/** Every value of a header, case-insensitively, in wire order (repeats kept). */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** The response headers a CORS diagnosis depends on; the rest is noise in a timeline. */
export function isCorsRelevantResponseHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('access-control-') || n === 'vary' || n === 'location' || n === 'www-authenticate';
}

/** The request headers a browser adds for CORS or that decide whether a preflight is needed. */
export function isCorsRelevantRequestHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n !== 'host' && n !== 'connection' && n !== 'content-length' && n !== 'accept-encoding';
}
