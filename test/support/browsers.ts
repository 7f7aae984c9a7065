// Real browsers for tests: one launch per test file, many fetches per page load.
// Chromium runs through playwright-core (CDP), Firefox through puppeteer-core over WebDriver BiDi,
// WebKit (WebKitGTK's MiniBrowser under Xvfb) through a driver script in the page (webkit.ts).
// Both report what the page's script could read and every console line the browser printed
// while the fetch ran, attributed to the request whose URL the line names.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, FIREFOX } from './binaries.js';
import { driverScriptFor, launchWebKit } from './webkit.js';

export type BrowserKind = 'chromium' | 'firefox' | 'webkit';

export interface PageRequestInit {
  method?: string;
  headers?: Record<string, string>;
  credentials?: 'omit' | 'same-origin' | 'include';
  redirect?: 'follow' | 'error' | 'manual';
  mode?: 'cors' | 'no-cors' | 'same-origin';
  body?: string;
}

export interface PageRequest {
  url: string;
  init?: PageRequestInit;
  /**
   * More substrings that identify this request's console lines, e.g. a unique path that its
   * redirect targets on other origins share. The request's URL always identifies it.
   */
  match?: string[];
  /** How long to wait after this request settles, instead of the session's `settleMs`. */
  settleMs?: number;
}

export interface PageFetchResult {
  /** The script got a response whose status and body it may read (type basic or cors). */
  readable: boolean;
  /** null when fetch() rejected. 0 for opaque responses. */
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  /** The rejection, e.g. "TypeError: Failed to fetch"; null when fetch() resolved. */
  error: string | null;
  /** Console lines (console events and page errors) the browser printed for this request. */
  consoleLines: string[];
}

export interface FetchFromOptions {
  /** How long to keep listening after a fetch settles, for late console lines (ms). */
  settleMs?: number;
}

export interface BrowserSession {
  readonly kind: BrowserKind;
  readonly version: string;
  fetchFrom(pageUrl: string, requests: PageRequest[], options?: FetchFromOptions): Promise<PageFetchResult[]>;
  /** Loads `pageUrl` and evaluates a script expression in it (awaited when it is a promise). */
  evaluate(pageUrl: string, expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/** What a browser driver gives us: a page we can load, run one fetch in, and listen to. */
interface DriverPage {
  goto(url: string): Promise<void>;
  runFetch(request: PageRequest): Promise<InPageResult>;
  evaluate(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

interface InPageResult {
  readable: boolean;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  error: string | null;
}

export interface ConsoleLine {
  text: string;
  /** Source URL the browser attached to the line (Chromium sets it to the resource for network errors). */
  location: string;
  /** Index of the request that was running (or had just settled) when the line arrived. */
  window: number;
}

type LineSink = (text: string, location: string) => void;

interface Driver {
  version: string;
  /** runFetch resolves only once every line of the fetch arrived (WebKit's markers): no waiting. */
  linesCompleteOnResult?: boolean;
  newPage(onLine: LineSink): Promise<DriverPage>;
  close(): Promise<void>;
}

const DEFAULT_SETTLE_MS = 40;

export interface LaunchOptions {
  /**
   * The browser's UI language, e.g. `es-ES`. Firefox (`intl.locale.requested`) then prints its CORS
   * lines in that language; it needs the language pack (Debian: `firefox-esr-l10n-es-es`).
   * Chromium gets `--lang` (its CORS lines are never translated).
   */
  locale?: string;
  /** Accept self-signed certificates (tests of a TLS server with a certificate made at test time). */
  ignoreCertificateErrors?: boolean;
}

export async function launchBrowser(kind: BrowserKind, options: LaunchOptions = {}): Promise<BrowserSession> {
  const driver =
    kind === 'chromium'
      ? await launchChromium(options)
      : kind === 'firefox'
        ? await launchFirefox(options)
        : await launchWebKitDriver();
  return {
    kind,
    version: driver.version,
    fetchFrom: (pageUrl, requests, options) => fetchFrom(driver, pageUrl, requests, options),
    async evaluate(pageUrl, expression) {
      const page = await driver.newPage(() => {});
      try {
        await page.goto(pageUrl);
        return await page.evaluate(expression);
      } finally {
        await page.close();
      }
    },
    close: () => driver.close(),
  };
}

async function fetchFrom(
  driver: Driver,
  pageUrl: string,
  requests: PageRequest[],
  options: FetchFromOptions = {},
): Promise<PageFetchResult[]> {
  const settleMs = driver.linesCompleteOnResult ? 0 : (options.settleMs ?? DEFAULT_SETTLE_MS);
  const lines: ConsoleLine[] = [];
  let current = -1;
  const page = await driver.newPage((text, location) => lines.push({ text, location, window: current }));
  try {
    await page.goto(pageUrl);
    await sleep(settleMs);
    lines.length = 0; // anything printed by the page load itself belongs to no request
    const results: InPageResult[] = [];
    for (const [index, request] of requests.entries()) {
      current = index;
      results.push(await page.runFetch(request));
      // Requests run one after another so that a line without a URL still lands in the right window.
      if (!driver.linesCompleteOnResult) await sleep(request.settleMs ?? settleMs);
    }
    // Lines can trail the last fetch by more than the per-request wait: give them a moment.
    await sleep(settleMs * 5);
    const attributed = attributeLines(
      lines,
      requests.map((r) => [r.url, ...(r.match ?? [])]),
    );
    return results.map((result, index) => ({ ...result, consoleLines: attributed[index] ?? [] }));
  } finally {
    await page.close();
  }
}

/**
 * A line belongs to the request whose URL (or other identifying substring) it names, the longest
 * such match winning so `/c/10` beats `/c/1`; failing that, to the request its source location
 * names; failing that, to the request that was running when it arrived.
 */
export function attributeLines(
  lines: readonly ConsoleLine[],
  keys: ReadonlyArray<string | readonly string[]>,
): string[][] {
  const keyLists = keys.map((k) => (typeof k === 'string' ? [k] : k));
  const out = keyLists.map(() => [] as string[]);
  for (const line of lines) {
    const target =
      bestMatch(line.text, keyLists, line.window) ??
      (line.location ? bestMatch(line.location, keyLists, line.window) : undefined) ??
      line.window;
    if (target >= 0 && target < out.length) out[target]!.push(line.text);
  }
  return out;
}

function bestMatch(
  text: string,
  keyLists: ReadonlyArray<readonly string[]>,
  window: number,
): number | undefined {
  let best: number | undefined;
  let bestLength = 0;
  for (const [index, keys] of keyLists.entries()) {
    for (const key of keys) {
      if (!key || !text.includes(key)) continue;
      if (key.length > bestLength || (key.length === bestLength && index === window)) {
        best = index;
        bestLength = key.length;
      }
    }
  }
  return best;
}

// The function evaluated in the page: it must be self-contained (it is serialized).
async function inPageFetch(request: PageRequest): Promise<InPageResult> {
  try {
    const response = await fetch(request.url, request.init as RequestInit);
    const readable = response.type === 'basic' || response.type === 'cors';
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = readable ? await response.text() : null;
    return { readable, status: response.status, headers, body, error: null };
  } catch (error) {
    return { readable: false, status: null, headers: null, body: null, error: String(error) };
  }
}

async function launchChromium({ locale, ignoreCertificateErrors }: LaunchOptions): Promise<Driver> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'corskit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(locale ? [`--lang=${locale}`] : []),
      ...(ignoreCertificateErrors ? ['--ignore-certificate-errors'] : []),
    ],
    ...(ignoreCertificateErrors ? { ignoreHTTPSErrors: true } : {}),
  });
  const version = `Chromium ${context.browser()?.version() ?? (await chromiumVersion(context))}`;
  return {
    version,
    async newPage(onLine) {
      const page = await context.newPage();
      page.on('console', (message) => onLine(message.text(), message.location().url ?? ''));
      page.on('pageerror', (error) => onLine(error.message, ''));
      return {
        async goto(url) {
          await page.goto(url);
        },
        runFetch: (request) => page.evaluate(inPageFetch, request),
        evaluate: (expression) => page.evaluate(expression),
        close: () => page.close(),
      };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function chromiumVersion(context: import('playwright-core').BrowserContext): Promise<string> {
  const page = context.pages()[0] ?? (await context.newPage());
  const agent = await page.evaluate(() => navigator.userAgent);
  return /Chrome\/([\d.]+)/.exec(agent)?.[1] ?? 'unknown';
}

async function launchFirefox({ locale, ignoreCertificateErrors }: LaunchOptions): Promise<Driver> {
  const puppeteer = (await import('puppeteer-core')).default;
  const profile = await mkdtemp(join(tmpdir(), 'corskit-firefox-'));
  const launch = () =>
    puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      protocol: 'webDriverBiDi',
      headless: true,
      userDataDir: profile,
      ...(locale ? { extraPrefsFirefox: { 'intl.locale.requested': locale } } : {}),
      ...(ignoreCertificateErrors ? { acceptInsecureCerts: true } : {}),
    });
  // A fresh profile installs the system language packs during its first start, after the UI
  // language was chosen: the requested locale applies from the second start on.
  if (locale) await (await launch()).close();
  const browser = await launch();
  const version = await browser.version();
  return {
    version,
    async newPage(onLine) {
      const page = await browser.newPage();
      // Firefox reports its "Cross-Origin Request Blocked: …" lines as BiDi log.entryAdded entries of
      // type "javascript" (level error), which puppeteer surfaces as pageerror events whose Error
      // message is the entry's text; console.* calls arrive as console events.
      page.on('console', (message) => onLine(message.text(), message.location().url ?? ''));
      // The log entry's text is the Error's message, verbatim.
      page.on('pageerror', (error) => onLine(error instanceof Error ? error.message : String(error), ''));
      return {
        async goto(url) {
          await page.goto(url);
        },
        runFetch: (request) => page.evaluate(inPageFetch, request),
        evaluate: (expression) => page.evaluate(expression),
        close: () => page.close(),
      };
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * WebKit: one MiniBrowser window for the whole session (webkit.ts). Its console lines arrive with
 * the fetch's result, each with the request's URL as its location, so the attribution by URL holds.
 */
async function launchWebKitDriver(): Promise<Driver> {
  const session = await launchWebKit();
  return {
    version: session.version,
    linesCompleteOnResult: true,
    async newPage(onLine) {
      return {
        goto: (url) => session.goto(url),
        async runFetch(request) {
          const { consoleLines, ...result } = await session.runFetch(
            { url: request.url, ...(request.init ? { init: { ...request.init } } : {}) },
            WEBKIT_SETTLE_MS,
          );
          for (const line of consoleLines) onLine(line, request.url);
          return result;
        },
        // MiniBrowser is driven through its page's own script (webkit.ts): fetches only.
        evaluate: async () => {
          throw new Error('evaluate() is not available on the WebKit driver: it runs fetches only');
        },
        // One window serves every page: the next goto replaces this one.
        close: async () => {},
      };
    },
    close: () => session.close(),
  };
}

/** How long the page waits after a fetch settles before closing its window of console lines. */
const WEBKIT_SETTLE_MS = 25;

/**
 * The blank page of the test page servers; with `?corskit-driver=<control origin>` it loads WebKit's
 * driver script (webkit.ts).
 */
export function blankPage(title: string, pageUrl: string): string {
  const driver = driverScriptFor(pageUrl);
  const script = driver ? `<script src="${driver}"></script>` : '';
  // An empty data: icon keeps the browser from requesting /favicon.ico and logging about it.
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>${script}</head><body></body></html>`;
}

/** A blank HTML page on 127.0.0.1:0: the origin the test fetches from. */
export async function startPageServer(): Promise<{ origin: string; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(blankPage('corskit', req.url ?? '/'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
