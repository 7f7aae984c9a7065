// corskit/browser: a model of the browser side of CORS (WHATWG Fetch) that predicts what Chromium
// and Firefox do with a request and what they print. Runtime-neutral: no Node APIs.

export { CAUSES, type CauseDetails, type CauseText, explainCode } from './causes.js';
export { type CorsCheckFailure, corsCheck } from './cors-check.js';
export { type ExplainMatch, type ExplainMiss, type Explanation, explainMessage } from './explain.js';
export { exposedHeaderNames } from './exposed-headers.js';
export { buildFix, policyFor, requiredHeaders } from './fix.js';
export {
  CHROMIUM_PREFLIGHT_PREFIX,
  CHROMIUM_REASON_CODES,
  CHROMIUM_REASONS,
  chromiumBlockedPrefix,
  fillChromium,
} from './messages/chromium.js';
export {
  FIREFOX_KEY_CODES,
  FIREFOX_KEYS,
  FIREFOX_LOCALES,
  FIREFOX_MESSAGES,
  type FirefoxLocale,
  type FirefoxMessageKey,
  formatFirefox,
} from './messages/firefox.js';
export { buildPreflightRequest } from './preflight.js';
export { PreflightCache } from './preflight-cache.js';
export {
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  needsPreflight,
  normalizeMethod,
} from './request-classification.js';
export { type SimulatedDiagnosis, type SimulateOptions, simulate } from './simulate.js';
export * from './types.js';
