// One procedure, used by the conformance harness and by test/doctor/request-profile.browser.test.ts:
// in a running real browser, fetch from a page on loopback to request-sensitive servers (HTTP/1.1
// and HTTP/2 over TLS), then run the doctor with that browser's profile against the same URLs, and
// compare (1) the verdict and console lines, (2) every request header, name, case, value and
// order, of what the browser sent and what the doctor sent.
import { runDoctor } from '../../src/doctor/run-doctor.js';
import type { BrowserKind, BrowserSession, PageRequestInit } from './browsers.js';
import { startPageServer } from './browsers.js';
import { headerDifferences, type RawHeaders } from './request-headers.js';
import { type RequestSensitiveServer, startRequestSensitiveServer } from './request-sensitive-server.js';

export interface ProfileCase {
  readonly name: string;
  readonly path: string;
  readonly init?: PageRequestInit;
  /** Reach the server as `localhost` (cross-site from the 127.0.0.1 page) instead of 127.0.0.1. */
  readonly crossSite?: boolean;
  /** The HTTP/2 (TLS, self-signed) twin of the server. */
  readonly h2?: boolean;
}

/** Servers whose answer depends on the request: the doctor must get the browser's answer. */
export const VERDICT_CASES: readonly ProfileCase[] = [
  { name: 'WAF: 403 without a User-Agent', path: '/waf' },
  { name: 'Fetch-Metadata gate', path: '/fetch-metadata' },
  { name: 'Fetch-Metadata gate, preflighted PUT', path: '/fetch-metadata', init: { method: 'PUT' } },
  { name: 'Accept negotiation', path: '/accept' },
  { name: 'Referer check', path: '/referer', crossSite: true },
  { name: 'CORS headers only for Firefox', path: '/firefox-only' },
  { name: 'WAF over HTTP/2', path: '/waf', h2: true },
];

/** Requests whose every header is compared. */
export const HEADER_CASES: readonly ProfileCase[] = [
  { name: 'simple GET, same-site', path: '/echo' },
  {
    name: 'simple GET, cross-site, credentials',
    path: '/echo',
    crossSite: true,
    init: { credentials: 'include' },
  },
  {
    name: 'PUT with Authorization and JSON, cross-site (preflight and request)',
    path: '/echo',
    crossSite: true,
    init: { method: 'PUT', headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' } },
  },
  { name: 'POST without a body', path: '/echo', init: { method: 'POST' } },
  { name: 'HTTP/2: simple GET', path: '/echo', h2: true },
  {
    name: 'HTTP/2: PUT with Authorization (preflight and request)',
    path: '/echo',
    h2: true,
    init: { method: 'PUT', headers: { Authorization: 'Bearer t' } },
  },
];

export interface VerdictCheck {
  readonly name: string;
  readonly browserReadable: boolean;
  readonly modelVerdict: 'allowed' | 'blocked';
  readonly browserLines: readonly string[];
  readonly modelLines: readonly string[];
  readonly agrees: boolean;
}

export interface HeaderCheck {
  readonly name: string;
  readonly method: string;
  /** What the browser sent (HTTP/2 pseudo-headers left out: each client's stack orders them). */
  readonly observed: RawHeaders;
  readonly sent: RawHeaders;
  /** Empty when identical (User-Agent's HeadlessChrome aside). */
  readonly differences: readonly string[];
}

export interface ProfileCheck {
  readonly browser: BrowserKind;
  readonly verdicts: VerdictCheck[];
  /** One entry per request (a preflighted case gives two); a missing request is a difference. */
  readonly headers: HeaderCheck[];
}

export async function checkRequestProfile(session: BrowserSession): Promise<ProfileCheck> {
  const kind = session.kind;
  const page = await startPageServer();
  const api = await startRequestSensitiveServer(page.origin);
  const apiH2 = await startRequestSensitiveServer(page.origin, { h2: true });
  try {
    const serverOf = (c: ProfileCase): RequestSensitiveServer => (c.h2 ? apiH2 : api);
    const urlOf = (c: ProfileCase, tag: string) => {
      const base = serverOf(c).base;
      return `${c.crossSite ? base.replace('127.0.0.1', 'localhost') : base}${c.path}?k=${tag}`;
    };
    const doctor = (c: ProfileCase, tag: string, browser: 'both' | BrowserKind) =>
      runDoctor({
        url: urlOf(c, tag),
        origin: page.origin,
        method: c.init?.method ?? 'GET',
        headers: Object.entries(c.init?.headers ?? {}),
        credentials: c.init?.credentials === 'include',
        insecure: c.h2 === true,
        browser,
      }).then((r) => r.report);

    const all = [...VERDICT_CASES, ...HEADER_CASES];
    const seen = await session.fetchFrom(
      page.url,
      all.map((c, i) => ({ url: urlOf(c, `b${i}`), init: c.init ?? {} })),
    );

    const verdicts: VerdictCheck[] = [];
    for (const [i, c] of VERDICT_CASES.entries()) {
      // The same URL as the browser's fetch: the console lines name it.
      const report = await doctor(c, `b${i}`, 'both');
      const modelLines = [...(report.messages[kind] ?? [])];
      const browserLines = seen[i]!.consoleLines;
      const modelVerdict = report.browsers[kind].verdict;
      verdicts.push({
        name: c.name,
        browserReadable: seen[i]!.readable,
        modelVerdict,
        browserLines,
        modelLines,
        agrees:
          seen[i]!.readable === (modelVerdict === 'allowed') &&
          browserLines.length === modelLines.length &&
          browserLines.every((l, j) => l === modelLines[j]),
      });
    }

    const headers: HeaderCheck[] = [];
    for (const [offset, c] of HEADER_CASES.entries()) {
      const i = VERDICT_CASES.length + offset;
      await doctor(c, `d${i}`, kind);
      const log = serverOf(c).log;
      const observed = log.filter((r) => r.tag === `b${i}`);
      const sent = log.filter((r) => r.tag === `d${i}`);
      const fields = (h: RawHeaders) => h.filter(([n]) => !n.startsWith(':'));
      for (let j = 0; j < Math.max(observed.length, sent.length); j++) {
        const o = observed[j];
        const s = sent[j];
        headers.push({
          name: c.name,
          method: o?.method ?? s?.method ?? '?',
          observed: o ? fields(o.headers) : [],
          sent: s ? fields(s.headers) : [],
          differences:
            o && s
              ? o.method === s.method
                ? headerDifferences(fields(o.headers), fields(s.headers))
                : [`the browser sent ${o.method}, the doctor ${s.method}`]
              : [o ? `the doctor sent no ${o.method}` : `the browser sent no ${s!.method}`],
        });
      }
    }
    return { browser: kind, verdicts, headers };
  } finally {
    await api.close();
    await apiH2.close();
    await page.close();
  }
}
