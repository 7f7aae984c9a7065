// Caddy 2: `map` turns the (joined) request headers into decisions, named matchers gate each
// `header` line (an empty placeholder would still send an empty header), `respond` ends
// preflights, and `reverse_proxy` drops the upstream's CORS headers (`header_down -…`) and merges
// our Vary tokens into its Vary. Avoids: `header Origin *example.com` suffix matching, unanchored
// header_regexp, duplicate ACAO from the upstream, empty CORS headers.
import { type CorsPlan, MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import {
  CORS_HEADER_NAMES,
  commentBlock,
  type GeneratedConfig,
  type GenerateOptions,
  type PolicyInfo,
} from './generated-config.js';

/** Backtick tokens are raw in a Caddyfile: no escaping inside, and our regexes never contain a backtick. */
const raw = (s: string): string => `\`${s}\``;

function maps(plan: CorsPlan): string[] {
  const l: string[] = [];
  if (!plan.anyOrigin) {
    // {header.Origin} joins several Origin lines with ",", so two lines never match (as in the engine).
    l.push(
      'map {header.Origin} {corskit_origin} {',
      `    ${raw(`~${plan.originRe2!.regex}`)} ok`,
      '    default no',
      '}',
    );
  }
  l.push(
    'map {header.Access-Control-Request-Method} {corskit_method} {',
    `    ${raw(`~${plan.methodRegex}`)} ok`,
    '    default no',
    '}',
  );
  const acah: string[] = [`    ${raw(`~${plan.emptyListRegex}`)} ok none`];
  if (plan.headersWildcard)
    acah.push(
      `    ${raw(`~${plan.authorizationRegex}`)} ${plan.authorizationWithWildcard ? 'ok echo' : 'no none'}`,
    );
  acah.push(
    `    ${raw(`~${plan.headerListRegex}`)} ok ${plan.headersWildcard ? 'star' : 'echo'}`,
    '    default no none',
  );
  l.push('map {header.Access-Control-Request-Headers} {corskit_headers} {corskit_acah} {', ...acah, '}');
  return l;
}

/** CEL, because several `vars` keys in one matcher are OR-ed by Caddy; this is an AND. */
function allOk(vars: readonly string[], extra: readonly string[] = []): string {
  return `expression ${raw([...vars.map((v) => `{${v}} == 'ok'`), ...extra].join(' && '))}`;
}

function matchers(plan: CorsPlan): { lines: string[]; preflightOk: string[] } {
  const isPreflight = ['method OPTIONS', 'header Origin *', 'header Access-Control-Request-Method *'];
  const originVar = plan.anyOrigin ? [] : ['corskit_origin'];
  const tooLong = plan.originRe2?.tooLong ? [`not header_regexp Origin ${raw(plan.originRe2.tooLong)}`] : [];
  const pna = plan.config.privateNetwork
    ? [
        'not {',
        '    header Access-Control-Request-Private-Network *',
        '    not header Access-Control-Request-Private-Network true',
        '}',
      ]
    : ['not header Access-Control-Request-Private-Network *'];
  const block = (name: string, body: string[]): string[] => [
    `@${name} {`,
    ...body.map((b) => `    ${b}`),
    '}',
  ];
  const l: string[] = [];
  l.push(...block('corskit_preflight', isPreflight));
  const preflightOk = [
    ...isPreflight,
    ...tooLong,
    allOk(
      [...originVar, 'corskit_method', 'corskit_headers'],
      [`size({http.request.header.Access-Control-Request-Headers}) <= ${MAX_REQUESTED_HEADERS_LENGTH}`],
    ),
    ...pna,
  ];
  l.push(...block('corskit_preflight_ok', preflightOk));
  const notPreflight = ['not {', ...isPreflight.map((m) => `    ${m}`), '}'];
  l.push(
    ...block('corskit_actual_ok', [
      ...notPreflight,
      ...tooLong,
      ...(plan.anyOrigin ? [] : [allOk(originVar)]),
    ]),
  );
  l.push('@corskit_options method OPTIONS');
  l.push('@corskit_not_options not method OPTIONS');
  return { lines: l, preflightOk };
}

function headerLines(plan: CorsPlan): string[] {
  const l: string[] = [];
  const origin = plan.anyOrigin ? '*' : '{header.Origin}';
  for (const m of ['@corskit_preflight_ok', '@corskit_actual_ok']) {
    l.push(`header ${m} Access-Control-Allow-Origin ${origin}`);
    if (plan.config.credentials) l.push(`header ${m} Access-Control-Allow-Credentials true`);
  }
  if (plan.exposeHeaders)
    l.push(`header @corskit_actual_ok Access-Control-Expose-Headers "${plan.exposeHeaders}"`);
  l.push('header @corskit_preflight_ok Access-Control-Allow-Methods {header.Access-Control-Request-Method}');
  l.push(
    'header @corskit_preflight_ok_echo Access-Control-Allow-Headers {header.Access-Control-Request-Headers}',
  );
  if (plan.headersWildcard) l.push('header @corskit_preflight_ok_star Access-Control-Allow-Headers *');
  if (plan.maxAge !== undefined) l.push(`header @corskit_preflight_ok Access-Control-Max-Age ${plan.maxAge}`);
  if (plan.config.privateNetwork)
    l.push('header @corskit_preflight_ok_pna Access-Control-Allow-Private-Network true');
  // `?Vary` is deferred and only sets Vary when the final response has none (the proxy merges otherwise).
  l.push(`header @corskit_options ?Vary "${plan.varyOptions.join(', ')}"`);
  if (plan.varyActual.length > 0) l.push(`header @corskit_not_options ?Vary "${plan.varyActual.join(', ')}"`);
  return l;
}

/** Matchers for the ACAH/ACAPN variants: the preflight grant plus one more condition. */
function grantVariants(plan: CorsPlan, preflightOk: readonly string[]): string[] {
  const body = preflightOk.map((b) => `    ${b}`);
  const variant = (name: string, extra: string): string[] => [`@${name} {`, ...body, `    ${extra}`, '}'];
  const l = [...variant('corskit_preflight_ok_echo', 'vars {corskit_acah} echo')];
  if (plan.headersWildcard) l.push(...variant('corskit_preflight_ok_star', 'vars {corskit_acah} star'));
  if (plan.config.privateNetwork)
    l.push(...variant('corskit_preflight_ok_pna', 'header Access-Control-Request-Private-Network true'));
  return l;
}

function proxyLines(tokens: readonly string[], matcher: string, upstream: string): string[] {
  const l = [`reverse_proxy ${matcher} ${upstream} {`];
  for (const h of CORS_HEADER_NAMES) l.push(`    header_down -${h}`);
  for (const t of tokens) {
    // Append the token, then drop the appended copy again when the upstream's Vary already had it (or *).
    l.push(`    header_down Vary ^(.*)$ "\${1}, ${t}"`);
    l.push(`    header_down Vary ${raw(`(?i)^((?:.*,)?[ \\t]*(?:${t}|\\*)[ \\t]*(?:,.*)?), ${t}$`)} "\${1}"`);
  }
  l.push('}');
  return l;
}

const indent = (lines: readonly string[], n: number): string =>
  lines
    .flatMap((x) => x.split('\n'))
    .map((x) => (x === '' ? x : ' '.repeat(n) + x))
    .join('\n');

export function renderCaddy(plan: CorsPlan, info: PolicyInfo, options: GenerateOptions): GeneratedConfig {
  const path = options.location ?? '/';
  const m = matchers(plan);
  const decisions = [...maps(plan), '', ...m.lines, ...grantVariants(plan, m.preflightOk)];
  const upstream = options.upstream ? `${options.upstream.host}` : 'YOUR_UPSTREAM';
  const route = [
    ...headerLines(plan),
    `respond @corskit_preflight_ok ${plan.config.preflightStatus}`,
    'respond @corskit_preflight 403',
    ...proxyLines(plan.varyOptions, '@corskit_options', upstream),
    ...proxyLines(plan.varyActual, '', upstream).map((x) => x.replace('reverse_proxy  ', 'reverse_proxy ')),
  ];
  const scope = path === '/' ? 'route' : `route ${path}*`;
  const notes = plan.approximations.map((a) =>
    a.replace(
      ' (nginx and Apache cannot tell empty from missing)',
      ' in nginx and Apache; Caddy tells them apart like the engine',
    ),
  );
  const header = commentBlock('#', 'Caddy 2', info, notes);
  const body = [...decisions, '', `${scope} {`, indent(route, 4), '}'];
  if (options.upstream) {
    const text = [header, '', ':80 {', indent(body, 4), '}', ''].join('\n');
    return { server: 'caddy', text, parts: [{ where: 'Caddyfile (a complete site)', text }] };
  }
  const text = [
    header,
    '# Goes inside your site block. Replace YOUR_UPSTREAM with your backend (host:port);',
    '# keep the header_down lines in your own reverse_proxy if you already have one.',
    '',
    body.join('\n'),
    '',
  ].join('\n');
  return { server: 'caddy', text, parts: [{ where: 'site block', text: body.join('\n') }] };
}
