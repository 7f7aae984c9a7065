// corskit/browser: a model of the browser side of CORS (WHATWG Fetch) that predicts what Chromium
// Firefox and WebKit (Safari) do with a request and what they print. Runtime-neutral: no Node APIs.
// Only what users call is exported; message tables, fillers and Fetch-algorithm helpers are
// internals (an export-snapshot test, test/api/public-api.test.ts, makes additions deliberate).

export { BROWSER_DISPLAY_NAMES, BROWSER_NAMES, parseBrowserName } from './browser-names.js';
export { explainCode } from './causes.js';
export { type ExplainMatch, type ExplainMiss, type Explanation, explainMessage } from './explain.js';
export { FIREFOX_LOCALES, type FirefoxLocale } from './messages/firefox.js';
export { PreflightCache } from './preflight-cache.js';
export { classifyRequest, needsPreflight } from './request-classification.js';
export { type SimulatedDiagnosis, type SimulateOptions, simulate } from './simulate.js';
export type {
  BrowserName,
  BrowserOutcome,
  CorsErrorCode,
  Diagnosis,
  ExchangeStep,
  FetchDescription,
  Fix,
  HeaderList,
  NetworkFailure,
  Transport,
  WireRequest,
  WireResponse,
} from './types.js';
