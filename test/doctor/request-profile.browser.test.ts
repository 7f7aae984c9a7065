// The doctor sends what the browser sends: against servers that look at the request (a WAF, a
// Fetch-Metadata gate, content negotiation, a Referer check, a per-browser answer) its verdict
// and console lines equal real Chromium's and Firefox's, and its requests carry the same header
// names, values and order as the ones the real browsers sent to the same server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import {
  type BrowserKind,
  type BrowserSession,
  launchBrowser,
  type PageRequestInit,
  startPageServer,
} from '../support/browsers.js';
import { headerDifferences } from '../support/request-headers.js';
import {
  type RequestSensitiveServer,
  startRequestSensitiveServer,
} from '../support/request-sensitive-server.js';

interface Case {
  readonly name: string;
  readonly path: string;
  readonly init?: PageRequestInit;
  /** Reach the server as `localhost` (cross-site from the 127.0.0.1 page) instead of 127.0.0.1. */
  readonly crossSite?: boolean;
  /** The HTTP/2 (TLS, self-signed) twin of the server. */
  readonly h2?: boolean;
}

const VERDICT_CASES: readonly Case[] = [
  { name: 'WAF: 403 without a User-Agent', path: '/waf' },
  { name: 'Fetch-Metadata gate', path: '/fetch-metadata' },
  { name: 'Fetch-Metadata gate, preflighted PUT', path: '/fetch-metadata', init: { method: 'PUT' } },
  { name: 'Accept negotiation', path: '/accept' },
  { name: 'Referer check', path: '/referer', crossSite: true },
  { name: 'CORS headers only for Firefox', path: '/firefox-only' },
];

const HEADER_CASES: readonly Case[] = [
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

const binaries: Record<BrowserKind, string> = { chromium: CHROMIUM, firefox: FIREFOX };

describe('the doctor asks what the browser asks', () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let api: RequestSensitiveServer;
  let apiH2: RequestSensitiveServer;
  const urlOf = (c: Case, tag: string) => {
    const server = c.h2 ? apiH2 : api;
    const base = c.crossSite ? server.base.replace('127.0.0.1', 'localhost') : server.base;
    return `${base}${c.path}?k=${tag}`;
  };
  const doctor = (c: Case, tag: string, browser: 'both' | BrowserKind = 'both'): Promise<DoctorReport> =>
    runDoctor({
      url: urlOf(c, tag),
      origin: page.origin,
      method: c.init?.method ?? 'GET',
      headers: Object.entries(c.init?.headers ?? {}),
      credentials: c.init?.credentials === 'include',
      insecure: c.h2 === true,
      browser,
    }).then((r) => r.report);

  before(async () => {
    page = await startPageServer();
    api = await startRequestSensitiveServer(page.origin);
    apiH2 = await startRequestSensitiveServer(page.origin, { h2: true });
  });
  after(async () => {
    await api?.close();
    await apiH2?.close();
    await page?.close();
  });

  for (const kind of ['chromium', 'firefox'] as const) {
    const binary = requireBinary(binaries[kind]);
    describe(kind, { skip: binary.skip }, () => {
      let session: BrowserSession;
      let verdicts: Awaited<ReturnType<BrowserSession['fetchFrom']>>;
      before(async () => {
        session = await launchBrowser(kind, { insecureCerts: true });
        const all = [...VERDICT_CASES, ...HEADER_CASES];
        verdicts = await session.fetchFrom(
          page.url,
          all.map((c, i) => ({ url: urlOf(c, `${kind}-${i}`), init: c.init ?? {} })),
        );
      });
      after(async () => {
        await session?.close();
      });

      VERDICT_CASES.forEach((c, index) => {
        test(`verdict and console lines: ${c.name}`, async () => {
          // The same URL as the browser's fetch: the console lines name it.
          const report = await doctor(c, `${kind}-${index}`);
          const seen = verdicts[index]!;
          assert.equal(seen.readable, report.browsers[kind].verdict === 'allowed', JSON.stringify(seen));
          assert.deepEqual(seen.consoleLines, [...(report.messages[kind] ?? [])]);
        });
      });

      HEADER_CASES.forEach((c, offset) => {
        const index = VERDICT_CASES.length + offset;
        test(`request headers: ${c.name}`, async () => {
          assert.equal(verdicts[index]!.readable, true);
          const tag = `profile-${kind}-${index}`;
          await doctor(c, tag, kind);
          const log = (c.h2 ? apiH2 : api).log;
          const observed = log.filter((r) => r.tag === `${kind}-${index}`);
          const sent = log.filter((r) => r.tag === tag);
          assert.deepEqual(
            sent.map((r) => r.method),
            observed.map((r) => r.method),
          );
          observed.forEach((o, i) => {
            // HTTP/2 pseudo-headers are ordered by each client's own stack, not by the profile.
            const fields = (h: typeof o.headers) => h.filter(([n]) => !n.startsWith(':'));
            assert.deepEqual(
              headerDifferences(fields(o.headers), fields(sent[i]!.headers)),
              [],
              `${o.method} ${c.name}`,
            );
          });
        });
      });
    });
  }
});
