// nginx: every decision is a `map` (http level), so the server block needs only one set of
// `add_header … always` lines whose values are empty (= not sent) unless the policy grants them.
// Those lines sit at server level, next to the site's own add_header lines (HSTS, X-Frame-Options,
// CSP): in nginx, any add_header in a location drops every add_header inherited from the server,
// so a location snippet would silently remove the security headers. The path scope is a `map` on
// $uri instead of a location. The upstream's Vary lines are kept (nginx 1.22's $upstream_http_vary
// holds only the first of them, so they cannot be rebuilt) and only our missing tokens are added.
// Avoids: add_header without `always` (lost on 4xx/5xx), unanchored/unescaped regexes, duplicate
// upstream CORS headers, a lost or duplicated Vary, and unanswered preflights.

import { type CorsPlan, MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import {
  CORS_HEADER_NAMES,
  commentBlock,
  type GeneratedConfig,
  type GenerateOptions,
  type PolicyInfo,
} from './generated-config.js';
import { escapeRegexLiteral } from './origin-regex.js';

const q = (s: string): string => `"${s}"`;

function mapBlock(
  source: string,
  variable: string,
  entries: ReadonlyArray<readonly [string, string]>,
): string {
  const width = Math.min(24, Math.max(...entries.map(([k]) => k.length)));
  const lines = entries.map(([k, v]) => `    ${k.padEnd(width)} ${v};`);
  return [`map ${source} ${variable} {`, ...lines, '}'].join('\n');
}

function httpLevel(plan: CorsPlan, path: string): string {
  const maps: string[] = [];
  // The path scope as a map, not a location: see the top of this file.
  maps.push(
    mapBlock(
      '$uri',
      '$corskit_in_scope',
      path === '/'
        ? [['default', '1']]
        : [
            [q(`~^${escapeRegexLiteral(path)}`), '1'],
            ['default', '0'],
          ],
    ),
  );
  maps.push(
    mapBlock(
      '$http_origin',
      '$corskit_origin_ok',
      plan.anyOrigin
        ? [['default', '1']]
        : [
            [q(`~${plan.originPcre}`), '1'],
            ['default', '0'],
          ],
    ),
  );
  maps.push(
    mapBlock('$http_origin', '$corskit_has_origin', [
      ['""', '0'],
      ['default', '1'],
    ]),
  );
  maps.push(
    mapBlock('$http_access_control_request_method', '$corskit_has_acrm', [
      ['""', '0'],
      ['default', '1'],
    ]),
  );
  // Methods are case-sensitive (Fetch): a case-sensitive regex, never a (case-insensitive) map string.
  maps.push(
    mapBlock(
      '"$request_method $corskit_in_scope$corskit_has_origin$corskit_has_acrm"',
      '$corskit_preflight',
      [
        ['"~^OPTIONS 111$"', '1'],
        ['default', '0'],
      ],
    ),
  );
  maps.push(
    mapBlock('$http_access_control_request_method', '$corskit_method_ok', [
      [q(`~${plan.methodRegex}`), '1'],
      ['default', '0'],
    ]),
  );
  // An absent (empty) list must be named explicitly: nginx does not run map regexes on "".
  const headerEntries: Array<[string, string]> = [
    ['""', '1'],
    [q(`~^.{${MAX_REQUESTED_HEADERS_LENGTH + 1}}`), '0'],
  ];
  if (plan.headersWildcard && !plan.authorizationWithWildcard)
    headerEntries.push([q(`~${plan.authorizationRegex}`), '0']);
  headerEntries.push([q(`~${plan.headerListRegex}`), '1'], ['default', '0']);
  maps.push(mapBlock('$http_access_control_request_headers', '$corskit_headers_ok', headerEntries));
  maps.push(
    mapBlock('$http_access_control_request_private_network', '$corskit_pna_ok', [
      ['""', '1'],
      ['"~^true$"', plan.config.privateNetwork ? '1' : '0'],
      ['default', '0'],
    ]),
  );
  // The verdict: "preflight-ok" / "preflight-refused" / "ok" (ordinary request from a granted origin)
  // / "" (refused, no Origin, or outside the path scope).
  maps.push(
    mapBlock(
      '"$corskit_in_scope$corskit_preflight$corskit_origin_ok$corskit_method_ok$corskit_headers_ok$corskit_pna_ok"',
      '$corskit_state',
      [
        ['111111', 'preflight-ok'],
        ['"~^11"', 'preflight-refused'],
        ['"~^101"', 'ok'],
        ['default', '""'],
      ],
    ),
  );
  const origin = plan.anyOrigin ? '"*"' : '$http_origin';
  maps.push(
    mapBlock('$corskit_state', '$corskit_allow_origin', [
      ['preflight-ok', origin],
      ['ok', origin],
      ['default', '""'],
    ]),
  );
  if (plan.config.credentials)
    maps.push(
      mapBlock('$corskit_state', '$corskit_allow_credentials', [
        ['preflight-ok', 'true'],
        ['ok', 'true'],
        ['default', '""'],
      ]),
    );
  if (plan.exposeHeaders)
    maps.push(
      mapBlock('$corskit_state', '$corskit_expose_headers', [
        ['ok', q(plan.exposeHeaders)],
        ['default', '""'],
      ]),
    );
  maps.push(
    mapBlock('$corskit_state', '$corskit_allow_methods', [
      ['preflight-ok', '$http_access_control_request_method'],
      ['default', '""'],
    ]),
  );
  const acah: Array<[string, string]> = [
    ['""', '""'],
    [q(`~${plan.emptyListRegex}`), '""'],
  ];
  if (plan.headersWildcard)
    acah.push([q(`~${plan.authorizationRegex}`), '$http_access_control_request_headers'], ['default', '"*"']);
  else acah.push(['default', '$http_access_control_request_headers']);
  maps.push(mapBlock('$http_access_control_request_headers', '$corskit_requested_headers', acah));
  maps.push(
    mapBlock('$corskit_state', '$corskit_allow_headers', [
      ['preflight-ok', '$corskit_requested_headers'],
      ['default', '""'],
    ]),
  );
  if (plan.maxAge !== undefined)
    maps.push(
      mapBlock('$corskit_state', '$corskit_max_age', [
        ['preflight-ok', q(plan.maxAge)],
        ['default', '""'],
      ]),
    );
  if (plan.config.privateNetwork)
    maps.push(
      mapBlock(
        '"$corskit_state $http_access_control_request_private_network"',
        '$corskit_allow_private_network',
        [
          ['"~^preflight-ok true$"', 'true'],
          ['default', '""'],
        ],
      ),
    );
  maps.push(varyMaps(plan));
  return maps.join('\n\n');
}

/**
 * Vary = the upstream's own Vary lines, untouched, plus one line with each of our tokens that the
 * upstream's first Vary line lacks (nothing when it says `*`). Hiding and rebuilding Vary would
 * lose every line after the first: nginx 1.22 keeps only the first in $upstream_http_vary.
 */
function varyMaps(plan: CorsPlan): string {
  const blocks: string[] = [];
  // Short names: nginx's variables hash has 64-byte buckets by default.
  const tokenVar = (t: string): string =>
    `$corskit_vary_${t
      .split('-')
      .map((w) => w[0]!.toLowerCase())
      .join('')}`;
  for (const token of plan.varyOptions) {
    blocks.push(
      mapBlock('$upstream_http_vary', tokenVar(token), [
        [q(`~*(?:^|,)[ \\t]*(?:${token}|\\*)[ \\t]*(?:,|$)`), '""'],
        ['default', q(`, ${token}`)],
      ]),
    );
  }
  const options = plan.varyOptions.map(tokenVar).join('');
  const actual = plan.varyActual.map(tokenVar).join('');
  blocks.push(
    mapBlock('"$corskit_in_scope$request_method"', '$corskit_vary_add', [
      ['"~^1OPTIONS$"', q(options)],
      ['"~^1"', q(actual)],
      ['default', '""'],
    ]),
  );
  blocks.push(
    mapBlock('$corskit_vary_add', '$corskit_vary', [
      ['"~^, (?<corskit_vary_rest>.*)$"', '$corskit_vary_rest'],
      ['default', '""'],
    ]),
  );
  return blocks.join('\n\n');
}

/** The add_header lines, exactly as the warnings ask the user to repeat them. */
function addHeaderLines(plan: CorsPlan): string[] {
  const lines: string[] = [];
  const add = (name: string, v: string): void => void lines.push(`add_header ${name} ${v} always;`);
  add('Access-Control-Allow-Origin', '$corskit_allow_origin');
  if (plan.config.credentials) add('Access-Control-Allow-Credentials', '$corskit_allow_credentials');
  if (plan.exposeHeaders) add('Access-Control-Expose-Headers', '$corskit_expose_headers');
  add('Access-Control-Allow-Methods', '$corskit_allow_methods');
  add('Access-Control-Allow-Headers', '$corskit_allow_headers');
  if (plan.maxAge !== undefined) add('Access-Control-Max-Age', '$corskit_max_age');
  if (plan.config.privateNetwork)
    add('Access-Control-Allow-Private-Network', '$corskit_allow_private_network');
  add('Vary', '$corskit_vary');
  return lines;
}

/** The inheritance trap nginx cannot avoid, with the exact lines to repeat. */
function inheritanceWarning(plan: CorsPlan, path: string): string[] {
  return [
    '# !!! nginx: a location (or an `if` in it) with ANY add_header of its own drops EVERY add_header',
    '# !!! of this server block there: these CORS lines and your security headers alike',
    '# !!! (Strict-Transport-Security, X-Frame-Options, Content-Security-Policy). nginx 1.22 has no way',
    `# !!! around it. Keep add_header out of the locations under ${path}, or repeat in each such location`,
    '# !!! all of your server-level add_header lines AND these:',
    ...addHeaderLines(plan).map((l) => `# !!!     ${l}`),
  ];
}

function serverLevel(plan: CorsPlan, path: string): string {
  const lines: string[] = [
    '# `always`: also on 4xx/5xx. Empty values are not sent. Server level, next to your own',
    '# add_header lines (HSTS, X-Frame-Options, CSP), so that both reach every response.',
    ...inheritanceWarning(plan, path),
    ...addHeaderLines(plan),
  ];
  const status = plan.config.preflightStatus;
  lines.push(
    '',
    `# Preflights to ${path} end here (only \`return\` inside \`if\`, which is safe), with the headers above.`,
    `if ($corskit_state = preflight-ok) { return ${status === 204 ? '204' : '200 ""'}; }`,
    'if ($corskit_state = preflight-refused) { return 403; }',
  );
  return lines.join('\n');
}

function locationLevel(): string {
  return [
    "# The upstream's own CORS headers are hidden: the server-level lines are the only source.",
    '# (proxy_hide_header is not add_header: it leaves the inherited add_header lines alone.)',
    ...CORS_HEADER_NAMES.map((h) => `proxy_hide_header ${h};`),
  ].join('\n');
}

const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(n) + l))
    .join('\n');

export function renderNginx(plan: CorsPlan, info: PolicyInfo, options: GenerateOptions): GeneratedConfig {
  const path = options.location ?? '/';
  const http = httpLevel(plan, path);
  const server = serverLevel(plan, path);
  const location = locationLevel();
  const header = commentBlock('#', 'nginx', info, [...plan.approximations, ...NGINX_APPROXIMATIONS]);
  if (options.upstream) {
    const text = [
      header,
      '# Drop this file into the http {} context (e.g. /etc/nginx/conf.d/cors.conf).',
      '',
      http,
      '',
      'server {',
      '    listen 80;',
      '    # The engine reads up to 8192 characters of Access-Control-Request-Headers; nginx must accept them.',
      '    large_client_header_buffers 4 16k;',
      '',
      '    # Your server-level add_header lines (HSTS, X-Frame-Options, CSP, …) go here: they stay on',
      '    # every response, preflights and errors included, because no location below has add_header.',
      '',
      indent(server, 4),
      '',
      `    location ${path} {`,
      indent(location, 8),
      '',
      `        proxy_pass ${upstreamTarget(options.upstream)};`,
      '    }',
      '}',
      '',
    ].join('\n');
    return { server: 'nginx', text, parts: [{ where: 'http {} (the whole file)', text }] };
  }
  const text = [
    header,
    '# PART 1 of 3: goes at http {} level (map is not allowed inside server or location),',
    '# e.g. in /etc/nginx/conf.d/cors-maps.conf.',
    '',
    http,
    '',
    '# PART 2 of 3: goes inside your server { … }, next to its own add_header lines — NOT inside a',
    `# location: the rules already apply to ${path} only.`,
    '',
    server,
    '',
    `# PART 3 of 3: goes inside the location(s) that proxy ${path} (next to proxy_pass). With fastcgi_pass`,
    '# or uwsgi_pass, write fastcgi_hide_header / uwsgi_hide_header instead.',
    '',
    location,
    '',
  ].join('\n');
  return {
    server: 'nginx',
    text,
    parts: [
      { where: 'http {}', text: http },
      { where: 'server {}', text: server },
      { where: `location ${path}`, text: location },
    ],
  };
}

const NGINX_APPROXIMATIONS = [
  "The upstream's Vary lines are passed on as they are and our tokens are added on a line of their own, " +
    "only those missing from the upstream's first Vary line (nginx 1.22 exposes no other): an upstream that names " +
    'Origin only on a second Vary line gets Origin twice, which means the same to every cache.',
];

/** Without a path nginx passes the request URI unchanged; with one it replaces the location prefix. */
function upstreamTarget(url: URL): string {
  return url.pathname === '/' ? url.origin : `${url.origin}${url.pathname}`;
}
