import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const JA: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) => `認識: ${browser} のコンソール行${locales ? ` (${locales})` : ''}`,
  partial: 'メッセージの一部だけが貼り付けられました',
  legacy: 'このメッセージの古い文言',
  labels: {
    url: 'URL',
    redirectedFrom: 'リダイレクト元',
    origin: 'オリジン',
    status: 'ステータス',
    header: 'ヘッダー',
    method: 'メソッド',
    value: '値',
  },
  preflightFailed: '(プリフライト要求が失敗しました)',
  cause: '原因',
  whatToCheck: '確認すること',
  fix: '修正',
  responseHeaders: '送信すべきレスポンスヘッダー:',
  policy: 'corskit ポリシー (cors.json):',
  next: '次の手順: サーバーが実際に何を返すかを見る',
  nextOrigin: '<page-origin> をページのオリジン (scheme://host:port) に置き換えてください。',
  truncated: (browser) => `この ${browser} の行は理由の前で切れています: 何が問題かを示す理由がありません。`,
  askWholeLine:
    'ブラウザーのコンソールから行全体をコピーして (右クリック → メッセージをコピー)、もう一度貼り付けてください。',
  ambiguous: 'この語句は複数の CORS メッセージに含まれるため、原因を一つに特定できません。候補:',
  unknown: 'CORS のコンソールメッセージとして認識できません。',
  closest: '最も近い既知のメッセージ:',
  pasteWhole: 'ブラウザーのコンソールから行全体を貼り付けてください (Firefox では「理由:」以降で十分です)。',
  notices: {
    ...EN.notices,
    'script-side': [
      'これはページのスクリプトから見えるエラーです。ブラウザーは失敗した要求の理由を意図的にスクリプトから隠すため、この文だけでは何が問題か分かりません。',
      'ブラウザーのコンソール (F12) を開いてください: すぐ上の赤い行が理由を示しています。その行をここに貼り付けてください。',
      'またはサーバーに直接問い合わせてください: corskit doctor <url> --origin <page-origin>',
    ],
  },
};
