// Header lists as they travel: names keep their case, repeats are separate lines. Browsers read
// a header by joining its lines with ", " after trimming each value's HTTP whitespace.
import type { HeaderList } from './types.js';

const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export function trimHttpWhitespace(value: string): string {
  return value.replace(HTTP_WHITESPACE, '');
}

export function toHeaderList(headers: HeaderList | Record<string, string> | undefined): HeaderList {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([name, value]) => [name, value]);
  return Object.entries(headers).map(([name, value]) => [name, value]);
}

/** Every line of a header, trimmed, in order. */
export function headerLines(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, value]) => trimHttpWhitespace(value));
}

/** The header's value as a browser reads it (lines joined with ", "), or null when absent. */
export function headerValue(headers: HeaderList, name: string): string | null {
  const lines = headerLines(headers, name);
  return lines.length === 0 ? null : lines.join(', ');
}

/**
 * What fetch() puts on the wire for the script's headers: one line per name (repeats appended to
 * the first with ", ", as `Headers.append` does), the first spelling of the name kept.
 */
export function combineRequestHeaders(headers: HeaderList): HeaderList {
  const combined: Array<[string, string]> = [];
  const index = new Map<string, number>();
  for (const [name, rawValue] of headers) {
    const value = trimHttpWhitespace(rawValue);
    const key = name.toLowerCase();
    const at = index.get(key);
    const existing = at === undefined ? undefined : combined[at];
    if (existing) existing[1] = `${existing[1]}, ${value}`;
    else {
      index.set(key, combined.length);
      combined.push([name, value]);
    }
  }
  return combined;
}

export function withoutHeaders(headers: HeaderList, names: readonly string[]): HeaderList {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return headers.filter(([name]) => !drop.has(name.toLowerCase()));
}

/**
 * Splits a list-valued header (`#token`) into its elements: commas separate, whitespace around an
 * element is dropped, empty elements are skipped (both browsers accept `,, PUT ,`).
 */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map(trimHttpWhitespace)
    .filter((element) => element !== '');
}
