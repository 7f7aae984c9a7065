// What the framework generators (Django, Flask, FastAPI, Rack, Go, PHP) share: the policy as
// guarded literal lists, and the origin allow-list as one anchored regular expression written for
// each target's regex dialect and string syntax. Every value passes config-guard first; the
// quoting functions below then refuse anything their string syntax could misread, so a hostile
// value is stopped twice before it reaches Python, Ruby, Go or PHP source.

import type { CorsPolicy } from '../policy/types.js';
import { type CorsPlan, planCors } from './cors-plan.js';
import { GenerateError } from './generate-error.js';
import { wrapComment } from './generated-config.js';
import { MAX_ORIGIN_LENGTH, originBranches } from './origin-regex.js';

export type { StackKind } from './generated-config.js';

export { STACK_KINDS } from './generated-config.js';

/** The safelisted methods every library must also list, or it refuses GET/POST themselves. */
export const SAFE_METHODS = ['GET', 'HEAD', 'POST'] as const;
/** What "every method" becomes where a library has no wildcard for methods. */
export const COMMON_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface StackPlan extends CorsPlan {
  /** Non-safelisted methods granted, upper-case; '*' for any. */
  readonly methods: '*' | readonly string[];
  /** Lower-case request-header names granted; '*' for any (never authorization unless listed). */
  readonly headers: '*' | readonly string[];
  readonly expose: '*' | readonly string[];
  /** Exact serialized origins (plus `null` when listed); empty with `anyOrigin`. */
  readonly exact: readonly string[];
  /** Regex branches for the wildcard patterns only (unanchored). */
  readonly patternBranches: readonly string[];
  /** Every branch, exact origins included (unanchored). */
  readonly allBranches: readonly string[];
}

export function planStack(policy: CorsPolicy): StackPlan {
  const plan = planCors(policy);
  const c = plan.config;
  const exact = c.origins === '*' ? [] : [...c.origins.exact, ...(c.origins.allowNull ? ['null'] : [])];
  const branches = c.origins === '*' ? [] : originBranches(c.origins).branches;
  const nExact = c.origins === '*' ? 0 : c.origins.exact.length + (c.origins.allowNull ? 1 : 0);
  return {
    ...plan,
    methods: c.methods,
    headers: c.requestHeaders,
    expose: c.exposeHeaders,
    exact,
    patternBranches: branches.slice(nExact),
    allBranches: branches,
  };
}

/** The characters our origin regexes are made of: anything else is refused before quoting. */
const REGEX_CHARS = /^[A-Za-z0-9_:/\\.?()|^$+*{},=!~ [\]-]*$/;

function guardRegex(regex: string, where: string): string {
  if (!REGEX_CHARS.test(regex))
    throw new GenerateError(
      `refusing to write the origin regex ${JSON.stringify(regex)} into ${where}: it has a character outside the regex alphabet`,
    );
  return regex;
}

/**
 * The anchored origin regex for a backtracking engine with lookahead (Python `re`, Ruby, PCRE):
 * the same length cap as the engine when a wildcard branch can grow.
 */
export function anchoredOriginRegex(
  branches: readonly string[],
  anchors: { start: string; end: string },
  capLength: boolean,
): string {
  const cap = capLength ? `(?=.{1,${MAX_ORIGIN_LENGTH}}${anchors.end})` : '';
  return `${anchors.start}${cap}(?:${branches.join('|')})${anchors.end}`;
}

/** A Python raw string `r"…"`: no quote, and never ending in a backslash. */
export function pythonRaw(regex: string): string {
  guardRegex(regex, 'a Python string');
  if (regex.endsWith('\\')) throw new GenerateError('refusing a regex ending in a backslash');
  return `r"${regex}"`;
}

/** A Ruby regex built from a single-quoted string, where only `\\` and `\'` are special. */
export function rubyRegex(regex: string): string {
  guardRegex(regex, 'a Ruby regex');
  return `Regexp.new('${regex.replace(/\\\\/g, '\\\\\\\\')}')`;
}

/** A Go raw string literal: backticks are the only thing it cannot hold. */
export function goRaw(regex: string): string {
  guardRegex(regex, 'a Go raw string');
  return `\`${regex}\``;
}

/** A PHP single-quoted string, where only `\\` and `\'` are special. */
export function phpSingle(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value) || value.includes("'"))
    throw new GenerateError(`refusing to write ${JSON.stringify(value)} into a PHP string`);
  return `'${value.replace(/\\\\/g, '\\\\\\\\')}'`;
}

/** A plain double-quoted literal for Python, Ruby and Go: guarded tokens and origins only. */
export function quoted(value: string): string {
  if (!/^[A-Za-z0-9!*+.^_|~:/[\]-]*$/.test(value))
    throw new GenerateError(`refusing to write ${JSON.stringify(value)} into a string literal`);
  return `"${value}"`;
}

/** The header comment of a framework config: what it is, and where it differs from the engine. */
export function stackComment(
  mark: string,
  library: string,
  summary: string,
  notes: readonly string[],
  intro = 'The library makes the CORS decisions; this configuration maps the policy onto its options.',
): string {
  const lines = [
    `Generated by corskit for ${library}. Policy: ${summary}`,
    intro,
    'Where it cannot do exactly what the corskit engine does (never more permissive):',
    ...notes.map((n) => `  - ${n}`),
    'List every origin you trust here, and no other: every other origin is refused.',
  ];
  return wrapComment(lines, mark);
}

/** Anchors for Python's `re`: `\Z` (not `$`, which also matches before a trailing newline). */
export const PYTHON_ANCHORS = { start: '^', end: '\\Z' };
