import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const PT: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) =>
    `reconhecido: linha do console do ${browser}${locales ? ` (${locales})` : ''}`,
  partial: 'só parte da mensagem foi colada',
  legacy: 'uma redação antiga desta mensagem',
  labels: {
    url: 'URL',
    redirectedFrom: 'redirecionado de',
    origin: 'origem',
    status: 'status',
    header: 'cabeçalho',
    method: 'método',
    value: 'valor',
  },
  preflightFailed: '(a requisição de comprovação, o preflight, falhou)',
  cause: 'Causa',
  whatToCheck: 'O que verificar',
  fix: 'Correção',
  responseHeaders: 'Cabeçalhos de resposta a enviar:',
  policy: 'política do corskit (cors.json):',
  next: 'Próximo passo: ver o que o servidor realmente responde',
  nextOrigin: 'Substitua <page-origin> pela origem da página (esquema://host:porta).',
  truncated: (browser) =>
    `Esta linha do ${browser} foi cortada antes do motivo: falta o motivo, as palavras que dizem o que está errado.`,
  askWholeLine:
    'Copie a linha inteira do console do navegador (botão direito → Copiar mensagem) e cole novamente.',
  ambiguous:
    'Estas palavras aparecem em várias mensagens CORS, então nenhuma causa única pode ser apontada. Candidatos:',
  unknown: 'Não reconhecido como mensagem CORS do console.',
  closest: 'Mensagens conhecidas mais próximas:',
  pasteWhole: 'Cole a linha inteira do console do navegador (no Firefox basta a parte depois de "motivo:").',
  notices: {
    ...EN.notices,
    'script-side': [
      'Isto é o que o script da página vê. Os navegadores escondem de propósito dos scripts o motivo de uma requisição que falhou, então este texto sozinho não diz o que está errado.',
      'Abra o console do navegador (F12): a linha vermelha logo acima diz o motivo. Cole essa linha aqui.',
      'Ou pergunte diretamente ao servidor: corskit doctor <url> --origin <page-origin>',
    ],
  },
};
