// explain's own sentences, one small table per language. The browser's words (the reason) come
// from the browser's own translation; technical tokens (header names, URLs, codes, commands) are
// never translated. A language may leave the per-code causes out: English is used for them then.
import type { NoticeId } from '../../browser/messages/notices.js';
import type { CorsErrorCode } from '../../browser/types.js';

export interface FixDetails {
  readonly origin?: string;
  readonly method?: string;
  readonly header?: string;
}

export interface ExplainSentences {
  recognised(browser: string, locales: string): string;
  readonly partial: string;
  readonly legacy: string;
  readonly labels: Readonly<
    Record<'url' | 'redirectedFrom' | 'origin' | 'status' | 'header' | 'method' | 'value', string>
  >;
  readonly preflightFailed: string;
  readonly cause: string;
  readonly whatToCheck: string;
  readonly fix: string;
  readonly responseHeaders: string;
  readonly policy: string;
  readonly next: string;
  readonly nextOrigin: string;
  truncated(browser: string): string;
  readonly askWholeLine: string;
  readonly ambiguous: string;
  readonly unknown: string;
  /** A known line that names no reason (Safari's "TypeError: Load failed"); the note says where it is. */
  readonly reasonless: string;
  readonly closest: string;
  readonly pasteWhole: string;
  readonly notices: Readonly<Record<NoticeId, readonly string[]>>;
  /** One sentence per code; absent codes fall back to English. */
  readonly causes?: Partial<Record<CorsErrorCode, string>>;
  /** What to check, per code; absent codes fall back to English. */
  readonly checks?: Partial<Record<CorsErrorCode, readonly string[]>>;
  /** The fix in one sentence, per code, from the details the line named. */
  readonly fixes?: Partial<Record<CorsErrorCode, (d: FixDetails) => string>>;
  /** The server answered an error status: that, not CORS, is the first thing to fix. */
  errorStatus?(status: number): string;
}
