// `corskit doctor --real`: the same fetch() run by the installed Chromium and Firefox, from a page
// at the user's origin served by request interception (no DNS entry, no certificate for that
// origin), against the real URL. Reports what each browser let the script read and every console
// line it printed, for comparison with the model's prediction.
import type { BrowserName } from '../browser/types.js';
import { INSTALL_HINT, locateBrowser, RealBrowserError } from './locate.js';
import { BLANK_PAGE, fetchInPage, type PageFetchInit, type PageFetchOutcome } from './page-fetch.js';

export interface RealRunOptions {
  readonly url: string;
  /** The page's origin (http or https). */
  readonly origin: string;
  readonly method: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly credentials: boolean;
  /** Which browsers; absent: every installed one. */
  readonly browsers?: readonly BrowserName[];
  /** Executables given on the command line (they win over CORSKIT_CHROMIUM / CORSKIT_FIREFOX). */
  readonly paths?: Partial<Record<BrowserName, string>>;
  /** Accept a self-signed certificate on the target (-k). */
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  /** Where to look when no path is given (tests); default the usual install paths. */
  readonly searchPaths?: Partial<Record<BrowserName, readonly string[]>>;
  readonly env?: NodeJS.ProcessEnv;
}

/** What one real browser did: the shape of `observed.<browser>` in `doctor --json`. */
export interface RealObservation {
  readonly verdict: 'allowed' | 'blocked';
  /** The status the script saw; null when fetch() rejected. */
  readonly status: number | null;
  /** Every console line the browser printed for the fetch, in order. */
  readonly lines: string[];
  /** e.g. `Chromium 156.0.8078.108`. */
  readonly version: string;
}

/** How long to keep listening after fetch() settles: the browsers print some lines late. */
const SETTLE_MS = 400;
const ALL: readonly BrowserName[] = ['chromium', 'firefox'];

export async function observeInRealBrowsers(
  options: RealRunOptions,
): Promise<Partial<Record<BrowserName, RealObservation>>> {
  const wanted = options.browsers ?? ALL;
  const found = wanted
    .map((browser) => ({
      browser,
      path: locateBrowser(browser, options.paths?.[browser], options.env, options.searchPaths?.[browser]),
    }))
    .filter((b): b is { browser: BrowserName; path: string } => b.path !== null);
  if (options.browsers) {
    const missing = wanted.filter((b) => !found.some((f) => f.browser === b));
    if (missing.length) throw new RealBrowserError(`${missing.join(' and ')} not found: ${INSTALL_HINT}`);
  }
  if (found.length === 0) throw new RealBrowserError(INSTALL_HINT);
  const init: PageFetchInit = {
    url: options.url,
    method: options.method,
    headers: options.headers.map(([n, v]) => [n, v]),
    credentials: options.credentials ? 'include' : 'same-origin',
  };
  const pageUrl = `${options.origin}/`;
  const out: Partial<Record<BrowserName, RealObservation>> = {};
  // One after the other: two browsers starting at once on a small machine only slow each other.
  for (const { browser, path } of found) {
    const run = browser === 'chromium' ? runInChromium : runInFirefox;
    out[browser] = await withDeadline(
      run(path, pageUrl, init, options.insecure === true),
      (options.timeoutMs ?? 10_000) * 2 + 20_000,
      `${browser} did not finish the fetch in time`,
    );
  }
  return out;
}

interface Session {
  readonly version: string;
  readonly lines: string[];
  fetch(init: PageFetchInit): Promise<PageFetchOutcome>;
  close(): Promise<void>;
}

async function observeWith(open: () => Promise<Session>, init: PageFetchInit): Promise<RealObservation> {
  const session = await open();
  try {
    const outcome = await session.fetch(init);
    await sleep(SETTLE_MS);
    return {
      verdict: outcome.readable ? 'allowed' : 'blocked',
      status: outcome.readable ? outcome.status : null,
      lines: [...session.lines],
      version: session.version,
    };
  } finally {
    await session.close();
  }
}

function runInChromium(path: string, pageUrl: string, init: PageFetchInit, insecure: boolean) {
  return observeWith(async () => {
    const { chromium } = await importDriver<typeof import('playwright-core')>('playwright-core');
    const browser = await chromium.launch({
      executablePath: path,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        ...(insecure ? ['--ignore-certificate-errors'] : []),
        ...(isLoopbackOrigin(pageUrl) ? ['--disable-features=LocalNetworkAccessChecks'] : []),
      ],
    });
    const page = await (await browser.newContext({ ignoreHTTPSErrors: insecure })).newPage();
    const lines: string[] = [];
    // Only the document itself is answered here; everything else goes to the network untouched.
    await page.route(pageUrl, (route) =>
      route.request().isNavigationRequest()
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BLANK_PAGE })
        : route.fallback(),
    );
    await page.goto(pageUrl);
    page.on('console', (message) => lines.push(message.text()));
    page.on('pageerror', (error) => lines.push(error.message));
    return {
      version: `Chromium ${browser.version()}`,
      lines,
      fetch: (request) => page.evaluate(fetchInPage, request),
      close: () => browser.close(),
    };
  }, init);
}

function runInFirefox(path: string, pageUrl: string, init: PageFetchInit, insecure: boolean) {
  return observeWith(async () => {
    const puppeteer = (await importDriver<typeof import('puppeteer-core')>('puppeteer-core')).default;
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: path,
      protocol: 'webDriverBiDi',
      headless: true,
      acceptInsecureCerts: insecure,
    });
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.url() === pageUrl)
        void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: BLANK_PAGE });
      else void request.continue();
    });
    await page.goto(pageUrl);
    const lines: string[] = [];
    page.on('console', (message) => lines.push(message.text()));
    // Firefox reports its CORS lines as page errors (BiDi log entries of type javascript).
    page.on('pageerror', (error) => lines.push(error instanceof Error ? error.message : String(error)));
    return {
      version: `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`,
      lines,
      fetch: (request) => page.evaluate(fetchInPage, request),
      close: () => browser.close(),
    };
  }, init);
}

/** The browser drivers are optional dependencies: say how to get them instead of a stack trace. */
async function importDriver<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch {
    throw new RealBrowserError(`--real needs the ${name} package: npm install ${name}`);
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RealBrowserError(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A page served by interception has no IP address, so Chromium's Local Network Access check treats
 * it as public and refuses its requests to loopback. A page whose origin is itself on loopback
 * (localhost, 127.x, [::1]) would be on loopback for real: the check is lifted for those only, so a
 * public origin calling a loopback API still gets the refusal a real user would.
 */
function isLoopbackOrigin(pageUrl: string): boolean {
  const host = new URL(pageUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
