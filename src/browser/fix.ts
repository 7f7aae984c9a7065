// The fix for a blocked request: the headers a correct server sends for exactly this request, a
// corskit policy that produces them, and the same for nginx and Apache. The fix is written for
// the request the page made, so a user can paste it and be done.
import type { CorsErrorCode, Fix, HeaderList } from './types.js';

export interface FixContext {
  /** The page's origin as the browser sends it (`null` for sandboxed documents). */
  readonly origin: string;
  readonly method: string;
  readonly unsafeHeaderNames: readonly string[];
  readonly includeCredentials: boolean;
  readonly preflight: boolean;
}

const SAFELISTED = new Set(['GET', 'HEAD', 'POST']);

export function requiredHeaders(ctx: FixContext): { actual: HeaderList; preflight: HeaderList } {
  const actual: Array<[string, string]> = [['Access-Control-Allow-Origin', ctx.origin]];
  if (ctx.includeCredentials) actual.push(['Access-Control-Allow-Credentials', 'true']);
  actual.push(['Vary', 'Origin']);
  const preflight: Array<[string, string]> = [...actual];
  if (!SAFELISTED.has(ctx.method)) preflight.splice(1, 0, ['Access-Control-Allow-Methods', ctx.method]);
  if (ctx.unsafeHeaderNames.length > 0) {
    preflight.splice(preflight.length - 1, 0, [
      'Access-Control-Allow-Headers',
      ctx.unsafeHeaderNames.join(', '),
    ]);
  }
  return { actual, preflight };
}

export function policyFor(ctx: FixContext): Record<string, unknown> {
  const policy: Record<string, unknown> = { origins: [ctx.origin] };
  if (ctx.includeCredentials) policy.credentials = true;
  if (!SAFELISTED.has(ctx.method)) policy.methods = [ctx.method];
  if (ctx.unsafeHeaderNames.length > 0) policy.requestHeaders = [...ctx.unsafeHeaderNames];
  return policy;
}

function nginxSnippet(ctx: FixContext, code: CorsErrorCode): string {
  const { actual, preflight } = requiredHeaders(ctx);
  const lines: string[] = [];
  if (code === 'CORSMultipleAllowOriginNotAllowed') {
    lines.push(
      '# the upstream already sends the header: keep only one',
      'proxy_hide_header Access-Control-Allow-Origin;',
    );
  }
  if (ctx.preflight) {
    lines.push('# answer the preflight before any auth or redirect', 'if ($request_method = OPTIONS) {');
    for (const [name, value] of preflight) lines.push(`    add_header ${name} "${value}" always;`);
    lines.push('    return 204;', '}');
  }
  // `always`: without it nginx drops the headers from 4xx/5xx answers, the usual second failure.
  for (const [name, value] of actual) lines.push(`add_header ${name} "${value}" always;`);
  return lines.join('\n');
}

function apacheSnippet(ctx: FixContext, code: CorsErrorCode): string {
  const { actual, preflight } = requiredHeaders(ctx);
  const lines: string[] = [
    `# needs mod_headers${ctx.preflight ? ' and mod_rewrite' : ''}`,
    // mod_headers keeps two tables: an old `Header set` next to these `Header always set` lines
    // sends a second value, which browsers refuse.
    '# remove every older "Header set Access-Control-*" line (vhost, <Directory>, .htaccess) first',
  ];
  if (code === 'CORSMultipleAllowOriginNotAllowed')
    lines.push('Header always unset Access-Control-Allow-Origin');
  for (const [name, value] of actual) {
    lines.push(name === 'Vary' ? 'Header always merge Vary Origin' : `Header always set ${name} "${value}"`);
  }
  if (ctx.preflight) {
    for (const [name, value] of preflight.filter(([n]) => !actual.some(([a]) => a === n))) {
      lines.push(`Header always set ${name} "${value}" "expr=%{REQUEST_METHOD} == 'OPTIONS'"`);
    }
    lines.push('RewriteEngine On', 'RewriteCond %{REQUEST_METHOD} OPTIONS', 'RewriteRule ^ - [R=204,L]');
  }
  return lines.join('\n');
}

export function buildFix(ctx: FixContext, code: CorsErrorCode, summary: string): Fix {
  const { actual, preflight } = requiredHeaders(ctx);
  return {
    summary,
    headers: ctx.preflight ? preflight : actual,
    policy: policyFor(ctx),
    nginx: nginxSnippet(ctx, code),
    apache: apacheSnippet(ctx, code),
  };
}
