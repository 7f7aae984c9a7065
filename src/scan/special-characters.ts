// The special-character bypass probes (CORScanner, Corsy, PortSwigger): `https://trusted{c}.attacker`
// for characters a sloppy origin parser stops at. Whether a browser can send such an Origin at all
// decides whether the finding matters, so this table records what real browsers do with
// `new URL('https://www.example.com' + c + '.evil.com').origin`, measured in Chromium 156 and
// Firefox ESR 153 (test/scan-zoo/special-characters.browser.test.ts re-measures it):
// - `^`, `|` and C0 controls are forbidden host code points (WHATWG URL): no browser sends them;
// - Firefox also rejects `"` and `*`; Chromium keeps `"` and percent-encodes `*` as `%2A`;
// - a %-encoded character in the URL is decoded in the host, so `%xx` never reaches the Origin
//   header, except Chromium's own `%2A`.
import type { Sendability } from './types.js';

export interface SpecialCharacter {
  /** The character as it appears in the Origin header. */
  readonly text: string;
  readonly sendableBy: Sendability;
}

const BOTH: Sendability = { chromium: true, firefox: true };
const NONE: Sendability = { chromium: false, firefox: false };

/** Raw characters, each with the browsers that can put it in a host. */
export const SPECIAL_CHARACTERS: readonly SpecialCharacter[] = [
  { text: '_', sendableBy: BOTH },
  { text: '-', sendableBy: BOTH },
  { text: '"', sendableBy: { chromium: true, firefox: false } },
  { text: '{', sendableBy: BOTH },
  { text: '}', sendableBy: BOTH },
  { text: '+', sendableBy: BOTH },
  { text: '^', sendableBy: NONE },
  { text: '`', sendableBy: BOTH },
  { text: '!', sendableBy: BOTH },
  { text: '~', sendableBy: BOTH },
  { text: ';', sendableBy: BOTH },
  { text: '|', sendableBy: NONE },
  { text: '&', sendableBy: BOTH },
  { text: "'", sendableBy: BOTH },
  { text: '(', sendableBy: BOTH },
  { text: ')', sendableBy: BOTH },
  { text: '*', sendableBy: NONE },
  { text: ',', sendableBy: BOTH },
  { text: '$', sendableBy: BOTH },
  { text: '=', sendableBy: BOTH },
];

/** %-encoded forms (the raw vertical tab cannot even be sent in an HTTP header). */
export const ENCODED_CHARACTERS: readonly SpecialCharacter[] = [
  ...['%60', '%0b', '%5f', '%7b', '%7d', '%27', '%22', '%2c'].map((text) => ({ text, sendableBy: NONE })),
  { text: '%2A', sendableBy: { chromium: true, firefox: false } },
];
