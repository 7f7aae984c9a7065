// explainMessage(): from a pasted console line — Firefox in any shipped locale or Chromium, whole
// or a fragment, with or without the URL — back to the code, the details it names, the cause and
// the fix. Unknown text gets the closest known messages, ranked.
import { explainCode } from './causes.js';
import { buildFix } from './fix.js';
import {
  CHROMIUM_PREFLIGHT_PREFIX,
  CHROMIUM_REASON_CODES,
  CHROMIUM_REASONS,
  type ChromiumReason,
} from './messages/chromium.js';
import {
  FIREFOX_KEY_CODES,
  FIREFOX_LOCALES,
  FIREFOX_MESSAGES,
  type FirefoxMessageKey,
} from './messages/firefox.js';
import { LEGACY_WORDINGS } from './messages/legacy-wordings.js';
import {
  WEBKIT_EXPLAIN_NOTES,
  WEBKIT_EXPLAIN_TEMPLATES,
  WEBKIT_MESSAGES,
  WEBKIT_REASONLESS,
  type WebKitMessage,
} from './messages/webkit.js';
import type { BrowserName, CorsErrorCode, Fix } from './types.js';

export interface ExplainMatch {
  readonly code: CorsErrorCode;
  readonly browser: BrowserName;
  /** The locale whose wording matched (Chromium prints English only). */
  readonly locale: string;
  /** Every locale with the same wording (es-AR and es-MX share some of es-ES's strings). */
  readonly locales: readonly string[];
  /** Firefox string key or Chromium CorsError name that matched. */
  readonly key: string;
  /** How much of the known message the text contained. */
  readonly match: 'full' | 'reason' | 'fragment' | 'legacy';
  readonly url?: string;
  readonly redirectedFrom?: string;
  readonly origin?: string;
  readonly status?: number | null;
  readonly value?: string;
  readonly header?: string;
  readonly method?: string;
  readonly preflight?: boolean;
  readonly title: string;
  readonly cause: string;
  readonly whatToCheck: readonly string[];
  readonly fix: Fix;
}

export interface ExplainMiss {
  readonly code: null;
  /** A line that names no reason (Safari's `TypeError: Load failed`): where the reason is instead. */
  readonly note?: string;
  readonly closest: ReadonlyArray<{
    readonly code: CorsErrorCode;
    readonly score: number;
    readonly example: string;
  }>;
}

export type Explanation = ExplainMatch | ExplainMiss;

interface Template {
  readonly browser: BrowserName;
  readonly locale: string;
  readonly key: string;
  readonly code: CorsErrorCode;
  readonly full: RegExp;
  /** The reason alone, without the "Cross-Origin Request Blocked…" frame. */
  readonly reason: RegExp;
  /** Literal pieces of the whole template, normalised, for fragment matching. */
  readonly literals: readonly string[];
  readonly example: string;
  readonly placeholders: Readonly<Record<string, string>>;
}

/** Curly quotes, guillemets and friends all become "'"; whitespace collapses. */
export function normalizeMessage(text: string): string {
  return text
    .replace(/[‘’‚‛′`´“”„«»「」"]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(
  template: string,
  groups: Readonly<Record<string, string>>,
): { regex: RegExp; literals: string[] } {
  const normal = normalizeMessage(template);
  const parts = normal.split(/(%\d\$S|\{\w+\})/);
  const literals: string[] = [];
  let source = '';
  for (const part of parts) {
    const group = groups[part];
    if (group) source += `(?<${group}>.*?)`;
    else {
      source += escapeRegExp(part);
      if (part.trim()) literals.push(part.toLowerCase());
    }
  }
  return { regex: new RegExp(source, 'i'), literals };
}

const FIREFOX_ARG: Partial<Record<FirefoxMessageKey, string>> = {
  CORSDidNotSucceed2: 'status',
  CORSMissingAllowOrigin2: 'status',
  CORSPreflightDidNotSucceed3: 'status',
  CORSAllowOriginNotMatchingOrigin: 'value',
  CORSInvalidAllowMethod: 'value',
  CORSInvalidAllowHeader: 'value',
  CORSMissingAllowHeaderFromPreflight2: 'header',
};

/** The parenthesised reason of a Firefox message, without its "Reason:" label. */
function firefoxReason(template: string): string {
  const normal = normalizeMessage(template);
  const open = normal.lastIndexOf('(');
  const inner =
    open === -1
      ? normal
      : normal.slice(open + 1, normal.lastIndexOf(')') > open ? normal.lastIndexOf(')') : undefined);
  return inner.replace(/^[^:：]{1,20}[:：]\s*/, '');
}

function buildTemplates(): Template[] {
  const templates: Template[] = [];
  for (const locale of FIREFOX_LOCALES) {
    for (const [key, text] of Object.entries(FIREFOX_MESSAGES[locale]) as Array<
      [FirefoxMessageKey, string]
    >) {
      const code = FIREFOX_KEY_CODES[key];
      if (!code || key === 'CheckLoadURIError') continue;
      const placeholders = { '%1$S': 'url', '%2$S': FIREFOX_ARG[key] ?? 'value' };
      const full = compile(text, placeholders);
      templates.push({
        browser: 'firefox',
        locale,
        key,
        code,
        full: full.regex,
        reason: compile(firefoxReason(text), placeholders).regex,
        literals: full.literals,
        example: text,
        placeholders,
      });
    }
  }
  const prefix =
    "Access to {kind} at '{url}'{redirected} from origin '{origin}' has been blocked by CORS policy: ";
  for (const [reason, text] of Object.entries(CHROMIUM_REASONS) as Array<[ChromiumReason, string]>) {
    const placeholders = {
      '{value}': 'value',
      '{method}': 'method',
      '{header}': 'header',
      '{location}': 'location',
    };
    const core = compile(text, placeholders);
    const framed = compile(prefix, { '{kind}': 'kind', '{url}': 'url', '{origin}': 'origin' });
    const full = new RegExp(
      framed.regex.source.replace(
        '\\{redirected\\}',
        "(?: \\(redirected from '(?<redirectedFrom>.*?)'\\))?",
      ) +
        `\\s*(?<preflightPrefix>${escapeRegExp(CHROMIUM_PREFLIGHT_PREFIX.trim())}\\s*)?` +
        core.regex.source,
      'i',
    );
    templates.push({
      browser: 'chromium',
      locale: 'en-US',
      key: reason,
      code: CHROMIUM_REASON_CODES[reason],
      full,
      reason: core.regex,
      literals: core.literals,
      example: text,
      placeholders,
    });
  }
  templates.push(...webkitTemplates());
  return templates;
}

/** WebKit's frame around a refused redirect's reason; the URL is the redirect's target. */
const REDIRECT_FRAME = compile(WEBKIT_MESSAGES.RedirectDenied.replace('{reason}', ''), {
  '{location}': 'url',
}).regex.source;

// WebKit (Safari): its lines are bare reasons, so the whole line and the reason are one pattern.
// A placeholder that ends the line takes the rest of it (a lazy group there would match nothing).
function webkitTemplates(): Template[] {
  return WEBKIT_EXPLAIN_TEMPLATES.map(({ key, code }) => {
    const text = WEBKIT_MESSAGES[key];
    const placeholders = Object.fromEntries(
      [...text.matchAll(/\{(\w+)\}/g)].map(([whole, name]) => [whole, name as string]),
    );
    const { regex, literals } = compile(text, placeholders);
    const reason = regex.source
      .replace(/\(\?<status>\.\*\?\)$/, '(?<status>\\d+)')
      .replace(/\.\*\?\)$/, '.*)');
    // Not inside a word: the "origin" of "Cross-origin redirection" does not start "Origin … is not allowed".
    const pattern = new RegExp(`(?:${REDIRECT_FRAME}\\s*)?(?<![\\w-])${reason}`, 'i');
    return {
      browser: 'webkit',
      locale: 'en-US',
      key: `webkit:${key}`,
      code,
      full: pattern,
      reason: pattern,
      literals,
      example: text,
      placeholders,
    };
  });
}

/** WebKit keys whose line is about the preflight. */
const WEBKIT_PREFLIGHT_KEYS = WEBKIT_EXPLAIN_TEMPLATES.filter((t) => t.preflight).map(
  (t) => `webkit:${t.key}`,
);

let cachedTemplates: Template[] | undefined;
const templates = () => (cachedTemplates ??= buildTemplates());

const PREFLIGHT_KEYS = new Set([
  'CORSPreflightDidNotSucceed3',
  'CORSMethodNotFound',
  'CORSMissingAllowHeaderFromPreflight2',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  ...WEBKIT_PREFLIGHT_KEYS,
]);

type Found = {
  template: Template;
  match: ExplainMatch['match'];
  groups: Record<string, string>;
  weight: number;
};

function findMatch(text: string): Found | null {
  const all = templates();
  for (const template of all) {
    const m = template.full.exec(text);
    if (m) return { template, match: 'full', groups: { ...m.groups }, weight: 3 };
  }
  for (const template of all) {
    const m = template.reason.exec(text);
    if (m && !emptyReason(template)) return { template, match: 'reason', groups: { ...m.groups }, weight: 2 };
  }
  return fragmentMatch(text, all);
}

// A reason regex made only of placeholders would match anything.
const emptyReason = (t: Template) => t.reason.source.replace(/\(\?<\w+>\.\*\?\)/g, '').trim().length < 8;

function fragmentMatch(text: string, all: readonly Template[]): Found | null {
  const fragment = text
    .toLowerCase()
    .replace(/^[^:：]{1,20}[:：]\s*/, '')
    .replace(/[.)\s]+$/, '');
  if (fragment.length < 12) return null;
  let best: Found | null = null;
  let bestRatio = 0;
  let tie = false;
  for (const template of all) {
    const literal = template.literals.find((l) => l.includes(fragment));
    if (!literal) continue;
    const ratio = fragment.length / literal.length;
    if (best && Math.abs(ratio - bestRatio) < 1e-9 && best.template.code !== template.code) tie = true;
    if (ratio > bestRatio) {
      best = { template, match: 'fragment', groups: {}, weight: 1 };
      bestRatio = ratio;
      tie = false;
    }
  }
  return tie ? null : best;
}

export function explainMessage(text: string): Explanation {
  const normal = normalizeMessage(text);
  const found = findMatch(normal);
  if (!found) {
    const reasonless = WEBKIT_REASONLESS.find((r) => r.pattern.test(normal));
    if (reasonless) return { code: null, note: reasonless.note, closest: [] };
    const legacy = LEGACY_WORDINGS.find((w) => w.pattern.test(normal));
    if (legacy)
      return matchFrom(
        legacy.code,
        legacy.browser,
        legacy.locale,
        [legacy.locale],
        legacy.key,
        'legacy',
        {},
        false,
      );
    return { code: null, closest: closest(normal) };
  }
  const { template, groups } = found;
  const locales = templates()
    .filter((t) => t.browser === template.browser && t.key === template.key && t.example === template.example)
    .map((t) => t.locale);
  const preflight = PREFLIGHT_KEYS.has(template.key) || groups.preflightPrefix !== undefined;
  const match = matchFrom(
    template.code,
    template.browser,
    template.locale,
    locales,
    template.key,
    found.match,
    groups,
    preflight,
  );
  return template.browser === 'webkit' ? withWebKitNote(match) : match;
}

/** Adds what WebKit's terser line leaves open to the checks (WEBKIT_EXPLAIN_NOTES). */
function withWebKitNote(match: ExplainMatch): ExplainMatch {
  const note = WEBKIT_EXPLAIN_NOTES[match.key.replace(/^webkit:/, '') as WebKitMessage];
  return note ? { ...match, whatToCheck: [note, ...match.whatToCheck] } : match;
}

function matchFrom(
  code: CorsErrorCode,
  browser: BrowserName,
  locale: string,
  locales: readonly string[],
  key: string,
  match: ExplainMatch['match'],
  groups: Record<string, string>,
  preflight: boolean,
): ExplainMatch {
  const status =
    groups.status === undefined ? undefined : /^\d{3}$/.test(groups.status) ? Number(groups.status) : null;
  const details = {
    ...(groups.url ? { url: groups.url } : {}),
    ...(groups.redirectedFrom ? { redirectedFrom: groups.redirectedFrom } : {}),
    ...(groups.origin ? { origin: groups.origin } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(groups.value !== undefined ? { value: groups.value } : {}),
    ...(groups.header ? { header: groups.header.toLowerCase() } : {}),
    ...(groups.method ? { method: groups.method } : {}),
  };
  const text = explainCode(code, { ...details, preflight });
  const fix = buildFix(
    {
      origin: details.origin ?? '<page-origin>',
      method: details.method ?? (code === 'CORSMethodNotFound' ? '<METHOD>' : 'GET'),
      unsafeHeaderNames: details.header ? [details.header] : [],
      includeCredentials: code === 'CORSNotSupportingCredentials' || code === 'CORSMissingAllowCredentials',
      preflight,
    },
    code,
    text.fix,
  );
  return {
    code,
    browser,
    locale,
    locales,
    key,
    match,
    ...details,
    preflight,
    title: text.title,
    cause: text.cause,
    whatToCheck: text.whatToCheck,
    fix,
  };
}

function trigrams(text: string): Set<string> {
  const t = ` ${text.toLowerCase()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size || 1);
}

/** The three nearest codes, by trigram similarity with each known wording (reason part only). */
function closest(text: string): ExplainMiss['closest'] {
  const input = trigrams(text);
  const best = new Map<CorsErrorCode, { score: number; example: string }>();
  for (const template of templates()) {
    const reasonText = template.browser === 'firefox' ? firefoxReason(template.example) : template.example;
    const score = similarity(input, trigrams(reasonText.replace(/%\d\$S|\{\w+\}/g, '')));
    const current = best.get(template.code);
    if (!current || score > current.score) best.set(template.code, { score, example: template.example });
  }
  return [...best.entries()]
    .map(([code, { score, example }]) => ({ code, score: Math.round(score * 1000) / 1000, example }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
}
