// Wordings users still paste that no current browser prints: older Firefox and Chromium texts and
// the Spanish MDN page that seeded this project. Each says where it comes from.
import type { BrowserName, CorsErrorCode } from '../types.js';

export interface LegacyWording {
  readonly pattern: RegExp;
  readonly code: CorsErrorCode;
  readonly browser: BrowserName;
  readonly locale: string;
  readonly key: string;
  readonly source: string;
}

export const LEGACY_WORDINGS: readonly LegacyWording[] = [
  {
    // MDN's Spanish page for CORSMissingAllowOrigin; Firefox es-ES itself says "falta la cabecera".
    pattern: /hace falta la cabecera cors '?access-control-allow-origin/i,
    code: 'CORSMissingAllowOrigin',
    browser: 'firefox',
    locale: 'es',
    key: 'CORSMissingAllowOrigin',
    source: 'MDN es: Web/HTTP/CORS/Errors/CORSMissingAllowOrigin',
  },
  {
    // Firefox before CORSPreflightDidNotSucceed3 (and MDN's page title).
    pattern: /cors preflight channel did not succeed/i,
    code: 'CORSPreflightDidNotSucceed',
    browser: 'firefox',
    locale: 'en-US',
    key: 'CORSPreflightDidNotSucceed',
    source: 'MDN: Reason: CORS preflight channel did not succeed',
  },
  {
    // Firefox before CORSMissingAllowHeaderFromPreflight2 (and MDN's page title).
    pattern:
      /missing token '?.*?'? in cors header '?access-control-allow-headers'? from cors preflight channel/i,
    code: 'CORSMissingAllowHeaderFromPreflight',
    browser: 'firefox',
    locale: 'en-US',
    key: 'CORSMissingAllowHeaderFromPreflight',
    source:
      "MDN: Reason: missing token 'xyz' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel",
  },
  {
    // Chromium before 2019: "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is ''."
    pattern: /credentials flag is '?true'?, but the '?access-control-allow-credentials'? header is/i,
    code: 'CORSMissingAllowCredentials',
    browser: 'chromium',
    locale: 'en-US',
    key: 'InvalidAllowCredentials',
    source: 'Chromium < 76',
  },
];
