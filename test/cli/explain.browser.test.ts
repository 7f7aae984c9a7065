// `corskit explain` on lines real browsers printed: Chromium and Firefox (en-US and es-ES) fetch
// from a real page against a real server, and every console line and script-side error they
// produce is pasted into the real CLI, as a user would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, FIREFOX, MINIBROWSER, requireBinary } from '../support/binaries.js';
import {
  type BrowserKind,
  launchBrowser,
  type PageFetchResult,
  startPageServer,
} from '../support/browsers.js';
import { type DoctorServer, startDoctorServer } from './doctor-server.js';
import { runCli } from './run-cli.js';

interface Captured {
  readonly label: string;
  readonly results: PageFetchResult[];
}

const binaries: Record<BrowserKind, string> = { chromium: CHROMIUM, firefox: FIREFOX, webkit: MINIBROWSER };
const RUNS: ReadonlyArray<{ kind: BrowserKind; locale?: string }> = [
  { kind: 'chromium' },
  { kind: 'firefox' },
  { kind: 'firefox', locale: 'es-ES' },
];

interface JsonAnswer {
  recognised: boolean;
  kind: string;
  code: string | null;
  lang: string;
  status?: number;
  notice?: string;
  next?: { command: string } | null;
}

async function explainJson(
  text: string,
  extra: string[] = [],
): Promise<{ code: number | null; out: JsonAnswer }> {
  const run = await runCli(['explain', '--json', ...extra, text]);
  assert.equal(run.stderr, '', run.stderr);
  return { code: run.code, out: JSON.parse(run.stdout) as JsonAnswer };
}

describe('explain on lines captured from real browsers', () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let api: DoctorServer;
  const captured: Captured[] = [];
  before(async () => {
    page = await startPageServer();
    api = await startDoctorServer(page.origin);
    for (const run of RUNS) {
      const { skip } = requireBinary(binaries[run.kind]);
      if (skip) continue;
      const browser = await launchBrowser(run.kind, run.locale ? { locale: run.locale } : {});
      try {
        const results = await browser.fetchFrom(
          page.url,
          [{ url: `${api.base}/no-cors?e1` }, { url: `${api.base}/boom?e2` }],
          { settleMs: 150 },
        );
        captured.push({ label: `${run.kind}${run.locale ? ` ${run.locale}` : ''}`, results });
      } finally {
        await browser.close();
      }
    }
  });
  after(async () => {
    await api?.close();
    await page?.close();
  });

  test('every refusal line is recognised as CORSMissingAllowOrigin, with the next command', async (t) => {
    if (!captured.length) return t.skip('no browser binary');
    for (const { label, results } of captured) {
      const [noCors] = results;
      const line = noCors?.consoleLines.find((l) => /Access-Control-Allow-Origin/.test(l));
      assert.ok(line, `${label}: ${JSON.stringify(noCors?.consoleLines)}`);
      const { code, out } = await explainJson(line);
      assert.equal(code, 0, `${label}: ${line}`);
      assert.equal(out.code, 'CORSMissingAllowOrigin', label);
      assert.match(
        out.next?.command ?? '',
        new RegExp(`^corskit doctor '${api.base}/no-cors\\?e1' --origin (?:${page.origin}|<page-origin>)$`),
        label,
      );
      if (label.includes('es-ES')) assert.equal(out.lang, 'es');
    }
  });

  test("a 500 without CORS headers: Firefox's status, or Chromium's companion line, feeds the status trap", async (t) => {
    if (!captured.length) return t.skip('no browser binary');
    for (const { label, results } of captured) {
      const boom = results[1];
      const line = boom?.consoleLines.find((l) => /Access-Control-Allow-Origin/.test(l));
      assert.ok(line, label);
      // DevTools shows Chromium's network line as "GET <url> net::ERR_FAILED 500 (Internal Server
      // Error)"; CDP reports it without the status, so the DevTools form is rebuilt from the URL.
      const pasted = label.startsWith('chromium')
        ? `${line}\nGET ${api.base}/boom?e2 net::ERR_FAILED 500 (Internal Server Error)`
        : line;
      const { out } = await explainJson(pasted);
      assert.equal(out.status, 500, label);
      const text = await runCli(['explain', pasted]);
      assert.match(text.stdout, /500/, label);
    }
  });

  test('the script-side error says browsers hide the reason, exit 1', async (t) => {
    if (!captured.length) return t.skip('no browser binary');
    for (const { label, results } of captured) {
      const error = results[0]?.error;
      assert.ok(error, label);
      const { code, out } = await explainJson(error);
      assert.equal(code, 1, `${label}: ${error}`);
      assert.equal(out.notice, 'script-side', `${label}: ${error}`);
      const text = await runCli(['explain', error]);
      assert.match(text.stdout, /hide the reason/);
      assert.match(text.stdout, /corskit doctor/);
    }
  });
});
