// Which table answers: the language of the pasted line unless --lang names one.
import { DE } from './de.js';
import { EN } from './en.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import { IT } from './it.js';
import { JA } from './ja.js';
import { PT } from './pt.js';
import { RU } from './ru.js';
import type { ExplainSentences } from './sentences.js';
import { ZH } from './zh.js';

export type { ExplainSentences } from './sentences.js';

const TABLES: Readonly<Record<string, ExplainSentences>> = {
  en: EN,
  es: ES,
  fr: FR,
  de: DE,
  it: IT,
  pt: PT,
  ja: JA,
  zh: ZH,
  ru: RU,
};

/** The languages --lang accepts ("auto" follows the pasted line). */
export const EXPLAIN_LANGUAGES = ['auto', ...Object.keys(TABLES)] as const;

export const languageOf = (locale: string) => locale.split('-')[0]?.toLowerCase() ?? 'en';

/** The table for a --lang value, or for the pasted line's locale when auto; English otherwise. */
export function sentencesFor(
  lang: string,
  lineLocale: string | undefined,
): { lang: string; table: ExplainSentences } {
  const wanted = lang === 'auto' ? languageOf(lineLocale ?? 'en') : languageOf(lang);
  const table = TABLES[wanted];
  return table ? { lang: wanted, table } : { lang: 'en', table: EN };
}

export const isKnownLanguage = (lang: string) => lang === 'auto' || languageOf(lang) in TABLES;
