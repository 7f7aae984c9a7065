import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const DE: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) => `erkannt: ${browser}-Konsolenzeile${locales ? ` (${locales})` : ''}`,
  partial: 'nur ein Teil der Meldung wurde eingefügt',
  legacy: 'eine ältere Fassung dieser Meldung',
  labels: {
    url: 'URL',
    redirectedFrom: 'weitergeleitet von',
    origin: 'Origin',
    status: 'Status',
    header: 'Header',
    method: 'Methode',
    value: 'Wert',
  },
  preflightFailed: '(die Preflight-Anfrage ist fehlgeschlagen)',
  cause: 'Ursache',
  whatToCheck: 'Zu prüfen',
  fix: 'Lösung',
  responseHeaders: 'Zu sendende Antwort-Header:',
  policy: 'corskit-Policy (cors.json):',
  next: 'Nächster Schritt: sehen, was der Server wirklich antwortet',
  nextOrigin: 'Ersetzen Sie <page-origin> durch den Origin der Seite (schema://host:port).',
  truncated: (browser) =>
    `Diese ${browser}-Zeile wurde vor dem Grund abgeschnitten: der Grund, der sagt, was falsch ist, fehlt.`,
  askWholeLine:
    'Kopieren Sie die ganze Zeile aus der Browser-Konsole (Rechtsklick → Meldung kopieren) und fügen Sie sie erneut ein.',
  ambiguous:
    'Diese Wörter kommen in mehreren CORS-Meldungen vor; keine einzelne Ursache lässt sich nennen. Kandidaten:',
  unknown: 'Nicht als CORS-Konsolenmeldung erkannt.',
  closest: 'Ähnlichste bekannte Meldungen:',
  pasteWhole:
    'Fügen Sie die ganze Zeile aus der Browser-Konsole ein (bei Firefox genügt der Teil nach "Grund:").',
  notices: {
    ...EN.notices,
    'script-side': [
      'Das sieht das Skript der Seite. Browser verbergen den Grund eines fehlgeschlagenen Requests absichtlich vor Skripten, daher sagt dieser Text allein nicht, was falsch ist.',
      'Öffnen Sie die Browser-Konsole (F12): die rote Zeile direkt darüber nennt den Grund. Fügen Sie diese Zeile hier ein.',
      'Oder fragen Sie den Server direkt: corskit doctor <url> --origin <page-origin>',
    ],
  },
};
