// What every generator needs from a compiled policy, as regular expressions and literal values
// that reproduce the engine's request-time decisions (src/engine/policy-engine.ts). Each regex
// here is valid PCRE (nginx, Apache), RE2 (Caddy) and JavaScript, so the tests can check it
// against the engine directly.
import { VARY_ACTUAL, VARY_PREFLIGHT } from '../engine/decision-headers.js';
import type { CompiledPolicyConfig, CorsPolicy } from '../policy/types.js';
import { guardInteger, guardToken } from './config-guard.js';
import { GenerateError } from './generate-error.js';
import { escapeRegexLiteral, pcreOriginRegex, re2OriginRegex } from './origin-regex.js';

/** RFC 9110 tchar, written with hex escapes so no config language sees a quote, `#`, `$` or `%`. */
export const TOKEN_CLASS = '[\\x21\\x23-\\x27\\x2a\\x2b\\x2d\\x2e0-9A-Z\\x5e-\\x7a\\x7c\\x7e]';
const OWS = '[ \\t]*';
/** The engine's cap on the Access-Control-Request-Headers value (src/engine/requested-headers.ts). */
export const MAX_REQUESTED_HEADERS_LENGTH = 8192;
const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];

export interface CorsPlan {
  readonly config: CompiledPolicyConfig;
  /** `origins: "*"`: ACAO is `*` and the Origin is never checked. */
  readonly anyOrigin: boolean;
  /** nginx/Apache form of the origin allow-list (undefined with anyOrigin). */
  readonly originPcre: string | undefined;
  /** Caddy form plus its separate length check. */
  readonly originRe2: { regex: string; tooLong: string | undefined } | undefined;
  /** Anchored, case-sensitive: an Access-Control-Request-Method the policy grants. */
  readonly methodRegex: string;
  /** Anchored, case-insensitive (`(?i)`): a request-header list whose every name is granted. */
  readonly headerListRegex: string;
  /** Case-insensitive: the list names `authorization`, which `*` never covers. */
  readonly authorizationRegex: string;
  /** With requestHeaders "*": echo `*` unless authorization is requested (then echo the names). */
  readonly headersWildcard: boolean;
  /** With requestHeaders "*": authorization was listed next to it. */
  readonly authorizationWithWildcard: boolean;
  /** A list with no name at all (only spaces and commas): no ACAH is sent. */
  readonly emptyListRegex: string;
  readonly exposeHeaders: string | undefined;
  readonly maxAge: string | undefined;
  /** Vary tokens of ordinary responses ('' with `*` origins) and of every OPTIONS response. */
  readonly varyActual: readonly string[];
  readonly varyOptions: readonly string[];
  /** Explanations of where the server config is not byte-for-byte the engine (also printed in the output). */
  readonly approximations: readonly string[];
}

function alternation(names: readonly string[]): string {
  return `(?:${names.map(escapeRegexLiteral).join('|')})`;
}

export function planCors(policy: CorsPolicy): CorsPlan {
  const config = policy.config;
  if (config.origins !== '*' && config.origins.custom)
    throw new GenerateError(
      'this policy allows origins through a function or a RegExp, which only code can evaluate; ' +
        'list the origins (exact, "https://*.example.com" or "http://localhost:*") to generate a server config',
    );
  const anyOrigin = config.origins === '*';
  const methods =
    config.methods === '*'
      ? '*'
      : [...SAFELISTED_METHODS, ...config.methods.map((m) => guardToken('the method', m))];
  const methodRegex = methods === '*' ? `^${TOKEN_CLASS}+$` : `^${alternation(methods)}$`;
  const headersWildcard = config.requestHeaders === '*';
  const names =
    config.requestHeaders === '*'
      ? undefined
      : config.requestHeaders.map((h) => guardToken('the request header', h));
  const name = names === undefined ? `${TOKEN_CLASS}+` : names.length === 0 ? undefined : alternation(names);
  const element = name === undefined ? OWS : `${OWS}(?:${name}${OWS})?`;
  const headerListRegex = `(?i)^${element}(?:,${element})*$`;
  const expose =
    config.exposeHeaders === '*'
      ? '*'
      : config.exposeHeaders.map((h) => guardToken('the exposed header', h)).join(', ');
  const maxAge =
    config.maxAge === undefined ? undefined : String(guardInteger('maxAge', config.maxAge, 0, 86400));
  return {
    config,
    anyOrigin,
    originPcre: anyOrigin ? undefined : pcreOriginRegex(config.origins),
    originRe2: anyOrigin ? undefined : re2OriginRegex(config.origins),
    methodRegex,
    headerListRegex,
    authorizationRegex: `(?i)(?:^|,)${OWS}authorization${OWS}(?:,|$)`,
    headersWildcard,
    authorizationWithWildcard: config.allowAuthorizationWithWildcard === true,
    emptyListRegex: `^[ \\t,]*$`,
    exposeHeaders: expose === '' ? undefined : expose,
    maxAge,
    varyActual: anyOrigin ? [] : [VARY_ACTUAL],
    varyOptions: VARY_PREFLIGHT.split(', '),
    approximations: approximationsFor(headersWildcard),
  };
}

function approximationsFor(headersWildcard: boolean): string[] {
  const notes = [
    'Access-Control-Allow-Headers echoes the requested names as the client sent them (the engine lower-cases and ' +
      'de-duplicates them); browsers always send them lower-cased and compare case-insensitively, so they see the same grant.',
    'An empty Access-Control-Request-Method or Access-Control-Request-Private-Network header counts as absent ' +
      '(nginx and Apache cannot tell empty from missing); the engine refuses such a preflight. No browser sends one.',
  ];
  if (headersWildcard)
    notes.push(
      `Access-Control-Request-Headers is capped at ${MAX_REQUESTED_HEADERS_LENGTH} characters like the engine, but the ` +
        "engine's further caps (128 names, 16 empty list elements) are not counted: such lists still get only `*`.",
    );
  return notes;
}
