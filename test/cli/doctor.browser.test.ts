// The doctor's verdict and console lines, checked against what real Chromium and Firefox do and
// print for the same fetch from the same page origin against the same live server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { CHROMIUM, FIREFOX, MINIBROWSER, requireBinary } from '../support/binaries.js';
import {
  type BrowserKind,
  type BrowserSession,
  launchBrowser,
  type PageRequest,
  startPageServer,
} from '../support/browsers.js';
import { type DoctorServer, startDoctorServer } from './doctor-server.js';
import { runCli } from './run-cli.js';

interface Case {
  readonly name: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly credentials?: boolean;
}

// A sample across verdicts and traps; each URL is distinct so no preflight cache entry is shared.
const CASES: readonly Case[] = [
  { name: 'allowed simple GET with credentials', path: '/ok?1', credentials: true },
  { name: 'allowed preflighted PUT', path: '/ok?2', method: 'PUT', headers: { Authorization: 'Bearer t' } },
  { name: 'request header not allowed', path: '/ok?3', method: 'PUT', headers: { 'X-Other': '1' } },
  { name: 'method not allowed', path: '/ok?4', method: 'PATCH' },
  { name: 'missing ACAO', path: '/no-cors?5' },
  { name: 'error status without CORS headers', path: '/boom?6' },
  {
    name: 'preflight rejected by auth',
    path: '/auth?7',
    method: 'PUT',
    headers: { Authorization: 'Bearer t' },
  },
  { name: 'preflight redirected HTTP→HTTPS', path: '/to-https?8', method: 'DELETE' },
  { name: 'preflight redirected (trailing slash)', path: '/items?9', headers: { 'X-Request-Id': '1' } },
  { name: '* with credentials', path: '/star?10', credentials: true },
  { name: 'two ACAO values', path: '/twice?11' },
];

const binaries: Record<BrowserKind, string> = { chromium: CHROMIUM, firefox: FIREFOX, webkit: MINIBROWSER };

describe('doctor --json agrees with real browsers', () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let api: DoctorServer;
  const reports = new Map<string, DoctorReport>();
  before(async () => {
    page = await startPageServer();
    api = await startDoctorServer(page.origin);
    // One CLI subprocess per case, all at once: each mostly waits on node's start-up.
    const runs = await Promise.all(
      CASES.map((c) => {
        const args = [
          'doctor',
          `${api.base}${c.path}`,
          '--origin',
          page.origin,
          '--json',
          '-X',
          c.method ?? 'GET',
        ];
        for (const [name, value] of Object.entries(c.headers ?? {})) args.push('-H', `${name}: ${value}`);
        if (c.credentials) args.push('--credentials');
        return runCli(args);
      }),
    );
    CASES.forEach((c, i) => {
      const run = runs[i]!;
      assert.ok(run.stdout.startsWith('{'), `doctor for ${c.name}: ${run.stderr}`);
      reports.set(c.name, JSON.parse(run.stdout) as DoctorReport);
    });
  });
  after(async () => {
    await api?.close();
    await page?.close();
  });

  for (const kind of ['chromium', 'firefox', 'webkit'] as const) {
    const binary = requireBinary(binaries[kind]);
    describe(kind, { skip: binary.skip }, () => {
      let session: BrowserSession;
      let results: Awaited<ReturnType<BrowserSession['fetchFrom']>>;
      before(async () => {
        session = await launchBrowser(kind);
        const requests: PageRequest[] = CASES.map((c) => ({
          url: `${api.base}${c.path}`,
          init: {
            method: c.method ?? 'GET',
            headers: c.headers ?? {},
            credentials: c.credentials ? 'include' : 'same-origin',
          },
        }));
        results = await session.fetchFrom(page.url, requests);
      });
      after(async () => {
        await session?.close();
      });

      CASES.forEach((c, index) => {
        test(c.name, () => {
          const report = reports.get(c.name)!;
          const seen = results[index]!;
          const predicted = report.browsers[kind];
          assert.equal(seen.readable, predicted.verdict === 'allowed', `verdict: ${JSON.stringify(seen)}`);
          assert.deepEqual(
            [...seen.consoleLines].sort(),
            [...(report.messages[kind] ?? [])].sort(),
            `console lines of ${kind}`,
          );
        });
      });
    });
  }
});
