// HAR files recorded by the real browsers, at test time, for the fetches a page makes:
// - Chromium through Playwright's own HAR recorder (`recordHar`): Playwright's format, which
//   keeps no preflight and no response for a request the browser blocked (status -1);
// - Chromium through CDP network events, assembled as DevTools' "Save all as HAR" does: preflights
//   as entries of type `preflight`, the raw headers of every hop, failures in `_error`;
// - Firefox through its WebDriver BiDi network events (puppeteer-core's connection), assembled in
//   the HAR shape Firefox's exporter writes (pages named by title, no `_resourceType`).
//   Firefox's own HAR export (devtools.netmonitor.har.enableAutoExportToFile) belongs to the
//   DevTools toolbox, which does not open in a remote-controlled Firefox: see docs/ui.md.
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

/** Loads `pageUrl`, sets `cookie` (document.cookie syntax), runs each fetch in turn, returns the HAR. */
export async function captureHar(
  recorder: HarRecorder,
  pageUrl: string,
  requests: readonly PageRequest[],
  cookie = '',
): Promise<unknown> {
  if (recorder === 'playwright') return playwrightHar(pageUrl, requests, cookie);
  if (recorder === 'chromium-devtools') return devtoolsHar(pageUrl, requests, cookie);
  return firefoxHar(pageUrl, requests, cookie);
}

// Evaluated in the page: self-contained.
async function runAll(args: { requests: PageRequest[]; cookie: string }): Promise<void> {
  // The page sets a cookie the way an app does; the Cookie Store API is not in Firefox ESR.
  // biome-ignore lint/suspicious/noDocumentCookie: that is the point
  if (args.cookie) document.cookie = args.cookie;
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
  cookie: string,
): Promise<unknown> {
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'corskit-har-'));
  const path = join(dir, 'playwright.har');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ recordHar: { path, content: 'omit' } });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.evaluate(runAll, { requests: [...requests], cookie });
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
  cookie: string,
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
    await page.evaluate(runAll, { requests: [...requests], cookie });
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

/** A BiDi header: `{ name, value: { type: 'string', value } }`, one per line as received. */
interface BidiHeader {
  name: string;
  value: { type: string; value: string };
}

interface BidiRequestEvent {
  request: { request: string; url: string; method: string; headers: BidiHeader[] };
  redirectCount: number;
  timestamp: number;
  response?: { status: number; headers: BidiHeader[] };
  errorText?: string;
}

function bidiHeaders(headers: readonly BidiHeader[]): HarHeader[] {
  return headers
    .filter((h) => h.value.type === 'string')
    .map((h) => ({ name: h.name, value: h.value.value }));
}

async function firefoxHar(
  pageUrl: string,
  requests: readonly PageRequest[],
  cookie: string,
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
    // The raw BiDi network events: puppeteer's own request/response objects fold the header list
    // into an object (repeated lines lost), and a HAR must keep every line as Firefox received it.
    // Puppeteer has already subscribed to them for the page.
    const connection = (
      browser as unknown as { connection: { on(event: string, f: (e: BidiRequestEvent) => void): void } }
    ).connection;
    const hops = new Map<string, Hop>();
    const key = (e: BidiRequestEvent) => `${e.request.request}:${e.redirectCount}`;
    connection.on('network.beforeRequestSent', (e) => {
      hops.set(key(e), {
        method: e.request.method,
        url: e.request.url,
        wallTime: e.timestamp / 1000,
        headers: bidiHeaders(e.request.headers),
        status: 0,
        responseHeaders: [],
        redirectURL: '',
        type: e.request.method === 'OPTIONS' ? 'preflight' : 'fetch',
      });
    });
    // responseStarted carries the headers of a response Firefox then refuses (no responseCompleted).
    const onResponse = (e: BidiRequestEvent) => {
      const hop = hops.get(key(e));
      if (!hop || !e.response) return;
      hop.status = e.response.status;
      hop.responseHeaders = bidiHeaders(e.response.headers);
      const location = hop.responseHeaders.find((h) => h.name.toLowerCase() === 'location')?.value;
      if (location && hop.status >= 300 && hop.status < 400)
        hop.redirectURL = new URL(location, hop.url).href;
    };
    connection.on('network.responseStarted', onResponse);
    connection.on('network.responseCompleted', onResponse);
    connection.on('network.fetchError', (e) => {
      const hop = hops.get(key(e));
      if (hop) hop.error = e.errorText ?? 'NS_ERROR_FAILURE';
    });
    await page.goto(pageUrl);
    await page.evaluate(runAll, { requests: [...requests], cookie });
    await new Promise((r) => setTimeout(r, 300));
    const entries = [...hops.values()]
      .filter((hop) => /^https?:/.test(hop.url))
      .sort((a, b) => a.wallTime - b.wallTime)
      .map((hop) => {
        // Firefox's exporter names the page by its title and writes no `_resourceType`.
        const { _resourceType: _, ...rest } = entry(hop, hop.headers, hop.status, hop.responseHeaders);
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
