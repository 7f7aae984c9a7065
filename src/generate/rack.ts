// Ruby: rack-cors, as the Rails initializer and as a plain config.ru `use`. Exact http(s) origins
// are strings (rack-cors compares them exactly); `null`, other schemes and the patterns are
// Regexps anchored with \A … \z (Ruby's ^ and $ match at any line break).
import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import { escapeRegexLiteral } from './origin-regex.js';
import {
  anchoredOriginRegex,
  quoted,
  rubyRegex,
  SAFE_METHODS,
  type StackPlan,
  stackComment,
} from './stack-plan.js';

const RB = { start: '\\A', end: '\\z' };
/** rack-cors allows these request headers whatever `headers:` says (its CORS_SIMPLE_HEADERS). */
const RACK_ALWAYS = ['accept', 'accept-language', 'content-language', 'content-type'];

/** Request headers the `if:` condition must refuse: what rack-cors would grant beyond the policy. */
function refusedNames(plan: StackPlan): string[] {
  if (plan.headers === '*') return plan.authorizationWithWildcard ? [] : ['authorization'];
  const listed = plan.headers;
  return RACK_ALWAYS.filter((h) => !listed.includes(h));
}

function listsAny(names: readonly string[]): string {
  return `(?i)(?:\\A|,)[ \\t]*(?:${names.map(escapeRegexLiteral).join('|')})[ \\t]*(?:,|\\z)`;
}

function notes(plan: StackPlan): string[] {
  const n = [
    'Every preflight gets 200, even a refused one (the engine answers 403), with no CORS header and no Vary when refused.',
    'Ordinary responses to a granted origin also carry Access-Control-Allow-Methods, Access-Control-Max-Age and ' +
      'an Access-Control-Expose-Headers (empty when nothing is exposed); browsers ignore them there.',
    'Vary: Origin is added to every response of the resource, `*` policies included; preflights get no Vary.',
    'Access-Control-Allow-Methods lists the whole policy instead of echoing the request method.',
    'Requested methods are compared case-insensitively (a lower-case `put` gets PUT listed, which browsers do not accept for `put`).',
  ];
  if (refusedNames(plan).length)
    n.push(
      'rack-cors always grants Accept, Accept-Language, Content-Language and Content-Type, and headers: :any would ' +
        'grant authorization, which `*` does not cover: the `if:` condition refuses preflights asking for ' +
        `${refusedNames(plan).join(', ')} (200 without CORS headers).`,
    );
  if (plan.config.maxAge === undefined)
    n.push('max_age: 0 (rack-cors always sends Access-Control-Max-Age; its default is 7200).');
  if (plan.config.privateNetwork)
    n.push('rack-cors 1.1 cannot answer Private Network Access preflights: they stay refused.');
  return n;
}

function originsLine(plan: StackPlan): string {
  if (plan.anyOrigin) return 'origins "*"';
  const exactCount = plan.allBranches.length - plan.patternBranches.length;
  const entries = plan.allBranches.map((branch, i) => {
    const origin = plan.exact[i];
    if (i < exactCount && origin !== undefined && /^https?:\/\//.test(origin)) return quoted(origin);
    return rubyRegex(anchoredOriginRegex([branch], RB, i >= exactCount));
  });
  return `origins ${entries.join(',\n          ')}`;
}

function body(plan: StackPlan): string[] {
  const c = plan.config;
  const methods =
    plan.methods === '*'
      ? ':any'
      : `[${[...SAFE_METHODS, ...plan.methods].map((m) => quoted(m.toLowerCase())).join(', ')}]`;
  const headers = plan.headers === '*' ? ':any' : `[${plan.headers.map(quoted).join(', ')}]`;
  const opts = [`headers: ${headers}`, `methods: ${methods}`];
  if (c.credentials) opts.push('credentials: true');
  if (plan.expose === '*' || plan.expose.length)
    opts.push(`expose: [${(plan.expose === '*' ? ['*'] : plan.expose).map(quoted).join(', ')}]`);
  opts.push(`max_age: ${plan.maxAge ?? '0'}`);
  const refused = refusedNames(plan);
  if (refused.length)
    opts.push(
      `if: proc { |env| env["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"].to_s !~ ${rubyRegex(listsAny(refused))} }`,
    );
  return [
    '  allow do',
    `    ${originsLine(plan)}`,
    `    resource "*",`,
    ...opts.map((o, i) => `      ${o}${i < opts.length - 1 ? ',' : ''}`),
    '  end',
  ];
}

export function renderRack(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const header = stackComment(
    '#',
    'Ruby with rack-cors 1.x (Rails or any Rack app)',
    info.summary,
    notes(plan),
  );
  const b = body(plan);
  const rails = [
    '# config/initializers/cors.rb (Rails): first in the stack, so errors get CORS headers too.',
    'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
    ...b,
    'end',
  ].join('\n');
  const rack = [
    '# config.ru (plain Rack), before `run`:',
    'require "rack/cors"',
    '',
    'use Rack::Cors do',
    ...b,
    'end',
  ].join('\n');
  const text = `${header}\n\n${rails}\n\n${rack}\n`;
  return {
    server: 'rack',
    text,
    parts: [
      { where: 'config/initializers/cors.rb (Rails)', text: `${header}\n${rails}\n` },
      { where: 'config.ru (plain Rack, before run)', text: `${header}\n${rack}\n` },
    ],
  };
}
