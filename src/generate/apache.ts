// Apache httpd 2.4: mod_setenvif computes the decision into environment variables, mod_headers
// copies the granted headers (`always`, so error responses keep them), mod_rewrite ends
// preflights. Avoids: `Header set` without `always` (lost on errors), the upstream's CORS headers
// surviving in the other header table (both tables are unset), ap_expr adding request headers to
// Vary behind our back (SetEnvIf and req_novary never do), and unanchored regexes.
import { type CorsPlan, MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import { GenerateError } from './generate-error.js';
import {
  CORS_HEADER_NAMES,
  commentBlock,
  type GeneratedConfig,
  type GenerateOptions,
  type PolicyInfo,
} from './generated-config.js';

const q = (s: string): string => `"${s}"`;

function decisionLines(plan: CorsPlan, path: string): string[] {
  const l: string[] = [];
  const scope = path === '/' ? '' : ` && env('CORSKIT_SCOPE') == '1'`;
  if (path !== '/')
    l.push(
      `SetEnvIf Request_URI ${q(`^${path.replace(/[^A-Za-z0-9/_~-]/g, (c) => `\\${c}`)}`)} CORSKIT_SCOPE=1`,
    );
  if (plan.anyOrigin) l.push(`SetEnvIfExpr ${q(`-n req_novary('Origin')${scope}`)} CORSKIT_ORIGIN_OK=1`);
  else l.push(`SetEnvIf Origin ${q(plan.originPcre!)} CORSKIT_ORIGIN_OK=1`);
  l.push(`SetEnvIf Request_Method "^OPTIONS$" CORSKIT_OPTIONS=1`);
  l.push(
    `SetEnvIfExpr ${q(`env('CORSKIT_OPTIONS') == '1' && -n req_novary('Origin') && -n req_novary('Access-Control-Request-Method')${scope}`)} CORSKIT_PREFLIGHT=1`,
  );
  l.push(`SetEnvIf Access-Control-Request-Method ${q(plan.methodRegex)} CORSKIT_METHOD_OK=1`);
  l.push(`SetEnvIf Access-Control-Request-Headers ${q(plan.headerListRegex)} CORSKIT_HEADERS_OK=1`);
  l.push(
    `SetEnvIf Access-Control-Request-Headers ${q(`^.{${MAX_REQUESTED_HEADERS_LENGTH + 1}}`)} !CORSKIT_HEADERS_OK`,
  );
  if (plan.headersWildcard && !plan.authorizationWithWildcard)
    l.push(`SetEnvIf Access-Control-Request-Headers ${q(plan.authorizationRegex)} !CORSKIT_HEADERS_OK`);
  l.push(`SetEnvIf Access-Control-Request-Headers ${q('[^ \\t,]')} CORSKIT_HEADERS_NAMED=1`);
  if (plan.headersWildcard) {
    l.push('SetEnvIf Access-Control-Request-Headers "." CORSKIT_HEADERS_STAR=1');
    if (plan.authorizationWithWildcard)
      l.push(`SetEnvIf Access-Control-Request-Headers ${q(plan.authorizationRegex)} !CORSKIT_HEADERS_STAR`);
  }
  l.push('SetEnvIf Access-Control-Request-Private-Network "^$" CORSKIT_PNA_OK=1');
  if (plan.config.privateNetwork) {
    l.push('SetEnvIf Access-Control-Request-Private-Network "^true$" CORSKIT_PNA_OK=1');
    l.push('SetEnvIf Access-Control-Request-Private-Network "^true$" CORSKIT_PNA=1');
  }
  const all = ['PREFLIGHT', 'ORIGIN_OK', 'METHOD_OK', 'HEADERS_OK', 'PNA_OK']
    .map((v) => `env('CORSKIT_${v}') == '1'`)
    .join(' && ');
  l.push(`SetEnvIfExpr ${q(all)} CORSKIT_PREFLIGHT_OK=1`);
  l.push(
    `SetEnvIfExpr ${q("env('CORSKIT_PREFLIGHT') == '1' && env('CORSKIT_PREFLIGHT_OK') != '1'")} CORSKIT_PREFLIGHT_REFUSED=1`,
  );
  l.push(
    `SetEnvIfExpr ${q(`env('CORSKIT_PREFLIGHT') != '1' && env('CORSKIT_ORIGIN_OK') == '1'${scope}`)} CORSKIT_ACTUAL_OK=1`,
  );
  if (plan.anyOrigin)
    l.push(`SetEnvIfExpr ${q(`env('CORSKIT_PREFLIGHT') != '1'${scope}`)} CORSKIT_ACTUAL_OK=1`);
  return l;
}

function headerLines(plan: CorsPlan): string[] {
  const l: string[] = ["# The upstream's own CORS headers are removed from both header tables."];
  for (const h of CORS_HEADER_NAMES) l.push(`Header unset ${h}`, `Header always unset ${h}`);
  l.push('', '# `always`: also on error responses and on the 204/403 preflight answers.');
  const value = plan.anyOrigin ? `"*"` : `"%{CORSKIT_ORIGIN}e"`;
  const origin = (env: string): string => `${value} env=${env}`;
  for (const env of ['CORSKIT_PREFLIGHT_OK', 'CORSKIT_ACTUAL_OK']) {
    l.push(`Header always set Access-Control-Allow-Origin ${origin(env)}`);
    if (plan.config.credentials)
      l.push(`Header always set Access-Control-Allow-Credentials "true" env=${env}`);
  }
  if (plan.exposeHeaders)
    l.push(`Header always set Access-Control-Expose-Headers ${q(plan.exposeHeaders)} env=CORSKIT_ACTUAL_OK`);
  l.push('Header always set Access-Control-Allow-Methods "%{CORSKIT_METHOD}e" env=CORSKIT_PREFLIGHT_OK');
  l.push(
    `Header always set Access-Control-Allow-Headers "expr=%{tolower:%{req_novary:Access-Control-Request-Headers}}" "expr=env('CORSKIT_PREFLIGHT_OK') == '1' && env('CORSKIT_HEADERS_NAMED') == '1'${plan.headersWildcard ? " && env('CORSKIT_HEADERS_STAR') != '1'" : ''}"`,
  );
  if (plan.headersWildcard)
    l.push(
      `Header always set Access-Control-Allow-Headers "*" "expr=env('CORSKIT_PREFLIGHT_OK') == '1' && env('CORSKIT_HEADERS_STAR') == '1'"`,
    );
  if (plan.maxAge !== undefined)
    l.push(`Header always set Access-Control-Max-Age ${q(plan.maxAge)} env=CORSKIT_PREFLIGHT_OK`);
  if (plan.config.privateNetwork)
    l.push(
      `Header always set Access-Control-Allow-Private-Network "true" "expr=env('CORSKIT_PREFLIGHT_OK') == '1' && env('CORSKIT_PNA') == '1'"`,
    );
  l.push(
    '',
    '# Vary: merged (httpd joins all Vary lines and drops duplicate tokens); left alone when the',
    '# response already says Vary: *.',
  );
  const noStar = "resp('Vary') !~ /(?:^|,)[ \\t]*\\*[ \\t]*(?:,|$)/";
  l.push(
    `Header always merge Vary ${q(plan.varyOptions.join(', '))} "expr=%{REQUEST_METHOD} == 'OPTIONS' && ${noStar}"`,
  );
  if (plan.varyActual.length > 0)
    l.push(
      `Header always merge Vary ${q(plan.varyActual.join(', '))} "expr=%{REQUEST_METHOD} != 'OPTIONS' && ${noStar}"`,
    );
  return l;
}

function rewriteLines(): string[] {
  return [
    'RewriteEngine On',
    'RewriteCond %{ENV:CORSKIT_PREFLIGHT_OK} =1',
    'RewriteRule ^ - [R=204,L]',
    'RewriteCond %{ENV:CORSKIT_PREFLIGHT_REFUSED} =1',
    'RewriteRule ^ - [R=403,L]',
  ];
}

const indent = (lines: readonly string[], n: number): string =>
  lines.map((l) => (l === '' ? l : ' '.repeat(n) + l)).join('\n');

export function renderApache(plan: CorsPlan, info: PolicyInfo, options: GenerateOptions): GeneratedConfig {
  if (plan.config.preflightStatus !== 204)
    throw new GenerateError(
      `Apache httpd can end a request early only through an error-response path (mod_rewrite [R=204]); ` +
        `preflightStatus ${plan.config.preflightStatus} would come with an error page body. Use preflightStatus 204 (the default) for Apache.`,
    );
  const path = options.location ?? '/';
  const decide = decisionLines(plan, path);
  // CORSKIT_ORIGIN carries the exact request Origin for the echo: only set once the regex matched.
  if (!plan.anyOrigin)
    decide.splice(
      decide.findIndex((x) => x.startsWith('SetEnvIf Origin')) + 1,
      0,
      `SetEnvIf Origin ${q(plan.originPcre!)} CORSKIT_ORIGIN=$0`,
    );
  decide.splice(
    decide.findIndex((x) => x.startsWith('SetEnvIf Access-Control-Request-Method')) + 1,
    0,
    `SetEnvIf Access-Control-Request-Method ${q(plan.methodRegex)} CORSKIT_METHOD=$0`,
  );
  const headers = headerLines(plan);
  const header = commentBlock('#', 'Apache httpd 2.4', info, [
    ...plan.approximations.map((a) =>
      a.replace(
        'echoes the requested names as the client sent them (the engine lower-cases and de-duplicates them)',
        'echoes the requested names lower-cased but not de-duplicated',
      ),
    ),
  ]);
  const modules = '# Needs mod_setenvif, mod_headers and mod_rewrite (a2enmod setenvif headers rewrite).';
  const scoped = path === '/' ? headers : [`<Location ${path}>`, indent(headers, 4), '</Location>'];
  if (options.upstream) {
    const target = `${options.upstream.origin}${options.upstream.pathname === '/' ? path : options.upstream.pathname}`;
    const body = [
      '# 1. Decide (runs before mod_rewrite and the proxy).',
      ...decide,
      '',
      '# 2. End preflights: 204 with the headers below, or 403 without them.',
      ...rewriteLines(),
      '',
      '# 3. Headers.',
      ...scoped,
      '',
      '# The engine reads up to 8192 characters of Access-Control-Request-Headers; httpd must accept them.',
      'LimitRequestFieldSize 16384',
      '',
      `ProxyPass ${path} ${target}`,
      `ProxyPassReverse ${path} ${target}`,
    ];
    const text = [
      header,
      modules,
      '# Also mod_proxy and mod_proxy_http for ProxyPass.',
      '',
      '<VirtualHost *:80>',
      indent(body, 4),
      '</VirtualHost>',
      '',
    ].join('\n');
    return { server: 'apache', text, parts: [{ where: 'a site file (sites-available/…)', text }] };
  }
  const vhost = ['# 1. Decide.', ...decide, '', '# 2. End preflights.', ...rewriteLines()].join('\n');
  const text = [
    header,
    modules,
    '',
    '# PART 1 of 2: goes directly inside your <VirtualHost> (not in <Location> or <Directory>: the',
    '# decision must be made before mod_rewrite runs).',
    '',
    vhost,
    '',
    `# PART 2 of 2: goes inside the same <VirtualHost> (it is already scoped to ${path}).`,
    '',
    scoped.join('\n'),
    '',
  ].join('\n');
  return {
    server: 'apache',
    text,
    parts: [
      { where: '<VirtualHost>', text: vhost },
      { where: '<VirtualHost>', text: scoped.join('\n') },
    ],
  };
}
