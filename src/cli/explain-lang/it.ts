import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const IT: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) =>
    `riconosciuto: riga della console di ${browser}${locales ? ` (${locales})` : ''}`,
  partial: 'è stata incollata solo una parte del messaggio',
  legacy: 'una vecchia formulazione di questo messaggio',
  labels: {
    url: 'URL',
    redirectedFrom: 'reindirizzato da',
    origin: 'origine',
    status: 'stato',
    header: 'header',
    method: 'metodo',
    value: 'valore',
  },
  preflightFailed: '(la richiesta preliminare, il preflight, non è riuscita)',
  cause: 'Causa',
  whatToCheck: 'Cosa controllare',
  fix: 'Correzione',
  responseHeaders: 'Header di risposta da inviare:',
  policy: 'policy corskit (cors.json):',
  next: 'Passo successivo: vedere cosa risponde davvero il server',
  nextOrigin: 'Sostituire <page-origin> con l’origine della pagina (schema://host:porta).',
  truncated: (browser) =>
    `Questa riga di ${browser} è stata tagliata prima del motivo: manca il motivo, le parole che dicono cosa non va.`,
  askWholeLine:
    'Copiare la riga intera dalla console del browser (clic destro → Copia messaggio) e incollarla di nuovo.',
  ambiguous: 'Queste parole compaiono in più messaggi CORS: non si può indicare un’unica causa. Candidati:',
  unknown: 'Non riconosciuto come messaggio CORS della console.',
  closest: 'Messaggi noti più simili:',
  pasteWhole:
    'Incollare la riga intera della console del browser (per Firefox basta la parte dopo "Motivo:").',
  notices: {
    ...EN.notices,
    'script-side': [
      'È ciò che vede lo script della pagina. I browser nascondono di proposito agli script il motivo di una richiesta fallita, quindi questo testo da solo non dice cosa non va.',
      'Aprire la console del browser (F12): la riga rossa appena sopra indica il motivo. Incollare qui quella riga.',
      'Oppure interrogare direttamente il server: corskit doctor <url> --origin <page-origin>',
    ],
  },
};
