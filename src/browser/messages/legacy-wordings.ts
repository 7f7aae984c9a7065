// Wordings users still paste that no current browser prints: older Firefox and Chromium texts and
// the Spanish MDN page that seeded this project. Each says where it comes from. They are
// catalogues like the others, so the older Firefox wordings are recognised inside the whole line
// ("Cross-Origin Request Blocked: … (Reason: missing token ‘x-custom’ in …)"), with ‘ ’ quotes.
import type { CatalogueEntry, MessageCatalogue } from './catalogue.js';
import { CHROMIUM_FRAME, CHROMIUM_PLACEHOLDERS } from './chromium-catalogue.js';
import { firefoxPlaceholders, splitFirefox } from './firefox-catalogue.js';

const FIREFOX_EN_FRAME =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: ';

function firefoxLegacy(
  reason: string,
  entry: Pick<CatalogueEntry, 'code' | 'key' | 'preflight' | 'legacy'>,
  locale = 'en-US',
  frame = FIREFOX_EN_FRAME,
): CatalogueEntry {
  const split = splitFirefox(`${frame}${reason}).`, entry.key);
  if (!split) throw new Error(`legacy wording does not split: ${reason}`);
  return { locale, ...entry, ...split, placeholders: firefoxPlaceholders(entry.key) };
}

function entries(): CatalogueEntry[] {
  return [
    firefoxLegacy(
      "Hace falta la cabecera CORS 'Access-Control-Allow-Origin'",
      {
        code: 'CORSMissingAllowOrigin',
        key: 'CORSMissingAllowOrigin2',
        preflight: false,
        // Firefox es-ES itself says "falta la cabecera".
        legacy: 'MDN es: Web/HTTP/CORS/Errors/CORSMissingAllowOrigin',
      },
      'es-ES',
      'Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (Motivo: ',
    ),
    firefoxLegacy('CORS preflight channel did not succeed', {
      code: 'CORSPreflightDidNotSucceed',
      key: 'CORSPreflightDidNotSucceed3',
      preflight: true,
      legacy: 'Firefox before CORSPreflightDidNotSucceed3; MDN page title',
    }),
    firefoxLegacy(
      "missing token '%2$S' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel",
      {
        code: 'CORSMissingAllowHeaderFromPreflight',
        key: 'CORSMissingAllowHeaderFromPreflight2',
        preflight: true,
        legacy: 'Firefox before CORSMissingAllowHeaderFromPreflight2; MDN page title',
      },
    ),
    firefoxLegacy("did not find method in CORS header 'Access-Control-Allow-Methods'", {
      code: 'CORSMethodNotFound',
      key: 'CORSMethodNotFound',
      preflight: true,
      legacy: 'MDN page title of CORSMethodNotFound',
    }),
    {
      locale: 'en-US',
      key: 'InvalidAllowCredentials',
      code: 'CORSMissingAllowCredentials',
      frame: CHROMIUM_FRAME,
      reason: "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{value}'.",
      tail: '',
      placeholders: CHROMIUM_PLACEHOLDERS,
      preflight: false,
      legacy: 'Chromium < 76',
    },
  ];
}

export const LEGACY_FIREFOX_CATALOGUE: MessageCatalogue = {
  browser: 'firefox',
  displayName: 'Firefox',
  get entries() {
    return entries().filter((e) => e.frame !== CHROMIUM_FRAME);
  },
};

export const LEGACY_CHROMIUM_CATALOGUE: MessageCatalogue = {
  browser: 'chromium',
  displayName: 'Chromium',
  get entries() {
    return entries().filter((e) => e.frame === CHROMIUM_FRAME);
  },
};
