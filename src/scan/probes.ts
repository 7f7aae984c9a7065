// Crafted Origin values, one group per misconfiguration class, derived from the trusted origin the
// way CORScanner and Corsy derive theirs. The attacker's domain is under the reserved `.test` TLD
// and contains no part of any trusted name, so a probe can only be accepted by the flaw it targets.
import { ENCODED_CHARACTERS, SPECIAL_CHARACTERS } from './special-characters.js';
import type { FindingClass, Probe, Sendability } from './types.js';

export const ATTACKER_DOMAIN = 'attacker.test';
const BOTH: Sendability = { chromium: true, firefox: true };

/** Sites where anyone can publish a page: trusting them is trusting everyone. */
export const THIRD_PARTY_ORIGINS: readonly string[] = [
  'https://attacker.github.io',
  'https://jsbin.com',
  'https://codepen.io',
  'https://cdpn.io',
  'https://jsfiddle.net',
  'https://fiddle.jshell.net',
  'https://repl.it',
  'https://attacker.repl.co',
  'https://attacker.netlify.app',
  'https://attacker.vercel.app',
  'https://attacker.pages.dev',
  'https://attacker.herokuapp.com',
  'https://attacker.web.app',
  'https://attacker.glitch.me',
];

export interface TrustedOriginParts {
  readonly scheme: string;
  readonly host: string;
  /** `:8443`, or '' for the default port. */
  readonly port: string;
  /** The last two labels (`example.com`): what a "trust my domain" check usually tests. */
  readonly domain: string;
}

export function trustedOriginParts(trustedOrigin: string): TrustedOriginParts {
  const url = new URL(trustedOrigin);
  const labels = url.hostname.split('.');
  const isAddress = /^[\d.]+$/.test(url.hostname) || url.hostname.startsWith('[');
  const domain = isAddress || labels.length <= 2 ? url.hostname : labels.slice(-2).join('.');
  return {
    scheme: url.protocol.slice(0, -1),
    host: url.hostname,
    port: url.port ? `:${url.port}` : '',
    domain,
  };
}

export function generateProbes(trustedOrigin: string): Probe[] {
  const t = trustedOriginParts(trustedOrigin);
  const at = (host: string) => `${t.scheme}://${host}${t.port}`;
  const probes: Probe[] = [];
  const add = (cls: FindingClass, origin: string, sendableBy: Sendability = BOTH) => {
    if (origin !== trustedOrigin && !probes.some((p) => p.origin === origin))
      probes.push({ class: cls, origin, sendableBy });
  };
  add('reflect-any-origin', at(ATTACKER_DOMAIN));
  add('null-origin', 'null');
  add('prefix-match', at(`${t.host}.${ATTACKER_DOMAIN}`));
  if (t.domain !== t.host) add('prefix-match', at(`${t.domain}.${ATTACKER_DOMAIN}`));
  add('suffix-match', at(`attacker${t.domain}`));
  if (t.domain !== t.host) add('suffix-match', at(`attacker${t.host}`));
  add('substring-match', at(t.host.slice(0, -1)));
  add('substring-match', at(t.domain.slice(1)));
  for (const dotted of dotReplacements(t.host)) add('unescaped-dot', at(dotted));
  if (t.scheme === 'https') add('http-origin-trusted', `http://${t.host}${t.port}`);
  add('any-subdomain', at(`attacker.${t.host}`));
  if (t.domain !== t.host) add('any-subdomain', at(`attacker.${t.domain}`));
  for (const c of [...SPECIAL_CHARACTERS, ...ENCODED_CHARACTERS])
    add('special-character-bypass', at(`${t.host}${c.text}.${ATTACKER_DOMAIN}`), c.sendableBy);
  for (const origin of THIRD_PARTY_ORIGINS) add('third-party-origin', origin);
  return probes;
}

/** Each dot of the host replaced by a letter: accepted only by a pattern whose dot means "any". */
function dotReplacements(host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < host.length; i++)
    if (host[i] === '.') out.push(`${host.slice(0, i)}x${host.slice(i + 1)}`);
  return out;
}
