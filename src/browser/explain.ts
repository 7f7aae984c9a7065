// explainMessage(): from a pasted console text — a whole line in any shipped locale, a reason
// alone, a line cut when copied, the script-side error, several lines at once — to what it means.
// A confident answer only for a clear match: a cut line says so, a fragment shared by several
// codes lists them, and unknown text gets the closest known messages.
import { explainCode } from './causes.js';
import { buildFix } from './fix.js';
import {
  type CompiledEntry,
  compiledEntries,
  fragmentCandidates,
  type MatchedEntry,
  matchFrameOnly,
  matchLine,
  normalizeMessage,
  readableReason,
  sameWording,
} from './message-matcher.js';
import {
  CHROMIUM_NETWORK_LINE,
  CHROMIUM_STATUS_LINE,
  NOTICE_RULES,
  type NoticeId,
} from './messages/notices.js';
import { WEBKIT_REASONLESS } from './messages/webkit.js';
import type { CorsErrorCode, Fix } from './types.js';

export { normalizeMessage } from './message-matcher.js';

export interface ExplainDetails {
  readonly url?: string;
  readonly redirectedFrom?: string;
  readonly origin?: string;
  /** The response status: from Firefox's "Status code:" or Chromium's network line. */
  readonly status?: number | null;
  readonly value?: string;
  readonly header?: string;
  readonly method?: string;
}

/** The command to run next, when the text names the URL (and origin) — never a guess. */
export interface NextStep {
  readonly command: string;
  /** Whether the origin in the command is a placeholder the user must fill in. */
  readonly originMissing: boolean;
}

export interface ExplainMatch extends ExplainDetails {
  readonly kind: 'match';
  readonly code: CorsErrorCode;
  /** firefox, chromium, or a later catalogue's browser. */
  readonly browser: string;
  readonly browserName: string;
  /** The locale whose wording matched (Chromium prints English only). */
  readonly locale: string;
  /** Every locale with the same wording (es-AR and es-MX share some of es-ES's strings). */
  readonly locales: readonly string[];
  /** How much of the message the text held. */
  readonly match: 'full' | 'reason' | 'fragment' | 'legacy';
  /** The reason as printed, placeholders shown as <value>. */
  readonly reason: string;
  readonly preflight: boolean;
  readonly title: string;
  readonly cause: string;
  readonly whatToCheck: readonly string[];
  readonly fix: Fix;
  readonly next: NextStep | null;
}

export interface Candidate {
  readonly code: CorsErrorCode;
  readonly example: string;
}

/** A fragment that several messages contain: no code is claimed. */
export interface ExplainAmbiguous {
  readonly kind: 'ambiguous';
  readonly code: null;
  readonly candidates: readonly Candidate[];
}

/** The browser's frame without a reason: the line was cut when copied. */
export interface ExplainTruncated extends ExplainDetails {
  readonly kind: 'truncated';
  readonly code: null;
  readonly browser: string;
  readonly browserName: string;
  readonly locale: string;
  readonly next: NextStep | null;
}

/** A known line that is not a catalogue refusal (script-side error, file://, private network). */
export interface ExplainNotice extends ExplainDetails {
  readonly kind: 'notice';
  readonly code: null;
  readonly notice: NoticeId;
  /** A diagnosis (exit 0), or only a pointer to the line that would be one. */
  readonly diagnosis: boolean;
  readonly next: NextStep | null;
}

export interface ExplainMiss {
  readonly kind: 'unknown';
  readonly code: null;
  /** A line that names no reason (Safari's `TypeError: Load failed`): where the reason is instead. */
  readonly note?: string;
  readonly closest: ReadonlyArray<{
    readonly code: CorsErrorCode;
    readonly score: number;
    readonly example: string;
  }>;
}

export type Explanation = ExplainMatch | ExplainAmbiguous | ExplainTruncated | ExplainNotice | ExplainMiss;

interface Companion {
  readonly details: ExplainDetails;
  /** The text without the companion line. */
  readonly rest: string;
}

/** Chromium's network line pasted with (or instead of) the refusal: it carries the status. */
function takeCompanion(text: string): Companion {
  const network = CHROMIUM_NETWORK_LINE.exec(text);
  if (network?.groups) {
    const { method, url, status } = network.groups;
    return {
      details: {
        ...(url ? { url } : {}),
        ...(method ? { method } : {}),
        ...(status ? { status: Number(status) } : {}),
      },
      rest: text.replace(network[0], ' '),
    };
  }
  const status = CHROMIUM_STATUS_LINE.exec(text);
  if (status?.groups?.status)
    return {
      details: { status: Number(status.groups.status) },
      rest: text.replace(/Failed to load resource: the server responded with a status of \d{3}[^\n]*/i, ' '),
    };
  return { details: {}, rest: text };
}

export function explainMessage(text: string): Explanation {
  const companion = takeCompanion(text);
  const normal = normalizeMessage(companion.rest.replace(/Failed to load resource: net::ERR_\w+/g, ' '));
  // Checked before the catalogues (legacy wordings included): these lines name no reason at all.
  const reasonless = WEBKIT_REASONLESS.find((r) => r.pattern.test(normal));
  if (reasonless) return { kind: 'unknown', code: null, note: reasonless.note, closest: [] };
  const line = bestLine(companion.rest);
  if (line) return matched(line, companion.details, line.compiled.entry.legacy ? 'legacy' : line.how);
  const notice = normal ? NOTICE_RULES.find((rule) => rule.pattern.test(normal)) : undefined;
  if (notice) return noticeOf(notice.id, notice.diagnosis, normal, companion.details);
  if (!normal && Object.keys(companion.details).length)
    return noticeOf('companion-only', false, '', companion.details);
  const cut = matchFrameOnly(normal);
  if (cut) {
    const pieces = cut.rest ? fragmentCandidates(cut.rest) : [];
    const details = { ...companion.details, ...readDetails(cut.details) };
    if (pieces.length === 1 && pieces[0])
      return matched(
        { compiled: pieces[0], how: 'fragment', details: cut.details },
        companion.details,
        'fragment',
      );
    return {
      kind: 'truncated',
      code: null,
      browser: cut.compiled.catalogue.browser,
      browserName: cut.compiled.catalogue.displayName,
      locale: cut.compiled.entry.locale,
      ...details,
      next: nextStep(details),
    };
  }
  const candidates = fragmentCandidates(normal);
  if (candidates.length === 1 && candidates[0])
    return matched({ compiled: candidates[0], how: 'fragment', details: {} }, companion.details, 'fragment');
  if (candidates.length > 1)
    return {
      kind: 'ambiguous',
      code: null,
      candidates: candidates.map((c) => ({ code: c.entry.code, example: readableReason(c) })),
    };
  return { kind: 'unknown', code: null, closest: closest(normal) };
}

/**
 * Several pasted lines are matched one by one, so that one line's URL never runs into the next; the
 * most specific wins (Firefox follows a refused preflight with a generic "did not succeed" line).
 */
function bestLine(text: string): MatchedEntry | null {
  let best: MatchedEntry | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const normal = normalizeMessage(raw.replace(/Failed to load resource: net::ERR_\w+/g, ' '));
    const found = normal ? matchLine(normal) : null;
    if (found && (!best || found.compiled.reasonLength > best.compiled.reasonLength)) best = found;
  }
  return best;
}

function readDetails(raw: Readonly<Record<string, string>>): ExplainDetails {
  const status =
    raw.status === undefined ? undefined : /^\d{3}$/.test(raw.status) ? Number(raw.status) : null;
  const redirectedFrom = /'(.*)'/.exec(raw.redirected ?? '')?.[1];
  return {
    ...(raw.url ? { url: raw.url.replace(/[.,]$/, '') } : {}),
    ...(redirectedFrom ? { redirectedFrom } : {}),
    ...(raw.origin ? { origin: raw.origin } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(raw.value !== undefined ? { value: raw.value } : {}),
    ...(raw.header ? { header: raw.header.toLowerCase() } : {}),
    ...(raw.method ? { method: raw.method } : {}),
  };
}

/** The line's own details win; the companion line fills what the line does not say (Chromium's status). */
function merge(own: ExplainDetails, companion: ExplainDetails): ExplainDetails {
  const merged: Record<string, unknown> = { ...companion, ...own };
  if ((own.status === undefined || own.status === null) && typeof companion.status === 'number')
    merged.status = companion.status;
  // The companion's method is the actual request's; a refusal naming a method keeps its own.
  if (own.method === undefined && companion.method === 'GET') delete merged.method;
  return merged as ExplainDetails;
}

function matched(found: MatchedEntry, companion: ExplainDetails, how: ExplainMatch['match']): ExplainMatch {
  const { entry, catalogue } = found.compiled;
  const details = merge(readDetails(found.details), companion);
  const preflight = entry.preflight || Boolean(found.details.preflightPrefix);
  const code = entry.code;
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
    kind: 'match',
    code,
    browser: catalogue.browser,
    browserName: catalogue.displayName,
    locale: entry.locale,
    locales: sameWording(found.compiled),
    match: how,
    reason: readableReason(found.compiled),
    ...details,
    preflight,
    title: text.title,
    cause: text.cause,
    whatToCheck: entry.note ? [entry.note, ...text.whatToCheck] : text.whatToCheck,
    fix,
    next: nextStep(details),
  };
}

function noticeOf(
  notice: NoticeId,
  diagnosis: boolean,
  text: string,
  companion: ExplainDetails,
): ExplainNotice {
  const named = /'((?:https?|file):\/\/[^']+)'.*?from origin '([^']+)'/i.exec(text);
  const details: ExplainDetails = {
    ...companion,
    ...(named?.[1] ? { url: named[1] } : {}),
    ...(named?.[2] ? { origin: named[2] } : {}),
  };
  return { kind: 'notice', code: null, notice, diagnosis, ...details, next: nextStep(details) };
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** `corskit doctor <url> --origin <origin>` for the request the line names. */
function nextStep(d: ExplainDetails): NextStep | null {
  if (!d.url || !/^https?:\/\//i.test(d.url)) return null;
  const words = [
    'corskit',
    'doctor',
    shellQuote(d.url),
    '--origin',
    d.origin ? shellQuote(d.origin) : '<page-origin>',
  ];
  if (d.method && d.method.toUpperCase() !== 'GET' && /^[A-Za-z]+$/.test(d.method))
    words.push('-X', d.method.toUpperCase());
  if (d.header) words.push('-H', shellQuote(`${d.header}: x`));
  return { command: words.join(' '), originMissing: !d.origin };
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

/** The three nearest codes, by trigram similarity with each known reason. */
function closest(text: string): ExplainMiss['closest'] {
  const input = trigrams(text);
  const best = new Map<CorsErrorCode, { score: number; example: string }>();
  for (const c of compiledEntries() as readonly CompiledEntry[]) {
    const example = readableReason(c);
    const score = similarity(input, trigrams(example));
    const current = best.get(c.entry.code);
    if (!current || score > current.score) best.set(c.entry.code, { score, example });
  }
  return [...best.entries()]
    .map(([code, { score, example }]) => ({ code, score: Math.round(score * 1000) / 1000, example }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
}
