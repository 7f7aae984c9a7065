// Turns the compiled origin list into one anchored regular expression that accepts exactly the
// Origin values the engine grants. Every dot and other metacharacter is escaped, every branch is
// anchored (the alternation sits inside a group between ^ and $), and subdomain/port wildcards
// become the same character classes the engine's request-time parser accepts.
import type { CompiledPolicyConfig, OriginPatternSpec } from '../policy/types.js';
import { guardHost, guardOrigin, guardScheme } from './config-guard.js';
import { GenerateError } from './generate-error.js';

/** The engine's request-time bound on an Origin (src/engine/request-origin.ts). */
export const MAX_ORIGIN_LENGTH = 326;

/** One host label as the engine's request parser accepts it: lower-case letters, digits, `-`, `_`. */
const LABEL = '[a-z0-9_-]+';
/** 1..65535 without leading zeros, as the engine's port parser accepts. */
const PORT = '(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';

/** Escapes every character but letters, digits and `-_:/` (never special): valid in PCRE, RE2 and JavaScript. */
export function escapeRegexLiteral(s: string): string {
  return s.replace(/[^A-Za-z0-9_:/-]/g, (c) => `\\${c}`);
}

function patternRegex(p: OriginPatternSpec): string {
  const scheme = escapeRegexLiteral(guardScheme(p.scheme));
  const host = escapeRegexLiteral(guardHost(p.host));
  const sub = p.subdomains ? `(?:${LABEL}\\.)+` : '';
  const port = p.port === '*' ? `(?::${PORT})?` : p.port === null ? '' : `:${p.port}`;
  if (p.port !== '*' && p.port !== null && !(Number.isInteger(p.port) && p.port > 0 && p.port <= 65535))
    throw new GenerateError(
      `refusing pattern ${JSON.stringify(p.source)}: port ${String(p.port)} is not 1..65535`,
    );
  return `${scheme}://${sub}${host}${port}`;
}

export interface OriginRegex {
  /** Alternatives without anchors: exact origins first, then patterns. */
  readonly branches: readonly string[];
  /** True when some branch can match more than one length (a wildcard): the length cap matters. */
  readonly variableLength: boolean;
}

/** The branches of the allow-list; refuses `*` and custom (predicate/RegExp) origins. */
export function originBranches(origins: CompiledPolicyConfig['origins']): OriginRegex {
  if (origins === '*') throw new GenerateError('origins "*" needs no origin regex');
  if (origins.custom)
    throw new GenerateError(
      'this policy allows origins through a function or a RegExp, which only code can evaluate; ' +
        'list the origins (exact, "https://*.example.com" or "http://localhost:*") to generate a server config',
    );
  const branches = origins.exact.map((o) => escapeRegexLiteral(guardOrigin(o)));
  if (origins.allowNull) branches.push('null');
  branches.push(...origins.patterns.map(patternRegex));
  if (branches.length === 0)
    throw new GenerateError('the policy allows no origin at all; there is nothing to generate');
  return { branches, variableLength: origins.patterns.length > 0 };
}

/**
 * PCRE form for nginx and Apache: `^(?=.{1,326}$)(?:a|b)$`. The lookahead reproduces the engine's
 * length cap, which only matters for wildcard branches.
 */
export function pcreOriginRegex(origins: CompiledPolicyConfig['origins']): string {
  const { branches, variableLength } = originBranches(origins);
  const cap = variableLength ? `(?=.{1,${MAX_ORIGIN_LENGTH}}$)` : '';
  return `^${cap}(?:${branches.join('|')})$`;
}

/** RE2 form for Caddy (no lookahead): the length cap is a separate `not header_regexp`. */
export function re2OriginRegex(origins: CompiledPolicyConfig['origins']): {
  regex: string;
  tooLong: string | undefined;
} {
  const { branches, variableLength } = originBranches(origins);
  return {
    regex: `^(?:${branches.join('|')})$`,
    tooLong: variableLength ? `^.{${MAX_ORIGIN_LENGTH + 1}}` : undefined,
  };
}
