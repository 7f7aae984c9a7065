// Matching a pasted text against the registered message catalogues. Generic over catalogues: it
// knows frames, reasons and placeholders, never a browser. Order of trust: the whole line, then a
// reason alone, then a line cut after its frame, then a fragment of one reason — and a fragment
// shared by several codes is ambiguous, never a guess.
import {
  type CatalogueEntry,
  type MessageCatalogue,
  PLACEHOLDER_TOKEN,
  readableTemplate,
} from './messages/catalogue.js';
import { MESSAGE_CATALOGUES } from './messages/catalogues.js';
import type { CorsErrorCode } from './types.js';

export interface CompiledEntry {
  readonly catalogue: MessageCatalogue;
  readonly entry: CatalogueEntry;
  readonly full: RegExp;
  readonly frame: RegExp | null;
  /** The frame's text before its first placeholder, lower-cased ("cross-origin request blocked: …"). */
  readonly frameHead: string;
  readonly reason: RegExp;
  /** Literal pieces of the reason, lower-cased, for fragments. */
  readonly reasonLiterals: readonly string[];
  readonly reasonLength: number;
  /** Group name → detail name. */
  readonly groups: Readonly<Record<string, string>>;
}

export interface MatchedEntry {
  readonly compiled: CompiledEntry;
  readonly how: 'full' | 'reason' | 'fragment';
  readonly details: Readonly<Record<string, string>>;
}

/** Curly quotes, guillemets and friends all become "'"; whitespace collapses. */
export function normalizeMessage(text: string): string {
  return text
    .replace(/[‘’‚‛′`´“”„«»「」"]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  source: string;
  literals: string[];
}

function compile(template: string, entry: CatalogueEntry, groups: Record<string, string>): Compiled {
  const parts = normalizeMessage(template).split(new RegExp(`(${PLACEHOLDER_TOKEN.source})`));
  const literals: string[] = [];
  let source = '';
  for (const part of parts) {
    const placeholder = entry.placeholders[part];
    if (placeholder) {
      const name = `g${Object.keys(groups).length}`;
      groups[name] = placeholder.detail;
      source += `(?<${name}>${placeholder.pattern ?? '.*?'})`;
    } else {
      source += escapeRegExp(part);
      if (part.trim()) literals.push(part.toLowerCase().trim());
    }
  }
  return { source, literals };
}

function compileEntry(catalogue: MessageCatalogue, entry: CatalogueEntry): CompiledEntry {
  const groups: Record<string, string> = {};
  const frame = entry.frame === null ? null : compile(entry.frame, entry, groups);
  const reason = compile(entry.reason, entry, groups);
  const tail = compile(entry.tail, entry, groups);
  // The reason is also matched alone; its groups are renamed so that one regex never repeats one.
  const reasonGroups: Record<string, string> = {};
  const reasonAlone = compile(entry.reason, entry, reasonGroups);
  const start = entry.wordStart ? '(?<![\\w-])' : '';
  const reasonSource = start + reasonAlone.source.replace(/\(\?<g(\d+)>/g, '(?<r$1>');
  for (const [name, detail] of Object.entries(reasonGroups)) groups[`r${name.slice(1)}`] = detail;
  const head = entry.frame === null ? '' : (normalizeMessage(entry.frame).split(PLACEHOLDER_TOKEN)[0] ?? '');
  return {
    catalogue,
    entry,
    // Normalising each part trims it: the spaces between frame, reason and tail come back as \s*.
    full: new RegExp(`${framePart(frame, entry)}${start}${reason.source}(?:\\s*${tail.source})?`, 'i'),
    frame: frame ? new RegExp(`^${frame.source}`, 'i') : null,
    frameHead: head.toLowerCase().trim(),
    reason: new RegExp(reasonSource, 'i'),
    reasonLiterals: reason.literals,
    reasonLength: reason.literals.join('').length,
    groups,
  };
}

/** The frame before the reason, as a regex source: optional when the reason may stand alone. */
function framePart(frame: Compiled | null, entry: CatalogueEntry): string {
  if (!frame) return '\\s*';
  return entry.frameOptional ? `(?:${frame.source}\\s*)?` : `${frame.source}\\s*`;
}

let compiled: CompiledEntry[] | undefined;

/** Every entry of every registered catalogue, compiled once. */
export function compiledEntries(): readonly CompiledEntry[] {
  compiled ??= MESSAGE_CATALOGUES.flatMap((catalogue) =>
    catalogue.entries.map((entry) => compileEntry(catalogue, entry)),
  );
  return compiled;
}

function detailsOf(match: RegExpExecArray, c: CompiledEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.groups ?? {}))
    if (value !== undefined && c.groups[name]) out[c.groups[name]] = value;
  return out;
}

// A reason made of too few letters would match text that only mentions it in passing.
const MIN_REASON = 8;

/** The most specific entry matching the whole line, else its reason alone. */
export function matchLine(text: string): MatchedEntry | null {
  let best: MatchedEntry | null = null;
  for (const how of ['full', 'reason'] as const) {
    for (const c of compiledEntries()) {
      if (c.reasonLength < MIN_REASON) continue;
      const m = (how === 'full' ? c.full : c.reason).exec(text);
      if (m && (!best || c.reasonLength > best.compiled.reasonLength))
        best = { compiled: c, how, details: detailsOf(m, c) };
    }
    if (best) return best;
  }
  return null;
}

export interface CutLine {
  readonly compiled: CompiledEntry;
  readonly details: Readonly<Record<string, string>>;
  /** What follows the frame (a cut reason), possibly empty. */
  readonly rest: string;
}

// Shorter heads ("Access to ") are too common in ordinary text to say "a cut CORS line".
const MIN_HEAD = 12;

/** A line that has its browser's frame but no reason: cut when copied. */
export function matchFrameOnly(text: string): CutLine | null {
  const lower = text.toLowerCase();
  for (const c of compiledEntries()) {
    // The frame may end in a space the copy dropped ("…by CORS policy:").
    const m = c.frame?.exec(`${text} `);
    if (m) return { compiled: c, details: detailsOf(m, c), rest: `${text} `.slice(m[0].length).trim() };
  }
  for (const c of compiledEntries()) {
    if (c.frameHead.length < MIN_HEAD) continue;
    const cutInHead = lower.length >= MIN_HEAD && c.frameHead.startsWith(lower.replace(/[.:\s]+$/, ''));
    if (cutInHead || lower.startsWith(c.frameHead)) {
      const url = /\b(?:https?|file):\/\/[^\s'()]+?(?=[.,]?(?:\s|$))/i.exec(text)?.[0];
      return { compiled: c, details: url ? { url } : {}, rest: '' };
    }
  }
  return null;
}

/** The entries (one per code) whose reason contains the fragment. */
export function fragmentCandidates(fragment: string): CompiledEntry[] {
  const cleaned = fragment
    .toLowerCase()
    .replace(/^[^:：]{1,20}[:：]\s*/, '')
    .replace(/[.)）。\s]+$/, '')
    .trim();
  if (cleaned.length < 12) return [];
  const byCode = new Map<CorsErrorCode, CompiledEntry>();
  for (const c of compiledEntries())
    if (!byCode.has(c.entry.code) && c.reasonLiterals.some((l) => l.includes(cleaned)))
      byCode.set(c.entry.code, c);
  return [...byCode.values()];
}

/** The reason as a user may read it: placeholders shown as <value>, never %2$S. */
export const readableReason = (c: CompiledEntry) =>
  readableTemplate(normalizeMessage(c.entry.reason), c.entry.placeholders);

/** Every locale whose wording of this message is the same. */
export function sameWording(c: CompiledEntry): string[] {
  return compiledEntries()
    .filter(
      (o) =>
        o.catalogue.browser === c.catalogue.browser &&
        o.entry.key === c.entry.key &&
        o.entry.reason === c.entry.reason &&
        !o.entry.legacy === !c.entry.legacy,
    )
    .map((o) => o.entry.locale)
    .filter((l, i, all) => all.indexOf(l) === i);
}

/** The reason of a code as the browser words it in a language (Firefox's own translation), if shipped. */
export function reasonIn(code: CorsErrorCode, language: string): string | undefined {
  const found = compiledEntries().find(
    (c) => c.entry.code === code && !c.entry.legacy && c.entry.locale.split('-')[0] === language,
  );
  return found ? readableReason(found) : undefined;
}
