// The public shapes of `corskit/scan`: probes sent, findings reported.
import type { HeaderList } from '../browser/types.js';

export type FindingClass =
  | 'reflect-any-origin'
  | 'null-origin'
  | 'prefix-match'
  | 'suffix-match'
  | 'substring-match'
  | 'unescaped-dot'
  | 'special-character-bypass'
  | 'http-origin-trusted'
  | 'any-subdomain'
  | 'third-party-origin'
  | 'wildcard-with-credentials'
  | 'wildcard-origin'
  | 'multiple-allow-origin'
  | 'missing-vary-origin'
  | 'preflight-any-origin';

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** Which browsers can produce this exact `Origin` value (measured: see special-characters.ts). */
export interface Sendability {
  readonly chromium: boolean;
  readonly firefox: boolean;
}

/** One crafted request: the class it tests and the Origin it sends. */
export interface Probe {
  readonly class: FindingClass;
  readonly origin: string;
  readonly sendableBy: Sendability;
}

export interface Finding {
  readonly class: FindingClass;
  readonly severity: Severity;
  readonly title: string;
  /** The Origin that was accepted (null for findings about every response, like a missing Vary). */
  readonly probeOrigin: string | null;
  readonly request: { readonly method: string; readonly url: string; readonly headers: HeaderList };
  readonly status: number;
  /** The CORS-relevant response headers that prove it. */
  readonly evidence: HeaderList;
  /** `Access-Control-Allow-Credentials: true` came with it (raises severity). */
  readonly credentials: boolean;
  /** Whether a real browser can send the probe's Origin at all (a bypass no browser sends is only informative). */
  readonly sendableBy: Sendability;
  readonly description: string;
  readonly fix: string;
}

export interface ScanReport {
  readonly url: string;
  readonly trustedOrigin: string;
  /** The trusted origin itself is granted (if not, most classes cannot be told apart from a refusal). */
  readonly trustedOriginAllowed: boolean;
  readonly requestsSent: number;
  readonly findings: readonly Finding[];
  /** The worst severity found, or null for no finding. */
  readonly worst: Severity | null;
  /** The server software seen in the responses (the fixes are written for it), or null. */
  readonly stack?: 'express' | 'nginx' | 'apache' | 'caddy' | null;
  /** The overall deadline passed before every probe was sent: the findings are partial. */
  readonly timedOut?: boolean;
}
