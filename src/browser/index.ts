// corskit/browser: a model of the browser side of CORS (WHATWG Fetch) that predicts what Chromium
// and Firefox do with a request and what they print. Runtime-neutral: no Node APIs.
export * from './types.js';
export { simulate, type SimulateOptions, type SimulatedDiagnosis } from './simulate.js';
export { explainMessage, type Explanation, type ExplainMatch, type ExplainMiss } from './explain.js';
export { PreflightCache } from './preflight-cache.js';
export {
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  needsPreflight,
  normalizeMethod,
} from './request-classification.js';
export { buildPreflightRequest } from './preflight.js';
export { corsCheck, type CorsCheckFailure } from './cors-check.js';
export { exposedHeaderNames } from './exposed-headers.js';
export { CAUSES, explainCode, type CauseDetails, type CauseText } from './causes.js';
export { buildFix, policyFor, requiredHeaders } from './fix.js';
export {
  CHROMIUM_PREFLIGHT_PREFIX,
  CHROMIUM_REASONS,
  CHROMIUM_REASON_CODES,
  chromiumBlockedPrefix,
  fillChromium,
} from './messages/chromium.js';
export {
  FIREFOX_KEYS,
  FIREFOX_KEY_CODES,
  FIREFOX_LOCALES,
  FIREFOX_MESSAGES,
  type FirefoxLocale,
  type FirefoxMessageKey,
  formatFirefox,
} from './messages/firefox.js';
