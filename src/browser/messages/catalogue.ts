// What `explain` knows about one browser's console messages, in a shape that does not depend on
// the browser: each entry is one wording (one locale of one message) split into the frame every
// line of that browser starts with and the reason that tells the failures apart. A new browser
// (WebKit, say) is one more catalogue registered in catalogues.ts; the matcher needs no change.
import type { CorsErrorCode } from '../types.js';

/** How a placeholder of a template is read back: the detail it fills and, if not "anything", its regex. */
export interface Placeholder {
  /** url, origin, status, value, header, method, location, kind, redirected, preflightPrefix. */
  readonly detail: string;
  /** Regex source the placeholder matches (default: any text, as short as possible). */
  readonly pattern?: string;
}

export interface CatalogueEntry {
  readonly locale: string;
  /** The browser's own name for the message. Internal: never printed. */
  readonly key: string;
  readonly code: CorsErrorCode;
  /** Text before the reason, placeholders included; null when only the reason is known. */
  readonly frame: string | null;
  /** The words that name the failure, placeholders included. */
  readonly reason: string;
  /** Text after the reason (Firefox's "Status code: %2$S."), placeholders included. */
  readonly tail: string;
  readonly placeholders: Readonly<Record<string, Placeholder>>;
  /** The message is about the preflight whatever its wording. */
  readonly preflight: boolean;
  /** A wording no current browser prints (older versions, documentation pages). */
  readonly legacy?: string;
  /**
   * The frame is optional: the reason is a whole line alone, and the frame wraps it only in some
   * cases (WebKit's "Cross-origin redirection to … denied …: <reason>").
   */
  readonly frameOptional?: boolean;
  /** The reason never starts inside a word ("Cross-origin" does not start "Origin … is not allowed"). */
  readonly wordStart?: boolean;
  /** What to check first, where this wording says less than the other browsers' (added to the code's list). */
  readonly note?: string;
}

export interface MessageCatalogue {
  readonly browser: 'firefox' | 'chromium' | (string & {});
  /** The browser as a user names it: "Firefox". */
  readonly displayName: string;
  readonly entries: readonly CatalogueEntry[];
}

/** Placeholder tokens as they appear in the templates: Firefox's %1$S, Chromium's {value}. */
export const PLACEHOLDER_TOKEN = /%\d\$S|\{\w+\}/g;

/** A template with its placeholders shown as <url>, <value>…: what a user may read. */
export function readableTemplate(text: string, placeholders: Readonly<Record<string, Placeholder>>): string {
  return text.replace(PLACEHOLDER_TOKEN, (token) => {
    const detail = placeholders[token]?.detail;
    if (!detail || detail === 'redirected' || detail === 'preflightPrefix') return '';
    return `<${detail}>`;
  });
}
