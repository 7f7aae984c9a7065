import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const RU: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) => `распознано: строка консоли ${browser}${locales ? ` (${locales})` : ''}`,
  partial: 'вставлена только часть сообщения',
  legacy: 'старая формулировка этого сообщения',
  labels: {
    url: 'URL',
    redirectedFrom: 'перенаправлено с',
    origin: 'источник',
    status: 'статус',
    header: 'заголовок',
    method: 'метод',
    value: 'значение',
  },
  preflightFailed: '(предварительный запрос, preflight, не удался)',
  cause: 'Причина',
  whatToCheck: 'Что проверить',
  fix: 'Исправление',
  responseHeaders: 'Заголовки ответа, которые нужно отправлять:',
  policy: 'политика corskit (cors.json):',
  next: 'Следующий шаг: посмотреть, что на самом деле отвечает сервер',
  nextOrigin: 'Замените <page-origin> на источник страницы (схема://хост:порт).',
  truncated: (browser) =>
    `Эта строка ${browser} обрезана до причины: нет причины — слов, которые говорят, что не так.`,
  askWholeLine:
    'Скопируйте строку целиком из консоли браузера (правый щелчок → Копировать сообщение) и вставьте снова.',
  ambiguous:
    'Эти слова встречаются в нескольких сообщениях CORS, поэтому нельзя назвать одну причину. Варианты:',
  unknown: 'Не распознано как сообщение CORS из консоли.',
  closest: 'Ближайшие известные сообщения:',
  pasteWhole: 'Вставьте строку из консоли браузера целиком (для Firefox достаточно части после «Причина:»).',
  notices: {
    ...EN.notices,
    'script-side': [
      'Это то, что видит скрипт страницы. Браузеры намеренно скрывают от скриптов причину неудачного запроса, поэтому по одному этому тексту нельзя понять, что не так.',
      'Откройте консоль браузера (F12): красная строка прямо над этой называет причину. Вставьте её сюда.',
      'Или спросите сервер напрямую: corskit doctor <url> --origin <page-origin>',
    ],
  },
};
