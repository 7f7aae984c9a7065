// The scan's fix in the words of the server that answered: the `cors` package's options only for
// Express, an nginx map for nginx, SetEnvIf for Apache, and "https site" only for https targets.
import type { HeaderList } from '../browser/types.js';
import type { Finding, FindingClass } from './types.js';

export type Stack = 'express' | 'nginx' | 'apache' | 'caddy';

/** The server software, from `X-Powered-By` and `Server`; null when neither names a known one. */
export function detectStack(headers: HeaderList): Stack | null {
  const value = (name: string) =>
    headers
      .filter(([n]) => n.toLowerCase() === name)
      .map(([, v]) => v)
      .join(' ');
  if (/express/i.test(value('x-powered-by'))) return 'express';
  const server = value('server');
  if (/^nginx|openresty/i.test(server)) return 'nginx';
  if (/^apache/i.test(server)) return 'apache';
  if (/^caddy/i.test(server)) return 'caddy';
  return null;
}

/** Classes whose fix is "compare against an allow-list": the stack decides how that is written. */
const ALLOW_LIST_CLASSES: ReadonlySet<FindingClass> = new Set<FindingClass>([
  'reflect-any-origin',
  'null-origin',
  'prefix-match',
  'suffix-match',
  'substring-match',
  'unescaped-dot',
  'special-character-bypass',
  'http-origin-trusted',
  'any-subdomain',
  'third-party-origin',
  'preflight-any-origin',
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function allowListIn(stack: Stack, origin: string): string {
  switch (stack) {
    case 'express':
      return `In Express with the \`cors\` package: \`cors({ origin: ['${origin}'] })\` (an array of exact origins, never \`origin: true\`).`;
    case 'nginx':
      return `In nginx: \`map $http_origin $cors_origin { default ""; "${origin}" $http_origin; }\` and \`add_header Access-Control-Allow-Origin $cors_origin always;\` (corskit config nginx generates it).`;
    case 'apache':
      return `In Apache: \`SetEnvIf Origin "^${escapeRegExp(origin)}$" CORS_ORIGIN=$0\` and \`Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN\` (corskit config apache generates it).`;
    case 'caddy':
      return `In Caddy: a \`@cors header Origin ${origin}\` matcher around \`header Access-Control-Allow-Origin {http.request.header.Origin}\` (corskit config caddy generates it).`;
  }
}

/** The `cors` package's wording belongs to Express only; elsewhere it would mislead. */
const EXPRESS_ONLY = / With the `cors` package, replace `origin: true` by the list of trusted origins\./;

export interface AdviceContext {
  readonly targetHttps: boolean;
  readonly stack: Stack | null;
  readonly trustedOrigin: string;
}

export function adviseFor(finding: Finding, ctx: AdviceContext): Finding {
  let { title, description, fix } = finding;
  if (finding.class === 'http-origin-trusted' && !ctx.targetHttps) {
    title = 'An http:// origin is trusted';
    description =
      'A network attacker can inject script into a plain-HTTP origin and read this API through it (and this API itself is served over plain http).';
  }
  if (ctx.stack !== 'express') fix = fix.replace(EXPRESS_ONLY, '');
  if (ctx.stack && ALLOW_LIST_CLASSES.has(finding.class))
    fix = `${fix} ${allowListIn(ctx.stack, ctx.trustedOrigin)}`;
  return { ...finding, title, description, fix };
}
