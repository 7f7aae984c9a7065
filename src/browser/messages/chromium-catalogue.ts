// Chromium's messages as an explain catalogue: one frame ("Access to fetch at … has been blocked by
// CORS policy:", with the optional redirect note and preflight prefix) and one reason per CorsError.
// Chromium prints English only.
import type { CatalogueEntry, MessageCatalogue, Placeholder } from './catalogue.js';
import { CHROMIUM_PREFLIGHT_PREFIX, CHROMIUM_REASON_CODES, CHROMIUM_REASONS } from './chromium.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const CHROMIUM_FRAME =
  "Access to {kind} at '{url}'{redirected} from origin '{origin}' has been blocked by CORS policy: {preflightPrefix}";

export const CHROMIUM_PLACEHOLDERS: Readonly<Record<string, Placeholder>> = {
  '{kind}': { detail: 'kind', pattern: '[\\w-]+' },
  '{url}': { detail: 'url' },
  '{redirected}': { detail: 'redirected', pattern: " \\(redirected from '.*?'\\)|" },
  '{origin}': { detail: 'origin' },
  '{preflightPrefix}': {
    detail: 'preflightPrefix',
    pattern: `${escapeRegExp(CHROMIUM_PREFLIGHT_PREFIX.trim())} ?|`,
  },
  '{value}': { detail: 'value' },
  '{method}': { detail: 'method', pattern: '[^\\s]+' },
  '{header}': { detail: 'header', pattern: '[^\\s]+' },
  '{location}': { detail: 'location' },
};

const PREFLIGHT_ONLY = new Set<string>([
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
]);

function entries(): CatalogueEntry[] {
  return Object.entries(CHROMIUM_REASONS).map(([key, reason]) => ({
    locale: 'en-US',
    key,
    code: CHROMIUM_REASON_CODES[key as keyof typeof CHROMIUM_REASONS],
    frame: CHROMIUM_FRAME,
    reason,
    tail: '',
    placeholders: CHROMIUM_PLACEHOLDERS,
    preflight: PREFLIGHT_ONLY.has(key),
  }));
}

export const CHROMIUM_CATALOGUE: MessageCatalogue = {
  browser: 'chromium',
  displayName: 'Chromium',
  get entries() {
    return entries();
  },
};
