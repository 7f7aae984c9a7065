// What verify returns (and `corskit verify --json` prints): every deviation of a live server from
// the policy, each with the request, both answers and what it means in a browser.

/**
 * - `leak`: a browser lets a page read the response although the policy refuses it.
 * - `blocked`: a browser blocks a fetch the policy allows.
 * - `cache`: Vary lacks a token the answer depends on; a shared cache can serve it to another origin.
 * - `order`: the same request got a different answer later in the run (a cached or stateful answer).
 * - `status`: a preflight the policy allows does not get a success status.
 * - `headers`: the CORS headers differ although browsers decide the same.
 */
export type DeviationKind = 'leak' | 'blocked' | 'cache' | 'order' | 'status' | 'headers';

export const DEVIATION_KINDS: readonly DeviationKind[] = [
  'leak',
  'blocked',
  'cache',
  'order',
  'status',
  'headers',
];

export interface VerifyRequest {
  readonly method: string;
  readonly url: string;
  /** As sent, names lower-case. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** A fetch() by a page, as verify described it to the browser model. */
export interface VerifyFetch {
  readonly origin: string;
  /** Why this origin is probed (`listed`, `suffix of https://a.example (regex without $)`, …). */
  readonly why: string;
  readonly method: string;
  readonly headers: readonly string[];
  readonly credentials: boolean;
  /** The policy grants this fetch (the browser model against the engine's answers allows it). */
  readonly policyAllows: boolean;
}

export interface BrowserMeaning {
  readonly expected: 'allowed' | 'blocked';
  readonly actual: 'allowed' | 'blocked';
  /** Chromium's console lines for the live server's answer (null: none). */
  readonly chromium: readonly string[] | null;
  readonly firefox: readonly string[] | null;
  /** One sentence for a person. */
  readonly summary: string;
}

export interface Deviation {
  readonly kind: DeviationKind;
  readonly path: string;
  readonly request: VerifyRequest;
  /** Set for browser-level deviations (leak, blocked). */
  readonly fetch?: VerifyFetch;
  /** CORS headers and Vary by lower-case name; status only for preflights the engine ends. */
  readonly expected: { readonly status?: number; readonly headers: Readonly<Record<string, string>> };
  readonly actual: { readonly status: number; readonly headers: Readonly<Record<string, string>> };
  readonly problems: readonly string[];
  readonly browser?: BrowserMeaning;
}

export interface VerifyReport {
  readonly url: string;
  readonly paths: readonly string[];
  readonly conforms: boolean;
  /** HTTP requests sent in all (both passes). */
  readonly requests: number;
  /** Browser fetches modelled per path. */
  readonly fetches: number;
  readonly counts: Readonly<Record<DeviationKind, number>>;
  readonly deviations: readonly Deviation[];
}
