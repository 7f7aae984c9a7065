// The wire variants of the conformance matrix: the same scenarios served three ways, because how
// a header travels changes what a browser prints (Firefox counts two Access-Control-Allow-Origin
// lines as "multiple" only in some of them). `h1`: HTTP/1.1, names as the scenario writes them
// (canonical case); `h1-lower`: HTTP/1.1, names lower-cased (what Node's setHeader writes);
// `h2`: HTTP/2 over TLS with a self-signed certificate (names are always lower case on h2).
import type { Header } from './scenario.js';

export type WireVariant = 'h1' | 'h1-lower' | 'h2';
export const WIRE_VARIANTS: readonly WireVariant[] = ['h1', 'h1-lower', 'h2'];

export function isWireVariant(text: string): text is WireVariant {
  return (WIRE_VARIANTS as readonly string[]).includes(text);
}

/**
 * Fields Node 20's HTTP/2 server refuses to repeat (ERR_HTTP2_HEADER_SINGLE_VALUE; there is no
 * option to lift it). On the h2 variant a scenario that repeats one of them sends its lines
 * joined into one field, `a, b`, which the model is given too. Access-Control-Allow-Origin is not
 * among them, so its duplicate lines really travel as two HTTP/2 fields.
 */
const NODE_H2_SINGLE_VALUE = new Set([
  'access-control-allow-credentials',
  'access-control-max-age',
  'age',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-range',
  'content-type',
  'date',
  'etag',
  'expires',
  'last-modified',
  'location',
  'retry-after',
  'x-content-type-options',
]);

/** The header list as the variant's server puts it on the wire. */
export function onTheWire(variant: WireVariant, headers: readonly Header[]): Header[] {
  if (variant === 'h1') return headers.map(([n, v]) => [n, v]);
  const lower = headers.map(([n, v]): Header => [n.toLowerCase(), v]);
  return variant === 'h2' ? joinSingleValueRepeats(lower) : lower;
}

function joinSingleValueRepeats(headers: readonly Header[]): Header[] {
  const out: Header[] = [];
  for (const [name, value] of headers) {
    const first = NODE_H2_SINGLE_VALUE.has(name) ? out.find(([n]) => n === name) : undefined;
    if (first) first[1] = `${first[1]}, ${value}`;
    else out.push([name, value]);
  }
  return out;
}

export function schemeOf(variant: WireVariant): 'http' | 'https' {
  return variant === 'h2' ? 'https' : 'http';
}

/** `observed/chromium.json` for h1 (the historical name), `observed/chromium.h2.json` for the others. */
export function observedName(browser: string, variant: WireVariant): string {
  return variant === 'h1' ? `${browser}.json` : `${browser}.${variant}.json`;
}

/**
 * Whether a browser runs a wire variant. WebKit skips h2: MiniBrowser's driver script comes from a
 * plain-http loopback control server (test/support/webkit.ts), which an https page refuses as
 * mixed content, so the h2 pages never load it.
 */
export function runsVariant(browser: string, variant: WireVariant): boolean {
  return !(browser === 'webkit' && variant === 'h2');
}
