import type { ExplainSentences } from './sentences.js';

export const EN: ExplainSentences = {
  recognised: (browser, locales) => `recognised: ${browser} console line${locales ? ` (${locales})` : ''}`,
  partial: 'only part of the message was pasted',
  legacy: 'an older wording of this message',
  labels: {
    url: 'URL',
    redirectedFrom: 'redirected from',
    origin: 'origin',
    status: 'status',
    header: 'header',
    method: 'method',
    value: 'value',
  },
  preflightFailed: '(the preflight request failed)',
  cause: 'Cause',
  whatToCheck: 'What to check',
  fix: 'Fix',
  responseHeaders: 'Response headers to send:',
  policy: 'corskit policy (cors.json):',
  next: 'Next: see what the server really answers',
  nextOrigin: 'Replace <page-origin> with the origin of the page (scheme://host:port).',
  truncated: (browser) =>
    `This ${browser} line was cut before its reason: the reason — the words that say what is wrong — is missing.`,
  askWholeLine:
    'Copy the whole line from the browser console (right-click → Copy message) and paste it again.',
  ambiguous: 'These words appear in several CORS messages, so no single cause can be named. Candidates:',
  unknown: 'Not recognised as a CORS console message.',
  reasonless: 'This line names no CORS reason.',
  closest: 'Closest known messages:',
  pasteWhole:
    'Paste the whole line from the browser console (the part after "Reason:" is enough for Firefox).',
  notices: {
    'script-side': [
      "This is what the page's script sees. Browsers hide the reason of a failed request from scripts on purpose (a page must not learn about other origins), so this text alone cannot say what is wrong.",
      'Open the browser console (F12): the red line just above names the reason. Paste that line here.',
      'Or ask the server directly: corskit doctor <url> --origin <page-origin>',
    ],
    'file-scheme': [
      'The page was opened from a file (file://). Chromium refuses fetch() and XHR from file pages to anything but a few schemes, and a file page has the origin "null".',
      'Serve the page over http instead, e.g. `npx serve .` or `python3 -m http.server`, and open http://localhost:<port>/.',
    ],
    'private-network': [
      "Chromium's Private/Local Network Access: a page on a more public address (a public site, or a non-secure page) fetched a more private one (a LAN address or localhost).",
      "The server must answer the preflight with 'Access-Control-Allow-Private-Network: true' (Private Network Access) and the page must be served over https; with Local Network Access (Chromium 142+) the user must also grant the permission.",
    ],
    'companion-only': [
      'This is the network line Chromium prints next to a CORS error; the reason is on the line above it ("Access to fetch at … has been blocked by CORS policy: …"). Paste both lines.',
    ],
  },
};
