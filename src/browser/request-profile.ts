// What Chromium 156 and Firefox 153 put on the wire for a cors-mode fetch(): every header, its
// value and its place, recorded from the real browsers by a loopback server that logs raw headers
// (conformance/request-headers.browser.test.ts keeps this honest). The model's own requests carry
// only what CORS decides (Origin, Access-Control-Request-*, the script's headers); a probe that
// must be answered as the browser would be answered (a WAF that wants a User-Agent, a server gated
// on Fetch Metadata or negotiating on Accept) is dressed with this profile.
import { headerValue, withoutHeaders } from './header-fields.js';
import { sameOrigin } from './origin.js';
import { fetchSite } from './site.js';
import type { HeaderList, WireRequest } from './types.js';

/** The browsers whose requests were recorded. */
export type ProfiledBrowser = 'chromium' | 'firefox' | 'webkit';

/** The browser versions the profile was recorded from. */
export const PROFILE_VERSIONS: Readonly<Record<ProfiledBrowser, string>> = {
  chromium: 'Chromium 156.0.8078.108',
  firefox: 'Firefox 153.8.0esr',
  webkit: 'WebKitGTK 2.50.6',
};

/**
 * User-Agent strings. Chromium's is the headed browser's: headless Chromium says
 * `HeadlessChrome/156.0.0.0` where a person's browser says `Chrome/156.0.0.0` (the only value that
 * legitimately differs from the recording; Chromium also reduces the build to `.0.0.0`).
 */
export const USER_AGENTS: Readonly<Record<ProfiledBrowser, string>> = {
  chromium:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  webkit:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
};

/** Chromium's low-entropy client hints, sent on every request but the preflight. */
export const CHROMIUM_CLIENT_HINTS = {
  'sec-ch-ua': '"Not:A-Brand";v="8", "Chromium";v="156"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
} as const;

const ACCEPT_LANGUAGE = 'en-US,en;q=0.9';
/** Both browsers offer brotli and zstd only to potentially trustworthy URLs (https, loopback). */
const ACCEPT_ENCODING_SECURE = 'gzip, deflate, br, zstd';
const ACCEPT_ENCODING_PLAIN = 'gzip, deflate';

export interface ProfileContext {
  readonly kind: 'preflight' | 'actual';
  /** The document's URL (Referer of a same-origin request). */
  readonly pageUrl: string;
  /** The document's origin, untainted (Sec-Fetch-Site, Referer). */
  readonly pageOrigin: string;
  /** Every URL the request has visited so far, the current one last. */
  readonly urlList: readonly string[];
  readonly credentials: 'omit' | 'same-origin' | 'include';
  /** Bytes of the request body, when it has one. */
  readonly bodyLength?: number;
}

/** Names the browser itself writes; the script's headers are the rest of the model's request. */
const BROWSER_OWNED = new Set([
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'host',
  'connection',
  'content-length',
]);

/** How one browser dresses its requests: read through BrowserQuirks.requestProfile. */
export interface RequestProfile {
  readonly userAgent: string;
  /** Sec-Fetch-Site compares schemes too (HTML's schemeful "same site"); Firefox 153 does not. */
  readonly schemefulSite: boolean;
  /** A script's User-Agent goes on the request (never on the preflight); else the browser's own. */
  readonly sendsScriptUserAgent: boolean;
  /** Every header, in the browser's order (a null value is not sent). */
  readonly order: (parts: RequestParts, context: ProfileContext) => Slot[];
  /** Fields the browser adds only on HTTP/2 (recorded). */
  readonly http2Fields: HeaderList;
  /** Whether a User-Agent is this browser's (the transport names the browser by it). */
  readonly ownsAgent: (agent: string) => boolean;
  /** Accept-Encoding for a URL (default: brotli and zstd to potentially trustworthy URLs). */
  readonly acceptEncoding?: (url: URL) => string;
  /** Accept-Language when the script sets none (default en-US,en;q=0.9). */
  readonly acceptLanguage?: string;
}

/**
 * The request `request` becomes on the wire with `profile`: the model's Origin and
 * Access-Control-Request-* values and the script's headers, with every header the browser adds,
 * in the browser's order.
 */
export function browserRequest(
  profile: RequestProfile,
  request: WireRequest,
  context: ProfileContext,
): WireRequest {
  const parts = requestParts(profile, request, context);
  const headers = profile.order(parts, context);
  return {
    method: request.method,
    url: request.url,
    headers: headers.filter(([, v]) => v !== null) as HeaderList,
  };
}

export interface RequestParts {
  readonly host: string;
  readonly origin: string | null;
  readonly requestMethod: string | null;
  readonly requestHeaders: string | null;
  /** Script headers other than the ones with a fixed place below. */
  readonly script: HeaderList;
  readonly accept: string;
  readonly acceptLanguage: string;
  readonly contentType: string | null;
  readonly userAgent: string;
  readonly acceptEncoding: string;
  readonly referer: string | null;
  readonly site: string;
  readonly storageAccess: string | null;
  readonly contentLength: string | null;
  readonly hasBody: boolean;
}

/** Fetch: a body's length, or `0` for a POST or PUT without one. */
function contentLength(method: string, bodyLength: number | undefined): string | null {
  if (bodyLength !== undefined) return String(bodyLength);
  return method === 'POST' || method === 'PUT' ? '0' : null;
}

function requestParts(profile: RequestProfile, request: WireRequest, context: ProfileContext): RequestParts {
  const url = new URL(request.url);
  const own = (name: string) => headerValue(request.headers, name);
  const script = request.headers.filter(([name]) => !BROWSER_OWNED.has(name.toLowerCase()));
  const site = fetchSite(context.pageOrigin, context.urlList, profile.schemefulSite);
  const preflight = context.kind === 'preflight';
  return {
    host: url.host,
    origin: own('origin'),
    requestMethod: own('access-control-request-method'),
    requestHeaders: own('access-control-request-headers'),
    script: withoutHeaders(script, ['accept', 'accept-language', 'content-type', 'user-agent']),
    accept: (preflight ? null : headerValue(script, 'accept')) ?? '*/*',
    acceptLanguage:
      (preflight ? null : headerValue(script, 'accept-language')) ??
      profile.acceptLanguage ??
      ACCEPT_LANGUAGE,
    contentType: preflight ? null : headerValue(script, 'content-type'),
    // Chromium never sends a script's User-Agent (BrowserQuirks.droppedRequestHeaders); Firefox
    // does, preflight aside.
    userAgent:
      (profile.sendsScriptUserAgent && !preflight ? headerValue(script, 'user-agent') : null) ??
      profile.userAgent,
    acceptEncoding:
      profile.acceptEncoding?.(url) ??
      (isPotentiallyTrustworthy(url) ? ACCEPT_ENCODING_SECURE : ACCEPT_ENCODING_PLAIN),
    referer: referrer(context.pageUrl, context.pageOrigin, request.url),
    site,
    // Storage Access Headers: a credentialed cross-site request says it holds no storage access.
    storageAccess: !preflight && site === 'cross-site' && context.credentials === 'include' ? 'none' : null,
    contentLength: preflight ? null : contentLength(request.method, context.bodyLength),
    hasBody: context.bodyLength !== undefined,
  };
}

export type Slot = [string, string | null];

function chromiumOrder(p: RequestParts, context: ProfileContext): Slot[] {
  const tail: Slot[] = [
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Site', p.site],
    ['Sec-Fetch-Dest', 'empty'],
    ['Referer', p.referer],
    ['Accept-Encoding', p.acceptEncoding],
    ['Accept-Language', p.acceptLanguage],
  ];
  if (context.kind === 'preflight') {
    return [
      ['Host', p.host],
      ['Connection', 'keep-alive'],
      ['Accept', p.accept],
      ['Access-Control-Request-Method', p.requestMethod],
      ['Access-Control-Request-Headers', p.requestHeaders],
      ['Origin', p.origin],
      ['User-Agent', p.userAgent],
      ...tail,
    ];
  }
  return [
    ['Host', p.host],
    ['Connection', 'keep-alive'],
    ['Content-Length', p.contentLength],
    ['sec-ch-ua-platform', CHROMIUM_CLIENT_HINTS['sec-ch-ua-platform']],
    ...p.script,
    ['User-Agent', p.userAgent],
    ['sec-ch-ua', CHROMIUM_CLIENT_HINTS['sec-ch-ua']],
    ['Content-Type', p.contentType],
    ['sec-ch-ua-mobile', CHROMIUM_CLIENT_HINTS['sec-ch-ua-mobile']],
    ['Accept', p.accept],
    ['Origin', p.origin],
    ['Sec-Fetch-Site', p.site],
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Dest', 'empty'],
    ['Sec-Fetch-Storage-Access', p.storageAccess],
    ...tail.slice(3),
  ];
}

function firefoxOrder(p: RequestParts, context: ProfileContext): Slot[] {
  const preflight = context.kind === 'preflight';
  return [
    ['Host', p.host],
    ['User-Agent', p.userAgent],
    ['Accept', p.accept],
    ['Accept-Language', p.acceptLanguage],
    ['Accept-Encoding', p.acceptEncoding],
    ['Access-Control-Request-Method', preflight ? p.requestMethod : null],
    ['Access-Control-Request-Headers', preflight ? p.requestHeaders : null],
    ['Referer', p.referer],
    ...p.script,
    ['Content-Type', p.contentType],
    // Firefox writes the length with the body, or last when there is none.
    ['Content-Length', p.hasBody ? p.contentLength : null],
    ['Origin', p.origin],
    ['Sec-Fetch-Storage-Access', p.storageAccess],
    ['Connection', 'keep-alive'],
    ['Sec-Fetch-Dest', 'empty'],
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Site', p.site],
    ['Priority', 'u=4'],
    ['Content-Length', p.hasBody ? null : p.contentLength],
  ];
}

// WebKitGTK 2.50.6 (conformance/observed/webkit.request-headers.json): the browser's own fields
// after the script's, Connection before Host, no client hints, no Sec-Fetch-Storage-Access.
function webkitOrder(p: RequestParts, context: ProfileContext): Slot[] {
  const site: Slot = ['Sec-Fetch-Site', p.site];
  if (context.kind === 'preflight') {
    return [
      ['Origin', p.origin],
      ['Access-Control-Request-Method', p.requestMethod],
      ['Referer', p.referer],
      ['Access-Control-Request-Headers', p.requestHeaders],
      ['User-Agent', p.userAgent],
      ['Accept', p.accept],
      ['Accept-Encoding', p.acceptEncoding],
      ['Accept-Language', p.acceptLanguage],
      ['Connection', 'Keep-Alive'],
      ['Host', p.host],
      ['Sec-Fetch-Mode', 'cors'],
      ['Sec-Fetch-Dest', 'empty'],
      site,
    ];
  }
  return [
    ...p.script,
    ['Content-Type', p.contentType],
    ['Origin', p.origin],
    ['Referer', p.referer],
    ['Accept', p.accept],
    ['User-Agent', p.userAgent],
    ['Accept-Encoding', p.acceptEncoding],
    ['Accept-Language', p.acceptLanguage],
    ['Connection', 'Keep-Alive'],
    ['Host', p.host],
    ['Content-Length', p.contentLength],
    ['Sec-Fetch-Dest', 'empty'],
    ['Sec-Fetch-Mode', 'cors'],
    site,
  ];
}

/**
 * Referer under the default policy, strict-origin-when-cross-origin: the page's URL to its own
 * origin, its origin alone elsewhere, nothing from https to http. An opaque page sends none.
 */
export function referrer(pageUrl: string, pageOrigin: string, target: string): string | null {
  if (pageOrigin === 'null') return null;
  const to = new URL(target);
  if (sameOrigin(pageOrigin, to.origin)) {
    const page = new URL(pageUrl);
    page.hash = '';
    page.username = '';
    page.password = '';
    return page.href;
  }
  if (pageOrigin.startsWith('https:') && !isPotentiallyTrustworthy(to)) return null;
  return `${pageOrigin}/`;
}

/** https, or a loopback host: what both browsers treat as a secure context for the request. */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

export const CHROMIUM_REQUEST_PROFILE: RequestProfile = {
  userAgent: USER_AGENTS.chromium,
  schemefulSite: true,
  sendsScriptUserAgent: false,
  order: chromiumOrder,
  http2Fields: [['priority', 'u=1, i']],
  ownsAgent: (agent) => agent === USER_AGENTS.chromium,
};

export const FIREFOX_REQUEST_PROFILE: RequestProfile = {
  userAgent: USER_AGENTS.firefox,
  schemefulSite: false,
  sendsScriptUserAgent: true,
  order: firefoxOrder,
  http2Fields: [['te', 'trailers']],
  ownsAgent: (agent) => /Gecko\/\d+ Firefox\//.test(agent),
};

export const WEBKIT_REQUEST_PROFILE: RequestProfile = {
  userAgent: USER_AGENTS.webkit,
  schemefulSite: true,
  sendsScriptUserAgent: true,
  order: webkitOrder,
  http2Fields: [],
  ownsAgent: (agent) => agent === USER_AGENTS.webkit,
  // Brotli on https only: a loopback http URL gets `gzip, deflate` (no zstd anywhere).
  acceptEncoding: (url) => (url.protocol === 'https:' ? 'gzip, deflate, br' : 'gzip, deflate'),
  // WebKitGTK sends the system's language (this recording ran with LANGUAGE=en_US).
  acceptLanguage: 'en-US',
};

/**
 * Fields a browser adds only on HTTP/2 (recorded): Chromium appends `priority: u=1, i`, Firefox
 * `te: trailers`. The protocol is known only once the connection is made, so the transport asks
 * for them, naming the browser by the User-Agent the dressed request carries; none for others.
 */
export function http2OnlyFields(headers: HeaderList): HeaderList {
  const agent = headerValue(headers, 'user-agent') ?? '';
  const profile = [CHROMIUM_REQUEST_PROFILE, FIREFOX_REQUEST_PROFILE].find((p) => p.ownsAgent(agent));
  return profile ? profile.http2Fields : [];
}

/** The recorded profiles by browser. */
export const REQUEST_PROFILES: Readonly<Record<ProfiledBrowser, RequestProfile>> = {
  chromium: CHROMIUM_REQUEST_PROFILE,
  firefox: FIREFOX_REQUEST_PROFILE,
  webkit: WEBKIT_REQUEST_PROFILE,
};
