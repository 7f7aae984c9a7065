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
  /** Upper-cased literal pieces of the reason: any text `full` or `reason` matches holds them all. */
  readonly reasonNeedles: readonly string[];
  /** Upper-cased literal pieces of the frame: any text `frame` matches holds them all. */
  readonly frameNeedles: readonly string[];
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

const AT_TOKENS = new RegExp(`(${PLACEHOLDER_TOKEN.source})`);

/** A template cut at its placeholders: the pieces in order, text and token alternating. */
function piecesOf(template: string): string[] {
  return normalizeMessage(template).split(AT_TOKENS);
}

/** The literal pieces of a template: neither placeholders nor blank. */
function literalPieces(pieces: readonly string[], entry: CatalogueEntry): string[] {
  return pieces.filter((part) => !entry.placeholders[part] && part.trim());
}

/** A template as a regex source: placeholders become named groups, recorded in `groups`. */
function compile(template: string, entry: CatalogueEntry, groups: Record<string, string>): string {
  let source = '';
  for (const part of piecesOf(template)) {
    const placeholder = entry.placeholders[part];
    if (placeholder) {
      const name = `g${Object.keys(groups).length}`;
      groups[name] = placeholder.detail;
      source += `(?<${name}>${placeholder.pattern ?? '.*?'})`;
    } else source += escapeRegExp(part);
  }
  return source;
}

interface Regexes {
  readonly full: RegExp;
  readonly frame: RegExp | null;
  readonly reason: RegExp;
  readonly groups: Readonly<Record<string, string>>;
}

function compileRegexes(entry: CatalogueEntry): Regexes {
  const groups: Record<string, string> = {};
  const frame = entry.frame === null ? null : compile(entry.frame, entry, groups);
  const reason = compile(entry.reason, entry, groups);
  const tail = compile(entry.tail, entry, groups);
  // The reason is also matched alone; its groups are renamed so that one regex never repeats one.
  const reasonGroups: Record<string, string> = {};
  const reasonAlone = compile(entry.reason, entry, reasonGroups);
  const start = entry.wordStart ? '(?<![\\w-])' : '';
  const reasonSource = start + reasonAlone.replace(/\(\?<g(\d+)>/g, '(?<r$1>');
  for (const [name, detail] of Object.entries(reasonGroups)) groups[`r${name.slice(1)}`] = detail;
  return {
    // Normalising each part trims it: the spaces between frame, reason and tail come back as \s*.
    full: new RegExp(`${framePart(frame, entry)}${start}${reason}(?:\\s*${tail})?`, 'i'),
    frame: frame !== null ? new RegExp(`^${frame}`, 'i') : null,
    reason: new RegExp(reasonSource, 'i'),
    groups,
  };
}

/**
 * One entry, its regexes built on first use. A pasted line is one text against hundreds of
 * wordings (every Firefox locale): the matcher builds and runs an entry's regexes only when the text
 * holds every literal piece of the part they match (see `mayHold`), so a run compiles a handful.
 */
class LazyEntry implements CompiledEntry {
  readonly frameHead: string;
  readonly reasonLiterals: readonly string[];
  readonly reasonLength: number;
  readonly reasonNeedles: readonly string[];
  readonly frameNeedles: readonly string[];
  #regexes: Regexes | undefined;

  constructor(
    readonly catalogue: MessageCatalogue,
    readonly entry: CatalogueEntry,
  ) {
    const reason = literalPieces(piecesOf(entry.reason), entry);
    this.reasonLiterals = reason.map((l) => l.toLowerCase().trim());
    this.reasonLength = this.reasonLiterals.join('').length;
    this.reasonNeedles = reason.map((l) => l.toUpperCase().trim());
    const frame = entry.frame === null ? [] : piecesOf(entry.frame);
    this.frameNeedles = literalPieces(frame, entry).map((l) => l.toUpperCase().trim());
    // The text before the first placeholder: the split keeps the tokens, so it is the first piece.
    this.frameHead = (frame[0] ?? '').toLowerCase().trim();
  }

  get #compiled(): Regexes {
    this.#regexes ??= compileRegexes(this.entry);
    return this.#regexes;
  }
  get full(): RegExp {
    return this.#compiled.full;
  }
  get frame(): RegExp | null {
    return this.#compiled.frame;
  }
  get reason(): RegExp {
    return this.#compiled.reason;
  }
  get groups(): Readonly<Record<string, string>> {
    return this.#compiled.groups;
  }
}

/**
 * Whether a text may match a regex whose literal pieces are `needles` (upper-cased), given the
 * text upper-cased. Never false for a text the regex matches: the regexes are case-insensitive
 * without the `u` flag, whose case folding (ECMA-262 Canonicalize) maps each character to its
 * upper case (or leaves it), so two characters the regex equates always upper-case alike, and
 * upper-casing a string upper-cases each character on its own.
 */
export function mayHold(needles: readonly string[], upperText: string): boolean {
  for (const needle of needles) if (!upperText.includes(needle)) return false;
  return true;
}

/** The frame before the reason, as a regex source: optional when the reason may stand alone. */
function framePart(frame: string | null, entry: CatalogueEntry): string {
  if (frame === null) return '\\s*';
  return entry.frameOptional ? `(?:${frame}\\s*)?` : `${frame}\\s*`;
}

let compiled: CompiledEntry[] | undefined;

/** Every entry of every registered catalogue, compiled once. */
export function compiledEntries(): readonly CompiledEntry[] {
  compiled ??= MESSAGE_CATALOGUES.flatMap((catalogue) =>
    catalogue.entries.map((entry) => new LazyEntry(catalogue, entry)),
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
  const upper = text.toUpperCase();
  for (const how of ['full', 'reason'] as const) {
    for (const c of compiledEntries()) {
      if (c.reasonLength < MIN_REASON || !mayHold(c.reasonNeedles, upper)) continue;
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
  // The frame may end in a space the copy dropped ("…by CORS policy:").
  const padded = `${text} `;
  const upper = padded.toUpperCase();
  for (const c of compiledEntries()) {
    if (c.entry.frame === null || !mayHold(c.frameNeedles, upper)) continue;
    const m = c.frame?.exec(padded);
    if (m) return { compiled: c, details: detailsOf(m, c), rest: padded.slice(m[0].length).trim() };
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
