// The scan zoo: local servers, each with one planted CORS flaw (the way it is written in real
// code), plus a correct corskit server. Every server trusts https://www.example.com; the scan is
// run with `--origin https://www.example.com` and must report exactly `expected`.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import corsPackage from 'cors';
import express from 'express';
import { cors as corskit } from '../../src/adapters/node.js';
import type { FindingClass } from '../../src/scan/types.js';
import { listen, type RunningServer } from './zoo-server.js';

export const TRUSTED = 'https://www.example.com';

export interface ZooAnimal {
  readonly name: string;
  /** The classes the scan must report, exactly. */
  readonly expected: readonly FindingClass[];
  start(): Promise<RunningServer>;
}

const BODY = JSON.stringify({ items: [1, 2, 3], secret: 'session data' });

function respond(res: ServerResponse): void {
  res.setHeader('Content-Type', 'application/json');
  res.end(BODY);
}

/** A hand-written CORS layer: `accept(origin)` decides; headers set the way such code usually does. */
function handWritten(
  accept: (origin: string) => boolean,
  options: { vary?: boolean; credentials?: boolean } = {},
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (options.vary !== false) res.setHeader('Vary', 'Origin');
    if (origin && accept(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      if (options.credentials !== false) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
      res.statusCode = 204;
      res.end();
      return;
    }
    respond(res);
  };
}

function expressWith(middleware: express.RequestHandler): RequestListener {
  const app = express();
  app.use(middleware);
  app.get('/api/items', (_req, res) => {
    res.json({ items: [1, 2, 3], secret: 'session data' });
  });
  return app as unknown as RequestListener;
}

export const ZOO: readonly ZooAnimal[] = [
  {
    name: 'cors package, origin: true + credentials: true (reflects every origin)',
    expected: ['reflect-any-origin'],
    start: () => listen(expressWith(corsPackage({ origin: true, credentials: true }))),
  },
  {
    // The unanchored RegExp also lacks a scheme anchor, so it trusts http:// too: two real flaws.
    name: 'cors package, origin: /example\\.com$/ (unanchored RegExp)',
    expected: ['suffix-match', 'http-origin-trusted'],
    start: () => listen(expressWith(corsPackage({ origin: /example\.com$/, credentials: true }))),
  },
  {
    name: 'trusts "null" (for file: pages)',
    expected: ['null-origin'],
    start: () => listen(handWritten((o) => o === TRUSTED || o === 'null')),
  },
  {
    name: 'origin.startsWith(trusted)',
    expected: ['prefix-match'],
    start: () => listen(handWritten((o) => o.startsWith(TRUSTED))),
  },
  {
    name: "origin.startsWith('https://') && origin.endsWith('example.com')",
    expected: ['suffix-match'],
    start: () => listen(handWritten((o) => o.startsWith('https://') && o.endsWith('example.com'))),
  },
  {
    name: 'trusted.includes(origin)',
    expected: ['substring-match'],
    start: () => listen(handWritten((o) => o.length > 8 && TRUSTED.includes(o))),
  },
  {
    name: 'RegExp with unescaped dots: /^https:\\/\\/www.example.com$/',
    expected: ['unescaped-dot'],
    start: () => listen(handWritten((o) => /^https:\/\/www.example.com$/.test(o))),
  },
  {
    name: 'http:// and https:// both listed',
    expected: ['http-origin-trusted'],
    start: () => listen(handWritten((o) => [TRUSTED, 'http://www.example.com'].includes(o))),
  },
  {
    name: 'every subdomain: /^https:\\/\\/([a-z0-9-]+\\.)*example\\.com$/',
    expected: ['any-subdomain'],
    start: () => listen(handWritten((o) => /^https:\/\/([a-z0-9-]+\.)*example\.com$/.test(o))),
  },
  {
    name: 'host cut at the first unexpected character: /^https:\\/\\/([a-z0-9.-]+)/',
    expected: ['special-character-bypass'],
    start: () => listen(handWritten((o) => /^https:\/\/([a-z0-9.-]+)/.exec(o)?.[1] === 'www.example.com')),
  },
  {
    name: 'GitHub Pages trusted: *.github.io',
    expected: ['third-party-origin'],
    start: () => listen(handWritten((o) => o === TRUSTED || /^https:\/\/[a-z0-9-]+\.github\.io$/.test(o))),
  },
  {
    name: 'Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true',
    expected: ['wildcard-with-credentials'],
    start: () =>
      listen((_req, res) => {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        respond(res);
      }),
  },
  {
    name: 'the app and a proxy both add Access-Control-Allow-Origin',
    expected: ['multiple-allow-origin'],
    start: () =>
      listen((req, res) => {
        const fromApp = req.headers.origin === TRUSTED ? [TRUSTED] : [];
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Allow-Origin', [...fromApp, TRUSTED]);
        respond(res);
      }),
  },
  {
    name: 'allow-list reflected without Vary: Origin',
    expected: ['missing-vary-origin'],
    start: () => listen(handWritten((o) => o === TRUSTED, { vary: false })),
  },
  {
    name: 'GET checks the list, the OPTIONS handler reflects every origin',
    expected: ['preflight-any-origin'],
    start: () =>
      listen((req, res) => {
        const origin = req.headers.origin;
        res.setHeader('Vary', 'Origin');
        if (req.method === 'OPTIONS' && origin) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, DELETE');
          res.setHeader(
            'Access-Control-Allow-Headers',
            String(req.headers['access-control-request-headers'] ?? ''),
          );
          res.statusCode = 204;
          res.end();
          return;
        }
        if (origin === TRUSTED) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
        }
        respond(res);
      }),
  },
  {
    name: 'correct: corskit with an allow-list and credentials',
    expected: [],
    start: () => {
      const handle = corskit({
        origins: [TRUSTED, 'https://admin.example.com'],
        credentials: true,
        methods: ['PUT', 'DELETE'],
        requestHeaders: ['authorization', 'content-type'],
      });
      return listen(async (req, res) => {
        if (await handle(req, res)) return;
        respond(res);
      });
    },
  },
];
