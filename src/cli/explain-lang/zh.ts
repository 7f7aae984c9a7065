import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const ZH: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) => `已识别：${browser} 控制台消息${locales ? `（${locales}）` : ''}`,
  partial: '只粘贴了消息的一部分',
  legacy: '此消息的旧版措辞',
  labels: {
    url: 'URL',
    redirectedFrom: '重定向自',
    origin: '源',
    status: '状态码',
    header: '头',
    method: '方法',
    value: '值',
  },
  preflightFailed: '（预检请求失败）',
  cause: '原因',
  whatToCheck: '检查事项',
  fix: '修复',
  responseHeaders: '需要发送的响应头：',
  policy: 'corskit 策略（cors.json）：',
  next: '下一步：查看服务器实际返回什么',
  nextOrigin: '将 <page-origin> 替换为页面的源（scheme://host:port）。',
  truncated: (browser) => `这条 ${browser} 消息在原因之前被截断了：缺少说明问题所在的原因。`,
  askWholeLine: '请从浏览器控制台复制整行（右键 → 复制消息）并重新粘贴。',
  ambiguous: '这些词出现在多条 CORS 消息中，无法确定唯一原因。候选：',
  unknown: '无法识别为 CORS 控制台消息。',
  closest: '最接近的已知消息：',
  pasteWhole: '请粘贴浏览器控制台中的整行（对于 Firefox，“原因：”之后的部分即可）。',
  notices: {
    ...EN.notices,
    'script-side': [
      '这是页面脚本看到的错误。浏览器有意向脚本隐藏请求失败的原因，因此仅凭这段文字无法判断问题所在。',
      '打开浏览器控制台（F12）：紧挨着上方的红色消息给出了原因。请把那一行粘贴到这里。',
      '或者直接检查服务器：corskit doctor <url> --origin <page-origin>',
    ],
  },
};
