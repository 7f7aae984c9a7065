// HAR files recorded by the real browsers, at test time, for the fetches a page makes:
// - Chromium through Playwright's own HAR recorder (`recordHar`): Playwright's format, which
//   keeps no preflight and no response for a request the browser blocked (status -1);
// - Chromium through CDP network events, assembled as DevTools' "Save all as HAR" does: preflights
//   as entries of type `preflight`, the raw headers of every hop, failures in `_error`;
// - Firefox through its WebDriver BiDi network events (puppeteer-core), assembled in the HAR
//   shape Firefox's exporter writes: header names lower-case as Firefox reports them.
//   Firefox's own HAR export (devtools.netmonitor.har.enableAutoExportToFile) belongs to the
//   DevTools toolbox, which does not open in a remote-controlled Firefox: see docs/har.md.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, FIREFOX } from './binaries.js';
import type { PageRequest } from './browsers.js';

export type HarRecorder = 'playwright' | 'chromium-devtools' | 'firefox';

interface HarHeader {
  name: string;
  value: string;
}

interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    queryString: [];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _resourceType: string;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Loads `pageUrl`, runs each fetch in turn (after `setup`, run in the page), returns the HAR. */
export async function captureHar(
  recorder: HarRecorder,
  pageUrl: string,
  requests: readonly PageRequest[],
  setup = '',
): Promise<unknown> {
  if (recorder === 'playwright') return playwrightHar(pageUrl, requests, setup);
  if (recorder === 'chromium-devtools') return devtoolsHar(pageUrl, requests, setup);
  return firefoxHar(pageUrl, requests, setup);
}

// Evaluated in the page: self-contained.
async function runAll(args: { requests: PageRequest[]; setup: string }): Promise<void> {
  // biome-ignore lint/security/noGlobalEval: the test's own setup line (e.g. setting a cookie)
  if (args.setup) (0, eval)(args.setup);
  for (const r of args.requests) {
    try {
      await fetch(r.url, r.init as RequestInit);
    } catch {
      // Blocked: the HAR records it.
    }
  }
}

async function playwrightHar(
  pageUrl: string,
  requests: readonly PageRequest[],
  setup: string,
): Promise<unknown> {
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'corskit-har-'));
  const path = join(dir, 'playwright.har');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ recordHar: { path, content: 'omit' } });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.evaluate(runAll, { requests: [...requests], setup });
    await context.close();
    return JSON.parse(await readFile(path, 'utf8'));
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Hop {
  method: string;
  url: string;
  wallTime: number;
  headers: HarHeader[];
  status: number;
  responseHeaders: HarHeader[];
  redirectURL: string;
  error?: string;
  type: string;
}

/** CDP header objects join repeated lines with "\n"; a HAR lists each line. */
function cdpHeaders(headers: Record<string, string> | undefined): HarHeader[] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    String(value)
      .split('\n')
      .map((v) => ({ name, value: v })),
  );
}

async function devtoolsHar(
  pageUrl: string,
  requests: readonly PageRequest[],
  setup: string,
): Promise<unknown> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const hops = new Map<string, Hop[]>();
    const requestExtra = new Map<string, HarHeader[][]>();
    const responseExtra = new Map<string, Array<{ status: number; headers: HarHeader[] }>>();
    const push = <T>(map: Map<string, T[]>, id: string, value: T) =>
      map.set(id, [...(map.get(id) ?? []), value]);
    // biome-ignore lint/suspicious/noExplicitAny: CDP event payloads
    type Ev = any;
    cdp.on('Network.requestWillBeSent', (e: Ev) => {
      const list = hops.get(e.requestId) ?? [];
      const previous = list.at(-1);
      if (previous && e.redirectResponse) {
        previous.status = e.redirectResponse.status;
        if (previous.responseHeaders.length === 0)
          previous.responseHeaders = cdpHeaders(e.redirectResponse.headers);
        previous.redirectURL = e.request.url;
      }
      const preflight = e.initiator?.type === 'preflight' || e.request.method === 'OPTIONS';
      list.push({
        method: e.request.method,
        url: e.request.url,
        wallTime: e.wallTime,
        headers: cdpHeaders(e.request.headers),
        status: 0,
        responseHeaders: [],
        redirectURL: '',
        type: preflight && e.type === 'Other' ? 'preflight' : String(e.type ?? 'other').toLowerCase(),
      });
      hops.set(e.requestId, list);
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (e: Ev) =>
      push(requestExtra, e.requestId, cdpHeaders(e.headers)),
    );
    cdp.on('Network.responseReceivedExtraInfo', (e: Ev) =>
      push(responseExtra, e.requestId, { status: e.statusCode, headers: cdpHeaders(e.headers) }),
    );
    cdp.on('Network.responseReceived', (e: Ev) => {
      const last = hops.get(e.requestId)?.at(-1);
      if (!last) return;
      last.status = e.response.status;
      if (e.type === 'Preflight') last.type = 'preflight';
      if (last.responseHeaders.length === 0) last.responseHeaders = cdpHeaders(e.response.headers);
    });
    cdp.on('Network.loadingFailed', (e: Ev) => {
      const last = hops.get(e.requestId)?.at(-1);
      if (last) last.error = e.errorText;
    });
    await cdp.send('Network.enable');
    await page.goto(pageUrl);
    await page.evaluate(runAll, { requests: [...requests], setup });
    await page.waitForTimeout(200);
    const entries: Array<HarEntry & { wallTime: number }> = [];
    for (const [id, list] of hops) {
      const sent = requestExtra.get(id) ?? [];
      const received = responseExtra.get(id) ?? [];
      list.forEach((hop, i) => {
        // The ExtraInfo events carry what was really on the wire (cookies, blocked responses).
        const wire = received[i];
        entries.push({
          ...entry(
            hop,
            sent[i] ?? hop.headers,
            wire?.status ?? hop.status,
            wire?.headers ?? hop.responseHeaders,
          ),
          wallTime: hop.wallTime,
        });
      });
    }
    entries.sort((a, b) => a.wallTime - b.wallTime);
    return {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        pages: [{ startedDateTime: new Date().toISOString(), id: 'page_1', title: pageUrl, pageTimings: {} }],
        entries: entries.map(({ wallTime: _, ...rest }) => rest),
      },
    };
  } finally {
    await browser.close();
  }
}

function entry(hop: Hop, headers: HarHeader[], status: number, responseHeaders: HarHeader[]): HarEntry {
  // DevTools records a request that got no response with status 0 and keeps whatever it saw.
  const failedWithout = hop.error !== undefined && status === 0;
  return {
    pageref: 'page_1',
    startedDateTime: new Date(hop.wallTime * 1000).toISOString(),
    time: 0,
    request: {
      method: hop.method,
      url: hop.url,
      httpVersion: 'HTTP/1.1',
      headers,
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: failedWithout ? 0 : status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: responseHeaders,
      cookies: [],
      content: { size: 0, mimeType: '' },
      redirectURL: hop.redirectURL,
      headersSize: -1,
      bodySize: -1,
      ...(hop.error ? { _error: hop.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _resourceType: hop.type,
  };
}

async function firefoxHar(
  pageUrl: string,
  requests: readonly PageRequest[],
  setup: string,
): Promise<unknown> {
  const puppeteer = (await import('puppeteer-core')).default;
  const profile = await mkdtemp(join(tmpdir(), 'corskit-firefox-har-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: true,
    userDataDir: profile,
  });
  try {
    const version = (await browser.version()).replace(/^\D+/, '');
    const page = await browser.newPage();
    type Req = import('puppeteer-core').HTTPRequest;
    const order: Req[] = [];
    const started = new Map<Req, number>();
    const responses = new Map<Req, { status: number; headers: Record<string, string> }>();
    const failures = new Map<Req, string>();
    page.on('request', (r) => {
      order.push(r);
      started.set(r, Date.now());
    });
    page.on('response', (r) => responses.set(r.request(), { status: r.status(), headers: r.headers() }));
    page.on('requestfailed', (r) => failures.set(r, r.failure()?.errorText ?? 'NS_ERROR_FAILURE'));
    await page.goto(pageUrl);
    await page.evaluate(runAll, { requests: [...requests], setup });
    await new Promise((r) => setTimeout(r, 300));
    const entries = order
      .filter((r) => /^https?:/.test(r.url()))
      .map((r) => {
        const response = responses.get(r);
        const error = failures.get(r);
        const headers = Object.entries(response?.headers ?? {}).flatMap(([name, value]) =>
          value.split('\n').map((v) => ({ name, value: v })),
        );
        const location = headers.find((h) => h.name === 'location')?.value ?? '';
        const hop: Hop = {
          method: r.method(),
          url: r.url(),
          wallTime: (started.get(r) ?? 0) / 1000,
          headers: Object.entries(r.headers()).map(([name, value]) => ({ name, value })),
          status: response?.status ?? 0,
          responseHeaders: headers,
          redirectURL: response && response.status >= 300 && response.status < 400 ? location : '',
          type: r.method() === 'OPTIONS' ? 'preflight' : 'fetch',
          ...(error ? { error } : {}),
        };
        const e = entry(hop, hop.headers, hop.status, hop.responseHeaders);
        // Firefox's exporter names the page by its title and has no `_resourceType`.
        const { _resourceType: _, ...rest } = e;
        return rest;
      });
    return {
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version },
        pages: [
          { startedDateTime: new Date().toISOString(), id: 'page_1', title: 'corskit', pageTimings: {} },
        ],
        entries,
      },
    };
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
