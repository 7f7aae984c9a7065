// simulate(): one fetch() as Chromium, Firefox and WebKit would run it against the responses the
// transport gives, with the verdict, the exact console lines, the cause and the fix.

import { type CauseDetails, explainCode } from './causes.js';
import {
  type Failure,
  memoizedTransport,
  type RequestDresser,
  type RunResult,
  runFetch,
} from './fetch-run.js';
import { buildFix } from './fix.js';
import { chromiumErrorStatusLine, renderChromium } from './messages/chromium.js';
import { type FirefoxLocale, firefoxAuthorizationWarning, renderFirefox } from './messages/firefox.js';
import { renderWebKit } from './messages/webkit.js';
import { assertSerializedOrigin } from './origin.js';
import type { PreflightCache } from './preflight-cache.js';
import { QUIRKS } from './quirks.js';
import { type ClassifiedRequest, classifyRequest } from './request-classification.js';
import { browserRequest } from './request-profile.js';
import type {
  BrowserName,
  BrowserOutcome,
  CorsErrorCode,
  Diagnosis,
  ExchangeStep,
  FetchDescription,
  Transport,
} from './types.js';

export interface SimulateOptions {
  /** Share between calls to model repeated fetches (the preflight cache). */
  readonly preflightCache?: PreflightCache;
  /** Language of Firefox's lines. Default en-US. */
  readonly firefoxLocale?: FirefoxLocale;
  /** The document's URL (Firefox names it when refusing a file: URL). Default `<pageOrigin>/`. */
  readonly pageUrl?: string;
  /**
   * Send every header the browser sends (User-Agent, Accept-*, Sec-Fetch-*, Referer, client hints),
   * in its order, instead of only the CORS ones: `own` dresses each browser's walk with its own
   * profile (their requests differ, so each browser gets its own exchange); a browser name dresses
   * both walks with that one (one exchange). Default: no dressing.
   */
  readonly requestProfile?: 'own' | BrowserName;
}

/** A Diagnosis plus what each browser did on the wire (they differ after some redirects). */
export interface SimulatedDiagnosis extends Diagnosis {
  readonly exchanges: Readonly<Record<BrowserName, readonly ExchangeStep[]>>;
}

export async function simulate(
  desc: FetchDescription,
  transport: Transport,
  options: SimulateOptions = {},
): Promise<SimulatedDiagnosis> {
  assertSerializedOrigin(desc.pageOrigin);
  const request = classifyRequest(desc);
  const exchange = memoizedTransport(transport);
  const pageUrl = options.pageUrl ?? `${desc.pageOrigin}/`;
  const runOptions = (browser: BrowserName) => ({
    ...(options.preflightCache ? { preflightCache: options.preflightCache } : {}),
    ...profileDresser(browser, options.requestProfile, request, desc.body, pageUrl),
  });
  const chromium = await runFetch('chromium', request, exchange, runOptions('chromium'));
  const firefox = await runFetch('firefox', request, exchange, runOptions('firefox'));
  const webkit = await runFetch('webkit', request, exchange, runOptions('webkit'));
  const outcomes: Record<BrowserName, BrowserOutcome> = {
    chromium: chromiumOutcome(chromium, request),
    firefox: firefoxOutcome(firefox, pageUrl, options.firefoxLocale),
    webkit: webkitOutcome(webkit, request),
  };
  const blocked = Object.values(outcomes).some((o) => o.verdict === 'blocked');
  // WebKit decides the code only where the other two let the fetch through.
  const code = commonCode(outcomes.chromium.code, outcomes.firefox.code) ?? outcomes.webkit.code;
  const decisive =
    outcomes.chromium.code === code && chromium.failure
      ? chromium
      : firefox.failure
        ? firefox
        : webkit.failure && !chromium.failure
          ? webkit
          : chromium;
  const details = detailsOf(decisive.failure, request);
  const cause = code ? explainCode(code, details) : null;
  const preflightInvolved = chromium.steps.some((s) => s.kind === 'preflight') || request.needsPreflight;
  return {
    request: desc,
    exchange: (firefox.steps.length > chromium.steps.length ? firefox : chromium).steps,
    exchanges: { chromium: chromium.steps, firefox: firefox.steps, webkit: webkit.steps },
    verdict: blocked ? 'blocked' : 'allowed',
    code,
    browsers: outcomes,
    messages: {
      chromium: outcomes.chromium.messages,
      firefox: outcomes.firefox.messages,
      webkit: outcomes.webkit.messages,
    },
    cause: cause?.cause ?? (blocked ? nonCorsCause(decisive.failure) : null),
    whatToCheck: cause?.whatToCheck ?? [],
    fix:
      cause && code
        ? buildFix(
            {
              origin: request.origin,
              method: request.method,
              unsafeHeaderNames: request.unsafeHeaderNames,
              includeCredentials: request.credentials === 'include',
              preflight: preflightInvolved,
            },
            code,
            cause.fix,
          )
        : null,
    exposedHeaders: !chromium.failure
      ? chromium.exposedHeaders
      : !firefox.failure
        ? firefox.exposedHeaders
        : [],
  };
}

/** The `dress` run option of one browser's walk for `SimulateOptions.requestProfile`. */
function profileDresser(
  browser: BrowserName,
  profile: SimulateOptions['requestProfile'],
  request: ClassifiedRequest,
  body: string | undefined,
  pageUrl: string,
): { dress?: RequestDresser } {
  // A browser whose requests were not recorded (BrowserQuirks.requestProfile null) is not dressed.
  const dresser = profile ? QUIRKS[profile === 'own' ? browser : profile].requestProfile : null;
  if (!dresser) return {};
  const bodyLength = body === undefined ? {} : { bodyLength: utf8Length(body) };
  return {
    dress: (wire, kind, urlList) =>
      browserRequest(dresser, wire, {
        kind,
        pageUrl,
        pageOrigin: request.origin,
        urlList,
        credentials: request.credentials,
        ...bodyLength,
      }),
  };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function chromiumOutcome(run: RunResult, request: ClassifiedRequest): BrowserOutcome {
  if (!run.failure) {
    // HTTP/2 has no reason phrase: Chromium prints `status of 404 ()`.
    const statusText = run.finalProtocol === 'h2' ? '' : undefined;
    const line = run.finalStatus === null ? null : chromiumErrorStatusLine(run.finalStatus, statusText);
    return { verdict: 'allowed', code: null, messages: line ? [line] : null };
  }
  const rendering = renderChromium(run.failure, run.originalUrl, request.origin);
  return { verdict: 'blocked', code: rendering.code, messages: rendering.lines };
}

function firefoxOutcome(run: RunResult, pageUrl: string, locale: FirefoxLocale = 'en-US'): BrowserOutcome {
  if (!run.failure) {
    const warnings = run.authorizationByWildcard.map((url) => firefoxAuthorizationWarning(url, locale));
    return warnings.length > 0
      ? { verdict: 'allowed', code: null, messages: null, warnings }
      : { verdict: 'allowed', code: null, messages: null };
  }
  const rendering = renderFirefox(run.failure, pageUrl, locale);
  return { verdict: 'blocked', code: rendering.code, messages: rendering.lines };
}

function webkitOutcome(run: RunResult, request: ClassifiedRequest): BrowserOutcome {
  if (!run.failure) return { verdict: 'allowed', code: null, messages: null };
  const rendering = renderWebKit(run.failure, { steps: run.steps, requestHeaders: request.headers });
  return { verdict: 'blocked', code: rendering.code, messages: rendering.lines };
}

/**
 * One code for the diagnosis: the browsers' codes when they agree; otherwise the more specific
 * one (Firefox says only "did not succeed" where Chromium names a refused redirect).
 */
function commonCode(chromium: CorsErrorCode | null, firefox: CorsErrorCode | null): CorsErrorCode | null {
  if (chromium === firefox) return chromium;
  if (chromium === null || chromium === 'CORSDidNotSucceed') return firefox ?? chromium;
  if (firefox === null || firefox === 'CORSDidNotSucceed') return chromium;
  // Both specific but different (e.g. two ACAO values: Chromium "multiple", Firefox "does not
  // match"): Chromium's classification is the finer one.
  return chromium;
}

export function detailsOf(failure: Failure | null, request: ClassifiedRequest): CauseDetails {
  const base = {
    origin: request.origin,
    method: request.method,
    credentials: request.credentials === 'include',
  };
  if (!failure) return base;
  switch (failure.kind) {
    case 'cors':
      return {
        ...base,
        url: failure.url,
        status: failure.status,
        preflight: false,
        value: offendingValue(failure.failure),
      };
    case 'preflight': {
      const f = failure.failure;
      const status = 'status' in f ? f.status : null;
      const value =
        f.kind === 'cors'
          ? offendingValue(f.failure)
          : f.kind === 'invalid-allow-headers' || f.kind === 'invalid-allow-methods'
            ? f.token
            : undefined;
      const header = f.kind === 'header-not-allowed' ? f.header : undefined;
      return { ...base, url: failure.url, status, preflight: true, value, header };
    }
    default:
      return { ...base, url: failure.url };
  }
}

function offendingValue(failure: { kind: string; value?: string }): string | undefined {
  return failure.value;
}

function nonCorsCause(failure: Failure | null): string | null {
  if (failure?.kind === 'redirect-mode')
    return "The server redirected and the page asked for redirect: 'error'.";
  if (failure?.kind === 'too-many-redirects')
    return 'The server redirected more than 20 times (a redirect loop).';
  if (failure?.kind === 'opaque-redirect') {
    return "The server redirected and the page asked for redirect: 'manual': fetch() resolves with an opaque-redirect response (status 0) that the script cannot read.";
  }
  return null;
}
