// Firefox's messages as an explain catalogue: every shipped locale of every CORS string, split at
// the "Reason:" label of that locale. Some locales put the reason in brackets, others (fr, it) in a
// plain sentence after a bracketed "(Cross-Origin Request)" — so the split is at the label, never at
// the last bracket.
import type { CatalogueEntry, MessageCatalogue, Placeholder } from './catalogue.js';
import { FIREFOX_KEY_CODES, FIREFOX_LOCALES, FIREFOX_MESSAGES, type FirefoxMessageKey } from './firefox.js';

/** The reason label of every shipped locale (es-ES says Motivo in some strings, Razón in others). */
const REASON_LABEL =
  /(?:^|[\s(（.。])((?:Reason|Razón|razón|Motivo|motivo|Raison|Grund|理由|原因|Причина)\s*[:：]\s*)/;

const SECOND_ARG: Partial<Record<FirefoxMessageKey, string>> = {
  CORSDidNotSucceed2: 'status',
  CORSMissingAllowOrigin2: 'status',
  CORSPreflightDidNotSucceed3: 'status',
  CORSAllowOriginNotMatchingOrigin: 'value',
  CORSInvalidAllowMethod: 'value',
  CORSInvalidAllowHeader: 'value',
  CORSMissingAllowHeaderFromPreflight2: 'header',
};

const PREFLIGHT_KEYS = new Set<string>([
  'CORSPreflightDidNotSucceed3',
  'CORSMethodNotFound',
  'CORSMissingAllowHeaderFromPreflight2',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
]);

/** The status sentence that ends some messages, with the bracket and stop that close the reason. */
const STATUS_TAIL = /[)）]?[.。]?\s*[^.。)）]*%2\$S[.。]?$/;
const CLOSING = /[)）]?[.。]?$/;

export interface FirefoxSplit {
  readonly frame: string;
  readonly reason: string;
  readonly tail: string;
}

/** Splits one Firefox template into frame (up to and with the label), reason and tail. */
export function splitFirefox(template: string, key: string): FirefoxSplit | null {
  const afterUrl = template.indexOf('%1$S');
  const label = REASON_LABEL.exec(template.slice(afterUrl));
  if (afterUrl === -1 || !label || label.index === undefined) return null;
  const reasonStart = afterUrl + label.index + label[0].length;
  const rest = template.slice(reasonStart);
  const hasStatus = SECOND_ARG[key as FirefoxMessageKey] === 'status';
  const end = (hasStatus ? STATUS_TAIL.exec(rest) : null) ?? CLOSING.exec(rest);
  const cut = end ? end.index : rest.length;
  return { frame: template.slice(0, reasonStart), reason: rest.slice(0, cut), tail: rest.slice(cut) };
}

export function firefoxPlaceholders(key: string): Record<string, Placeholder> {
  return {
    '%1$S': { detail: 'url' },
    '%2$S': { detail: SECOND_ARG[key as FirefoxMessageKey] ?? 'value' },
  };
}

function entries(): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const locale of FIREFOX_LOCALES) {
    for (const [key, text] of Object.entries(FIREFOX_MESSAGES[locale])) {
      const code = FIREFOX_KEY_CODES[key as FirefoxMessageKey];
      // CheckLoadURIError is not a CORS line (it names two URLs and no reason label).
      if (!code || key === 'CheckLoadURIError') continue;
      const split = splitFirefox(text, key);
      if (!split) continue;
      out.push({
        locale,
        key,
        code,
        ...split,
        placeholders: firefoxPlaceholders(key),
        preflight: PREFLIGHT_KEYS.has(key),
      });
    }
  }
  return out;
}

export const FIREFOX_CATALOGUE: MessageCatalogue = {
  browser: 'firefox',
  displayName: 'Firefox',
  get entries() {
    return entries();
  },
};
