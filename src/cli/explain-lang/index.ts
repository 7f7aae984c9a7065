// Which table answers: the language of the pasted line unless --lang names one. Each table is
// loaded only when it answers: `corskit explain` starts without the other eight.
import type { ExplainSentences } from './sentences.js';

export type { ExplainSentences } from './sentences.js';

const TABLES: Readonly<Record<string, () => Promise<ExplainSentences>>> = {
  en: async () => (await import('./en.js')).EN,
  es: async () => (await import('./es.js')).ES,
  fr: async () => (await import('./fr.js')).FR,
  de: async () => (await import('./de.js')).DE,
  it: async () => (await import('./it.js')).IT,
  pt: async () => (await import('./pt.js')).PT,
  ja: async () => (await import('./ja.js')).JA,
  zh: async () => (await import('./zh.js')).ZH,
  ru: async () => (await import('./ru.js')).RU,
};

/** The languages --lang accepts ("auto" follows the pasted line). */
export const EXPLAIN_LANGUAGES = ['auto', ...Object.keys(TABLES)] as const;

export const languageOf = (locale: string) => locale.split('-')[0]?.toLowerCase() ?? 'en';

/** The table loader for a language code; own keys only (`constructor` is no language). */
const loaderOf = (language: string) => (Object.hasOwn(TABLES, language) ? TABLES[language] : undefined);

/** The table for a --lang value, or for the pasted line's locale when auto; English otherwise. */
export async function sentencesFor(
  lang: string,
  lineLocale: string | undefined,
): Promise<{ lang: string; table: ExplainSentences }> {
  const wanted = lang === 'auto' ? languageOf(lineLocale ?? 'en') : languageOf(lang);
  const load = loaderOf(wanted);
  return load ? { lang: wanted, table: await load() } : { lang: 'en', table: await TABLES.en!() };
}

export const isKnownLanguage = (lang: string) => lang === 'auto' || loaderOf(languageOf(lang)) !== undefined;
