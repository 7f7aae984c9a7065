// HAProxy 2.6: ACLs and `http-request set-var` turn the request into one verdict variable,
// `http-request return` ends preflights, and `http-after-response` rules (which run on every
// response, the server's and HAProxy's own) drop the upstream's CORS headers and set ours only
// when the verdict grants them, so nothing is lost on 4xx/5xx. Vary: each of our tokens is added
// unless one of the response's Vary lines already names it (or `*`); the lines themselves are
// never rewritten. Avoids: req.hdr (splits on commas, so "a, b" would match an allowed "a"),
// unanchored or unescaped regexes, duplicate upstream CORS headers, empty CORS headers.
import { type CorsPlan, MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import { GenerateError } from './generate-error.js';
import {
  CORS_HEADER_NAMES,
  commentBlock,
  type GeneratedConfig,
  type GenerateOptions,
  type PolicyInfo,
} from './generated-config.js';

/** Single quotes are HAProxy's strong quoting: nothing inside is interpreted, and no value we write contains one. */
const sq = (s: string): string => {
  if (s.includes("'")) throw new GenerateError(`refusing to quote ${JSON.stringify(s)} for HAProxy`);
  return `'${s}'`;
};

const ORIGIN = 'req.fhdr(origin)';
const ACRM = 'req.fhdr(access-control-request-method)';
const ACRH = 'req.fhdr(access-control-request-headers)';
const ACRPN = 'req.fhdr(access-control-request-private-network)';
const VERDICT = 'var(txn.corskit)';
const PREFLIGHT = '{ var(txn.corskit_pf) -m bool }';
const is = (...values: string[]): string => `{ ${VERDICT} -m str ${values.join(' ')} }`;

function acls(plan: CorsPlan, path: string): string[] {
  const l = [
    '# Decide. req.fhdr reads a header whole (req.hdr would split it on commas).',
    'acl corskit_options method OPTIONS',
    'acl corskit_has_origin req.fhdr_cnt(origin) gt 0',
    // Several Origin lines: the engine joins them into a value that is no origin.
    'acl corskit_one_origin req.fhdr_cnt(origin) eq 1',
    'acl corskit_has_acrm req.fhdr_cnt(access-control-request-method) gt 0',
    `acl corskit_method_ok ${ACRM} -m reg ${sq(plan.methodRegex)}`,
    'acl corskit_has_acrh req.fhdr_cnt(access-control-request-headers) gt 0',
    'acl corskit_one_acrh req.fhdr_cnt(access-control-request-headers) eq 1',
    `acl corskit_acrh_list ${ACRH} -m reg ${sq(plan.headerListRegex)}`,
    `acl corskit_acrh_long ${ACRH},length gt ${MAX_REQUESTED_HEADERS_LENGTH}`,
    `acl corskit_acrh_empty ${ACRH} -m reg ${sq(plan.emptyListRegex)}`,
    `acl corskit_acrh_authz ${ACRH} -m reg ${sq(plan.authorizationRegex)}`,
    'acl corskit_has_pna req.fhdr_cnt(access-control-request-private-network) gt 0',
    `acl corskit_pna_true ${ACRPN} -m str true`,
    path === '/' ? 'acl corskit_in_scope always_true' : `acl corskit_in_scope path_beg ${sq(path)}`,
  ];
  if (!plan.anyOrigin) l.push(`acl corskit_origin_ok ${ORIGIN} -m reg ${sq(plan.originPcre!)}`);
  return l;
}

function verdict(plan: CorsPlan): string[] {
  const origin = plan.anyOrigin ? '' : ' corskit_one_origin corskit_origin_ok';
  const wildcardAuthz = plan.headersWildcard && !plan.authorizationWithWildcard ? ' !corskit_acrh_authz' : '';
  const l = [
    'http-request set-var(txn.corskit_scope) bool(true) if corskit_in_scope',
    // Headers: absent, or one list of granted names within the engine's length cap.
    'http-request set-var(txn.corskit_h) bool(true) if !corskit_has_acrh',
    `http-request set-var(txn.corskit_h) bool(true) if corskit_one_acrh corskit_acrh_list !corskit_acrh_long${wildcardAuthz}`,
    // Private Network Access: absent, or `true` when the policy answers it.
    'http-request set-var(txn.corskit_p) bool(true) if !corskit_has_pna',
  ];
  if (plan.config.privateNetwork)
    l.push('http-request set-var(txn.corskit_p) bool(true) if corskit_pna_true');
  l.push(
    'acl corskit_headers_ok var(txn.corskit_h) -m bool',
    'acl corskit_pna_ok var(txn.corskit_p) -m bool',
    // An ACL cannot name another ACL: the preflight test is kept in a variable.
    'http-request set-var(txn.corskit_pf) bool(true) if corskit_options corskit_has_origin corskit_has_acrm corskit_in_scope',
    `http-request set-var(txn.corskit) str(preflight-ok) if ${PREFLIGHT}${origin} corskit_method_ok corskit_headers_ok corskit_pna_ok`,
    `http-request set-var(txn.corskit) str(preflight-refused) if ${PREFLIGHT} !{ ${VERDICT} -m found }`,
    `http-request set-var(txn.corskit) str(ok) if !${PREFLIGHT} corskit_in_scope${plan.anyOrigin ? '' : ' corskit_has_origin'}${origin}`,
    // What the response rules echo, kept from the request (validated by the ACLs above).
    `http-request set-var(txn.corskit_origin) ${ORIGIN} if ${is('ok', 'preflight-ok')}`,
    `http-request set-var(txn.corskit_acrm) ${ACRM} if ${is('preflight-ok')}`,
    `http-request set-var(txn.corskit_acrh) ${ACRH} if ${is('preflight-ok')} corskit_has_acrh !corskit_acrh_empty`,
  );
  if (plan.headersWildcard)
    l.push(`http-request set-var(txn.corskit_star) bool(true) if ${is('preflight-ok')} !corskit_acrh_authz`);
  if (plan.config.privateNetwork)
    l.push(`http-request set-var(txn.corskit_pna) bool(true) if ${is('preflight-ok')} corskit_pna_true`);
  l.push('http-request set-var(txn.corskit_opt) bool(true) if corskit_options corskit_in_scope');
  return l;
}

function endPreflights(plan: CorsPlan): string[] {
  return [
    '',
    '# End preflights (the response rules below add the headers to these too).',
    `http-request return status ${plan.config.preflightStatus} if ${is('preflight-ok')}`,
    `http-request return status 403 if ${is('preflight-refused')}`,
  ];
}

function responseRules(plan: CorsPlan): string[] {
  const scope = '{ var(txn.corskit_scope) -m bool }';
  const l = [
    '',
    "# Every response in scope, the upstream's and HAProxy's own: the upstream's CORS headers go,",
    '# ours are set only when the verdict grants them (never empty).',
    ...CORS_HEADER_NAMES.map((h) => `http-after-response del-header ${h} if ${scope}`),
  ];
  const set = (name: string, value: string, cond: string): void =>
    void l.push(`http-after-response set-header ${name} ${value} if ${cond}`);
  const origin = plan.anyOrigin ? '"*"' : '"%[var(txn.corskit_origin)]"';
  set('Access-Control-Allow-Origin', origin, is('ok', 'preflight-ok'));
  if (plan.config.credentials) set('Access-Control-Allow-Credentials', 'true', is('ok', 'preflight-ok'));
  if (plan.exposeHeaders) set('Access-Control-Expose-Headers', `"${plan.exposeHeaders}"`, is('ok'));
  set('Access-Control-Allow-Methods', '"%[var(txn.corskit_acrm)]"', is('preflight-ok'));
  const acah = '{ var(txn.corskit_acrh) -m found }';
  if (plan.headersWildcard) {
    set(
      'Access-Control-Allow-Headers',
      '"%[var(txn.corskit_acrh)]"',
      `${is('preflight-ok')} ${acah} !{ var(txn.corskit_star) -m bool }`,
    );
    set(
      'Access-Control-Allow-Headers',
      '"*"',
      `${is('preflight-ok')} ${acah} { var(txn.corskit_star) -m bool }`,
    );
  } else set('Access-Control-Allow-Headers', '"%[var(txn.corskit_acrh)]"', `${is('preflight-ok')} ${acah}`);
  if (plan.maxAge !== undefined) set('Access-Control-Max-Age', plan.maxAge, is('preflight-ok'));
  if (plan.config.privateNetwork)
    set(
      'Access-Control-Allow-Private-Network',
      'true',
      `${is('preflight-ok')} { var(txn.corskit_pna) -m bool }`,
    );
  l.push('', '# Vary: add each token no Vary line names yet (res.hdr reads every line, token by token).');
  const opt = '{ var(txn.corskit_opt) -m bool }';
  for (const t of plan.varyOptions)
    l.push(`http-after-response add-header Vary ${t} if ${opt} !{ res.hdr(vary) -m str -i ${t} * }`);
  for (const t of plan.varyActual)
    l.push(
      `http-after-response add-header Vary ${t} if ${scope} !${opt} !{ res.hdr(vary) -m str -i ${t} * }`,
    );
  return l;
}

const indent = (lines: readonly string[], n: number): string =>
  lines.map((x) => (x === '' ? x : ' '.repeat(n) + x)).join('\n');

const HAPROXY_APPROXIMATIONS = [
  'Several Access-Control-Request-Headers lines are refused (HAProxy reads one line whole; the engine joins them). ' +
    'Browsers always send one line.',
  'Vary tokens are added as lines of their own rather than merged into one line; caches read all Vary lines as one list.',
];

function serverLine(upstream: URL): string {
  if (upstream.pathname !== '/')
    throw new GenerateError(
      `HAProxy forwards the request path unchanged; --upstream ${upstream.href} has a path, which it cannot prepend exactly: give the upstream's origin only`,
    );
  const port = upstream.port || (upstream.protocol === 'https:' ? '443' : '80');
  const tls =
    upstream.protocol === 'https:'
      ? ` ssl verify required ca-file @system-ca sni str(${upstream.hostname})`
      : '';
  return `server app ${upstream.hostname}:${port}${tls}`;
}

export function renderHaproxy(plan: CorsPlan, info: PolicyInfo, options: GenerateOptions): GeneratedConfig {
  const path = options.location ?? '/';
  const rules = [...acls(plan, path), '', ...verdict(plan), ...endPreflights(plan), ...responseRules(plan)];
  const header = commentBlock('#', 'HAProxy 2.6', info, [...plan.approximations, ...HAPROXY_APPROXIMATIONS]);
  if (options.upstream) {
    const text = [
      header,
      '',
      'global',
      `    # The engine reads up to ${MAX_REQUESTED_HEADERS_LENGTH} characters of Access-Control-Request-Headers; HAProxy must accept them.`,
      '    tune.bufsize 32768',
      '',
      'defaults',
      '    mode http',
      '    timeout connect 5s',
      '    timeout client 30s',
      '    timeout server 30s',
      '',
      'frontend corskit',
      '    bind :80',
      '    # Your own http-after-response set-header lines (HSTS, X-Frame-Options, CSP) can go here:',
      '    # nothing below removes them.',
      indent(rules, 4),
      '',
      '    default_backend corskit_upstream',
      '',
      'backend corskit_upstream',
      `    ${serverLine(options.upstream)}`,
      '',
    ].join('\n');
    return { server: 'haproxy', text, parts: [{ where: 'haproxy.cfg (a complete file)', text }] };
  }
  const body = rules.join('\n');
  const text = [
    header,
    '# Goes inside your `frontend` (or `listen`) section, which must be `mode http`, before its',
    `# use_backend/default_backend lines. Set \`tune.bufsize 32768\` in \`global\` so that HAProxy accepts`,
    `# the ${MAX_REQUESTED_HEADERS_LENGTH} characters of Access-Control-Request-Headers the engine reads.`,
    '',
    body,
    '',
  ].join('\n');
  return { server: 'haproxy', text, parts: [{ where: 'frontend', text: body }] };
}
