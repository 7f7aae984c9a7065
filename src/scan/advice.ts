// What each class means and how to fix it, in the words the scan report prints.
import type { FindingClass } from './types.js';

export interface Advice {
  readonly title: string;
  readonly description: string;
  readonly fix: string;
}

const ALLOW_LIST =
  'Compare the Origin against an explicit allow-list of exact origins (corskit: `origins: ["https://app.example.com"]`), never with a prefix, suffix, substring or unanchored regex.';

export const ADVICE: Record<FindingClass, Advice> = {
  'reflect-any-origin': {
    title: 'Any origin is reflected',
    description:
      'The server echoes whatever Origin it receives into Access-Control-Allow-Origin, so every website can read its responses.',
    fix: `${ALLOW_LIST} With the \`cors\` package, replace \`origin: true\` by the list of trusted origins.`,
  },
  'null-origin': {
    title: 'The `null` origin is trusted',
    description:
      'Any page can get Origin: null (a sandboxed iframe, a data: URL), so trusting `null` trusts everyone.',
    fix: 'Remove "null" from the allowed origins; if file: or sandboxed pages need access, serve them from a real origin.',
  },
  'prefix-match': {
    title: 'Origins are matched by prefix',
    description:
      'An origin that only starts with a trusted one (https://trusted.com.attacker.test) is accepted: the check lacks an end anchor.',
    fix: `${ALLOW_LIST} A RegExp must end with \`$\` after the host and port.`,
  },
  'suffix-match': {
    title: 'Origins are matched by suffix',
    description:
      'Any domain that merely ends with the trusted name (attackerexample.com) is accepted: anyone can register one.',
    fix: `${ALLOW_LIST} For subdomains, require the dot and anchor the scheme: \`https://*.example.com\` (corskit) or /^https:\\/\\/([a-z0-9-]+\\.)+example\\.com$/.`,
  },
  'substring-match': {
    title: 'Origins are matched as substrings',
    description:
      'An origin that is only part of a trusted one (https://www.example.co) is accepted: the check is `trusted.includes(origin)` or similar.',
    fix: ALLOW_LIST,
  },
  'unescaped-dot': {
    title: 'An unescaped dot in an origin pattern',
    description:
      'A `.` in a regular expression matches any character, so wwwxexample.com passes a pattern written for www.example.com.',
    fix: 'Escape every dot (`\\.`) and anchor the pattern (`^…$`), or use exact origins / corskit patterns that need no regex.',
  },
  'special-character-bypass': {
    title: 'Special characters bypass the origin check',
    description:
      'The origin is parsed sloppily: the check stops at a character such as `_` or `}` and sees only the trusted part of a longer, attacker-owned host.',
    fix: `${ALLOW_LIST} Compare the whole serialized origin, never a part extracted by a hand-written parser.`,
  },
  'http-origin-trusted': {
    title: 'An http:// origin is trusted by an https site',
    description:
      'A network attacker can inject script into the plain-HTTP origin and read the HTTPS API through it.',
    fix: 'Trust only https:// origins (keep http:// for localhost during development).',
  },
  'any-subdomain': {
    title: 'Every subdomain is trusted',
    description: 'One vulnerable or taken-over subdomain (an XSS, a dangling DNS record) can read this API.',
    fix: 'List the subdomains that need access, or make sure every subdomain under the pattern is under your control and free of XSS.',
  },
  'third-party-origin': {
    title: 'A site where anyone can publish is trusted',
    description:
      'Pages on shared hosting (github.io, codepen.io, jsfiddle.net, netlify.app, …) are written by anyone, so trusting that origin trusts everyone.',
    fix: 'Remove shared-hosting origins from the allow-list; trust only origins you control.',
  },
  'wildcard-with-credentials': {
    title: '`Access-Control-Allow-Origin: *` with credentials',
    description:
      'Browsers refuse credentialed responses with a wildcard, so this grants nothing; it usually means someone will "fix" it by reflecting every origin.',
    fix: 'Either drop Access-Control-Allow-Credentials (public data), or list the trusted origins and echo the matching one.',
  },
  'wildcard-origin': {
    title: '`Access-Control-Allow-Origin: *`',
    description:
      'Any website can read these responses (without credentials). Fine for public data, a leak for anything reachable only from an intranet.',
    fix: 'Keep `*` only for public, unauthenticated data; otherwise list the trusted origins.',
  },
  'multiple-allow-origin': {
    title: 'Several Access-Control-Allow-Origin values',
    description:
      'Browsers accept exactly one value, so every CORS request fails; typically an application and a proxy both add the header.',
    fix: 'Let one layer own CORS: remove it from the app, or hide the upstream header at the proxy (nginx `proxy_hide_header`).',
  },
  'missing-vary-origin': {
    title: 'Access-Control-Allow-Origin depends on the Origin but `Vary: Origin` is missing',
    description:
      'A shared or browser cache can serve one origin’s response to another (cache poisoning): other origins break, or a granted response leaks.',
    fix: 'Send `Vary: Origin` on every response whose CORS headers depend on the Origin, including refusals (corskit does this).',
  },
  'preflight-any-origin': {
    title: 'Preflights are granted to any origin',
    description:
      'The OPTIONS handler approves every origin, so any page can make the browser send non-simple requests (PUT, DELETE, JSON bodies, custom headers).',
    fix: 'Answer preflights from the same allow-list as other requests; refuse unknown origins without CORS headers.',
  },
};
