// `corskit ui` in real Chromium: the URL contract renders the same verdict, code and console lines
// as `corskit doctor --json` for live servers; the form works when typed into; the copy buttons
// copy; the HAR drop zone shows the analysis; the Host/Origin guard refuses foreign requests.
// Screenshots of the real page go to docs/ when CORSKIT_SCREENSHOTS=1 (a temp dir otherwise).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { analyzeHar } from '../../src/har/index.js';
import { type RunningUi, startUi } from '../../src/ui/index.js';
import { type DoctorServer, startDoctorServer } from '../cli/doctor-server.js';
import { runCli } from '../cli/run-cli.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import { startPageServer } from '../support/browsers.js';
import { captureHar } from '../support/har-capture.js';

const PAGE_ORIGIN = 'http://app.localhost:5173';

interface Case {
  readonly name: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly credentials?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'allowed', path: '/ok?u1', credentials: true },
  { name: 'ACAO missing', path: '/no-cors?u2' },
  { name: '* with credentials', path: '/star?u3', credentials: true },
  { name: 'preflight answered 401', path: '/auth?u4', method: 'PUT', headers: { Authorization: 'Bearer t' } },
  { name: 'redirected preflight', path: '/items?u5', headers: { 'X-Request-Id': '7' } },
  { name: '500 without CORS headers', path: '/boom?u6' },
];

const screenshotDir = process.env.CORSKIT_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/', import.meta.url))
  : null;

function contractUrl(ui: string, base: string, c: Case): string {
  const q = new URLSearchParams({ url: `${base}${c.path}`, origin: PAGE_ORIGIN, method: c.method ?? 'GET' });
  for (const [n, v] of Object.entries(c.headers ?? {})) q.append('header', `${n}: ${v}`);
  if (c.credentials) q.set('credentials', '1');
  return `${ui}?${q}`;
}

function doctorArgs(base: string, c: Case): string[] {
  const args = ['doctor', `${base}${c.path}`, '--origin', PAGE_ORIGIN, '--json', '-X', c.method ?? 'GET'];
  for (const [n, v] of Object.entries(c.headers ?? {})) args.push('-H', `${n}: ${v}`);
  if (c.credentials) args.push('--credentials');
  return args;
}

interface Rendered {
  verdict: string | null;
  code: string | null;
  firefox: string[];
  chromium: string[];
}

async function rendered(page: Page): Promise<Rendered> {
  await page.waitForSelector('#result[data-verdict]:not([hidden])');
  return page.evaluate(() => {
    const result = document.getElementById('result')!;
    const lines = (b: string) =>
      Array.from(result.querySelectorAll(`[data-browser="${b}"] [data-line]`)).map(
        (e) => e.textContent ?? '',
      );
    return {
      verdict: result.getAttribute('data-verdict'),
      code: result.getAttribute('data-code'),
      firefox: lines('firefox'),
      chromium: lines('chromium'),
    };
  });
}

function assertMatches(got: Rendered, want: DoctorReport): void {
  assert.equal(got.verdict, want.verdict);
  assert.equal(got.code, want.code ?? '');
  assert.deepEqual(got.firefox, want.messages.firefox ?? []);
  assert.deepEqual(got.chromium, want.messages.chromium ?? []);
}

/** A raw request to the UI with chosen Host/Origin/Content-Type. */
function raw(
  ui: RunningUi,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(ui.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('corskit ui', () => {
  let api: DoctorServer;
  let ui: RunningUi;
  const reports = new Map<string, DoctorReport>();
  before(async () => {
    api = await startDoctorServer(PAGE_ORIGIN);
    ui = await startUi({ port: 0 });
    const runs = await Promise.all(CASES.map((c) => runCli(doctorArgs(api.base, c))));
    CASES.forEach((c, i) => {
      assert.ok(runs[i]!.stdout.startsWith('{'), runs[i]!.stderr);
      reports.set(c.name, JSON.parse(runs[i]!.stdout) as DoctorReport);
    });
  });
  after(async () => {
    await ui?.close();
    await api?.close();
  });

  describe('the Host and Origin guard, and the API', () => {
    const host = () => new URL(ui.url).host;
    test('a foreign Host (DNS rebinding) is refused, on pages and on the API', async () => {
      for (const path of ['/', '/app.js']) {
        const refused = await raw(ui, 'GET', path, { Host: `rebind.example:${new URL(ui.url).port}` });
        assert.equal(refused.status, 403);
      }
      const api = await raw(
        ui,
        'POST',
        '/api/doctor',
        { Host: 'evil.example', 'Content-Type': 'application/json' },
        '{}',
      );
      assert.equal(api.status, 403);
      assert.equal((await raw(ui, 'GET', '/', { Host: host() })).status, 200);
      assert.equal((await raw(ui, 'GET', '/', { Host: `localhost:${new URL(ui.url).port}` })).status, 200);
    });
    test('a foreign Origin (a web page probing the network) is refused', async () => {
      const body = JSON.stringify({ url: `${api.base}/ok`, origin: PAGE_ORIGIN });
      const json = { Host: host(), 'Content-Type': 'application/json' };
      assert.equal(
        (await raw(ui, 'POST', '/api/doctor', { ...json, Origin: 'https://evil.example' }, body)).status,
        403,
      );
      assert.equal((await raw(ui, 'POST', '/api/doctor', { ...json, Origin: 'null' }, body)).status, 403);
      // A form post (no preflight) is refused for its content type even without Origin.
      assert.equal(
        (await raw(ui, 'POST', '/api/doctor', { Host: host(), 'Content-Type': 'text/plain' }, body)).status,
        403,
      );
      assert.equal(
        (await raw(ui, 'POST', '/api/doctor', { ...json, Origin: `http://${host()}` }, body)).status,
        200,
      );
    });
    test('a hostile page in a real browser cannot use the UI', {
      skip: requireBinary(CHROMIUM).skip,
    }, async () => {
      const { chromium } = await import('playwright-core');
      const hostile = await startPageServer();
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(hostile.url);
        const outcome = await page.evaluate(async (target) => {
          const results: string[] = [];
          for (const init of [
            { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
            {
              method: 'POST',
              mode: 'no-cors' as const,
              headers: { 'Content-Type': 'text/plain' },
              body: '{}',
            },
          ]) {
            try {
              const r = await fetch(target, init);
              results.push(`${r.type}:${r.status}`);
            } catch (e) {
              results.push(String(e));
            }
          }
          return results;
        }, `${ui.url}api/doctor`);
        assert.match(outcome[0]!, /TypeError/);
        assert.equal(outcome[1], 'opaque:0');
      } finally {
        await browser.close();
        await hostile.close();
      }
    });
    test('POST /api/doctor answers exactly what corskit doctor --json prints', async () => {
      const c = CASES[3]!;
      const body = JSON.stringify({
        url: `${api.base}${c.path}`,
        origin: PAGE_ORIGIN,
        method: c.method,
        headers: Object.entries(c.headers ?? {}),
      });
      const answer = await raw(
        ui,
        'POST',
        '/api/doctor',
        { Host: host(), 'Content-Type': 'application/json' },
        body,
      );
      assert.equal(answer.status, 200);
      // The same document, but for the Date the server stamped on each response.
      const undated = (report: unknown) => JSON.stringify(report).replace(/\["Date","[^"]*"\]/g, '["Date"]');
      assert.equal(undated(JSON.parse(answer.body)), undated(reports.get(c.name)));
    });
    test('schemes other than http and https are refused; bad input is a 400 with a sentence', async () => {
      const json = { Host: host(), 'Content-Type': 'application/json' };
      for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:70/', 'javascript:alert(1)']) {
        const answer = await raw(
          ui,
          'POST',
          '/api/doctor',
          json,
          JSON.stringify({ url, origin: PAGE_ORIGIN }),
        );
        assert.equal(answer.status, 400, url);
        assert.match(JSON.parse(answer.body).error, /http and https/);
      }
      const bad = await raw(ui, 'POST', '/api/doctor', json, '{"url": 1}');
      assert.equal(bad.status, 400);
      const notJson = await raw(ui, 'POST', '/api/doctor', json, '{');
      assert.equal(notJson.status, 400);
      const header = await raw(
        ui,
        'POST',
        '/api/doctor',
        json,
        JSON.stringify({
          url: `${api.base}/ok`,
          origin: PAGE_ORIGIN,
          headers: [['X-A', 'a\r\nInjected: 1']],
        }),
      );
      assert.equal(header.status, 400);
    });
    test('/api/real runs the installed browsers and answers beside the prediction', {
      skip: requireBinary(CHROMIUM).skip || requireBinary(FIREFOX).skip,
    }, async () => {
      const answer = await raw(
        ui,
        'POST',
        '/api/real',
        { Host: host(), 'Content-Type': 'application/json' },
        JSON.stringify({ url: `${api.base}/ok`, origin: PAGE_ORIGIN }),
      );
      assert.equal(answer.status, 200, answer.body);
      const body = JSON.parse(answer.body) as {
        prediction: { verdict: string };
        observed: Record<string, { verdict: string }>;
        disagreements: string[];
      };
      assert.deepEqual(Object.keys(body.observed).sort(), ['chromium', 'firefox']);
      for (const seen of Object.values(body.observed)) assert.equal(seen.verdict, body.prediction.verdict);
      assert.deepEqual(body.disagreements, []);
    });
  });

  describe('in real Chromium', { skip: requireBinary(CHROMIUM).skip }, () => {
    let browser: Browser;
    let context: BrowserContext;
    let shots: string;
    before(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
      context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(ui.url).origin,
      });
      shots = screenshotDir ?? (await mkdtemp(join(tmpdir(), 'corskit-ui-shots-')));
    });
    after(async () => {
      await browser?.close();
      if (!screenshotDir && shots) await rm(shots, { recursive: true, force: true });
    });

    for (const c of CASES) {
      test(`URL contract: ${c.name} renders what doctor --json says`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(contractUrl(ui.url, api.base, c));
          assertMatches(await rendered(page), reports.get(c.name)!);
          if (c.name === 'allowed')
            await page.screenshot({ path: join(shots, 'ui-allowed.png'), fullPage: true });
          if (c.name === 'preflight answered 401')
            await page.screenshot({ path: join(shots, 'ui-blocked.png'), fullPage: true });
        } finally {
          await page.close();
        }
      });
    }

    test('the blocked page shows the failing header, the trap, and a fix tab per generator', async () => {
      const page = await context.newPage();
      try {
        await page.goto(contractUrl(ui.url, api.base, CASES[1]!));
        await rendered(page);
        const failing = await page.locator('[data-failing]').first().textContent();
        assert.match(failing ?? '', /access-control-allow-origin: \(missing\)/i);
        const tabs = await page
          .locator('[role=tab]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-tab')));
        const { SERVER_KINDS, STACK_KINDS } = await import('../../src/generate/index.js');
        assert.deepEqual(tabs, ['headers', 'policy', 'express', ...SERVER_KINDS, ...STACK_KINDS]);
        const link = await page.locator('#verdict a').getAttribute('href');
        assert.match(link ?? '', /developer\.mozilla\.org\/.*\/CORSMissingAllowOrigin$/);
      } finally {
        await page.close();
      }
    });

    test('the form works when typed into (keyboard only), and the URL then links the diagnosis', async () => {
      const c = CASES[3]!;
      const page = await context.newPage();
      try {
        await page.goto(ui.url);
        await page.locator('#url').focus();
        await page.keyboard.type(`${api.base}${c.path}`);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PAGE_ORIGIN);
        await page.locator('#method').fill('');
        await page.locator('#method').focus();
        await page.keyboard.type('PUT');
        await page.locator('[aria-label="Header 1 name"]').focus();
        await page.keyboard.type('Authorization');
        await page.keyboard.press('Tab');
        await page.keyboard.type('Bearer t');
        // A second row, added and removed, changes nothing.
        await page.locator('#add-header').focus();
        await page.keyboard.press('Enter');
        await page.keyboard.type('X-Extra');
        await page.locator('[aria-label="Remove header 2"]').focus();
        await page.keyboard.press('Enter');
        await page.locator('#diagnose').focus();
        await page.keyboard.press('Enter');
        assertMatches(await rendered(page), reports.get(c.name)!);
        const search = new URL(page.url()).searchParams;
        assert.equal(search.get('method'), 'PUT');
        assert.deepEqual(search.getAll('header'), ['Authorization: Bearer t']);
      } finally {
        await page.close();
      }
    });

    test('"Check in real browsers" shows what the installed browsers did beside the prediction', {
      skip: requireBinary(FIREFOX).skip,
    }, async () => {
      const page = await context.newPage();
      try {
        await page.goto(contractUrl(ui.url, api.base, CASES[0]!));
        await rendered(page);
        const predicted = await page.locator('[data-verdict]').first().getAttribute('data-verdict');
        await page.locator('#real').click();
        const chromium = page.locator('[data-real-browser="chromium"]');
        await chromium.waitFor({ timeout: 60_000 });
        assert.equal(await chromium.getAttribute('data-real-verdict'), predicted);
        assert.equal(await page.locator('[data-real-disagreement]').count(), 0);
      } finally {
        await page.close();
      }
    });

    test('every field has a label', async () => {
      const page = await context.newPage();
      try {
        await page.goto(ui.url);
        const unlabelled = await page.evaluate(() =>
          Array.from(document.querySelectorAll('input, select, textarea'))
            .filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label'))
            .map((e) => e.id),
        );
        assert.deepEqual(unlabelled, []);
      } finally {
        await page.close();
      }
    });

    test('copy buttons copy the tab they belong to', async () => {
      const page = await context.newPage();
      try {
        await page.goto(contractUrl(ui.url, api.base, CASES[3]!));
        await rendered(page);
        for (const tab of ['headers', 'nginx']) {
          await page.locator(`[data-tab="${tab}"]`).click();
          await page.locator(`[data-copy="${tab}"]`).click();
          await page.locator(`[data-copy="${tab}"]`, { hasText: 'Copied' }).waitFor();
          const copied = await page.evaluate(() => navigator.clipboard.readText());
          const shown = await page.locator(`#panel-${tab} pre`).textContent();
          assert.equal(copied, shown);
          assert.ok(copied.length > 10);
        }
        assert.match(
          await page.evaluate(() => navigator.clipboard.readText()),
          /add_header|Access-Control-Allow-Origin/,
        );
      } finally {
        await page.close();
      }
    });

    test('the HAR drop zone shows the analysis of a real Chromium HAR', async () => {
      const pageServer = await startPageServer();
      const harApi = await startDoctorServer(pageServer.origin);
      const dir = await mkdtemp(join(tmpdir(), 'corskit-ui-har-'));
      const page = await context.newPage();
      try {
        const har = await captureHar('chromium-devtools', pageServer.url, [
          { url: `${harApi.base}/ok?h1` },
          { url: `${harApi.base}/boom?h2` },
          {
            url: `${harApi.base}/auth?h3`,
            init: { method: 'PUT', headers: { Authorization: 'Bearer secret-ui' } },
          },
          { url: `${harApi.base}/items?h4`, init: { headers: { 'X-Request-Id': '1' } } },
        ]);
        const file = join(dir, 'capture.har');
        await writeFile(file, JSON.stringify(har));
        const expected = await analyzeHar(har);
        await page.goto(ui.url);
        await page.locator('#har-file').setInputFiles(file);
        await page.waitForSelector('#har-result[data-blocked]');
        const rows = await page
          .locator('#har-result tr[data-entry]')
          .evaluateAll((els) =>
            els.map((e) => [e.getAttribute('data-verdict'), e.getAttribute('data-code')]),
          );
        assert.deepEqual(
          rows,
          expected.requests.map((r) => [r.verdict, r.code ?? '']),
        );
        assert.ok(!(await page.content()).includes('secret-ui'));
        await page.screenshot({ path: join(shots, 'ui-har.png'), fullPage: true });
      } finally {
        await page.close();
        await harApi.close();
        await pageServer.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
