// nginx: every decision is a `map` (http level), so the location needs only one set of
// `add_header … always` lines whose values are empty (= not sent) unless the policy grants them.
// Avoids: add_header without `always` (lost on 4xx/5xx), add_header inheritance (nothing is set
// inside `if`), unanchored/unescaped regexes, duplicate upstream CORS headers, a missing or
// duplicated Vary, and unanswered preflights.

import { type CorsPlan, MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import {
  CORS_HEADER_NAMES,
  commentBlock,
  type GeneratedConfig,
  type GenerateOptions,
  type PolicyInfo,
} from './generated-config.js';

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

function httpLevel(plan: CorsPlan): string {
  const maps: string[] = [];
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
    mapBlock('"$request_method $corskit_has_origin$corskit_has_acrm"', '$corskit_preflight', [
      ['"~^OPTIONS 11$"', '1'],
      ['default', '0'],
    ]),
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
  // The verdict: "preflight-ok" / "preflight-refused" / "ok" (ordinary request from a granted origin) / "".
  maps.push(
    mapBlock(
      '"$corskit_preflight$corskit_origin_ok$corskit_method_ok$corskit_headers_ok$corskit_pna_ok"',
      '$corskit_state',
      [
        ['11111', 'preflight-ok'],
        ['"~^1"', 'preflight-refused'],
        ['"~^01"', 'ok'],
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
 * Vary = the upstream's Vary plus each of our tokens it lacks (nothing when it says `*`), as one
 * header: the upstream's own Vary is hidden and re-sent merged.
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
    mapBlock('$request_method', '$corskit_vary_add', [
      ['"~^OPTIONS$"', q(options)],
      ['default', q(actual)],
    ]),
  );
  blocks.push(
    mapBlock('"$upstream_http_vary$corskit_vary_add"', '$corskit_vary', [
      ['"~^, (?<corskit_vary_rest>.*)$"', '$corskit_vary_rest'],
      ['default', '"$upstream_http_vary$corskit_vary_add"'],
    ]),
  );
  return blocks.join('\n\n');
}

function locationLevel(plan: CorsPlan): string {
  const lines: string[] = [];
  lines.push("# The upstream's own CORS headers and Vary are hidden: these lines are the only source.");
  for (const h of [...CORS_HEADER_NAMES, 'Vary']) lines.push(`proxy_hide_header ${h};`);
  lines.push(
    '',
    '# `always`: also on 4xx/5xx. Empty values are not sent. Keep every add_header of this',
    '# location here: a nested location or `if` with its own add_header would drop these.',
  );
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
  const status = plan.config.preflightStatus;
  lines.push(
    '',
    '# Preflights end here (only `return` inside `if`, which is safe), with the headers above.',
    `if ($corskit_state = preflight-ok) { return ${status === 204 ? '204' : '200 ""'}; }`,
    'if ($corskit_state = preflight-refused) { return 403; }',
  );
  return lines.join('\n');
}

const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(n) + l))
    .join('\n');

export function renderNginx(plan: CorsPlan, info: PolicyInfo, options: GenerateOptions): GeneratedConfig {
  const http = httpLevel(plan);
  const location = locationLevel(plan);
  const path = options.location ?? '/';
  const header = commentBlock('#', 'nginx', info, plan.approximations);
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
    '# PART 1 of 2: goes at http {} level (map is not allowed inside server or location),',
    '# e.g. in /etc/nginx/conf.d/cors-maps.conf.',
    '',
    http,
    '',
    `# PART 2 of 2: goes inside your location (e.g. location ${path} { … }), next to your proxy_pass/root.`,
    '',
    location,
    '',
  ].join('\n');
  return {
    server: 'nginx',
    text,
    parts: [
      { where: 'http {}', text: http },
      { where: `location ${path}`, text: location },
    ],
  };
}

/** Without a path nginx passes the request URI unchanged; with one it replaces the location prefix. */
function upstreamTarget(url: URL): string {
  return url.pathname === '/' ? url.origin : `${url.origin}${url.pathname}`;
}
