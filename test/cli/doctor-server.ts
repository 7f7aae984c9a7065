// One local API with a path per behaviour the doctor must diagnose: correct CORS, missing headers,
// the classic traps. Shared by the CLI tests and the real-browser comparison.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cors } from '../../src/adapters/node.js';
import { listen, type RunningServer } from '../scan-zoo/zoo-server.js';

export interface DoctorServer {
  /** http://127.0.0.1:port, no trailing slash. */
  readonly base: string;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startDoctorServer(pageOrigin: string): Promise<DoctorServer> {
  const corskit = cors({
    origins: [pageOrigin],
    credentials: true,
    methods: ['PUT', 'DELETE'],
    requestHeaders: ['authorization', 'content-type', 'x-request-id'],
  });
  let base = '';
  const routes: Record<string, Route> = {
    '/ok': async (req, res) => {
      if (await corskit(req, res)) return;
      res.end('ok');
    },
    '/no-cors': (_req, res) => {
      res.end('no cors headers');
    },
    // The handler crashes and the error path sends no CORS headers.
    '/boom': (_req, res) => {
      res.statusCode = 500;
      res.end('Internal Server Error');
    },
    // Authentication middleware runs before CORS and refuses the credential-less preflight.
    '/auth': (req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api"' });
        res.end('unauthorized');
        return;
      }
      res.writeHead(200, { 'Access-Control-Allow-Origin': pageOrigin });
      res.end('secret');
    },
    '/to-https': (req, res) => {
      res.writeHead(301, { Location: `https://${req.headers.host}/to-https` });
      res.end();
    },
    '/items': (_req, res) => {
      res.writeHead(308, { Location: `${base}/items/` });
      res.end();
    },
    '/star': (req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'PUT' });
        res.end();
        return;
      }
      res.end('public');
    },
    // The application and a proxy in front of it both add the header.
    '/twice': (req, res) => {
      res.setHeader('Access-Control-Allow-Origin', [String(req.headers.origin ?? '*'), '*']);
      res.end('twice');
    },
    // A redirect of the actual request to a server that is down.
    '/to-dead': (req, res) => {
      // Browsers CORS-check the redirect itself, so it must carry the grant to be followed.
      res.writeHead(302, {
        Location: 'http://127.0.0.1:1/gone',
        'Access-Control-Allow-Origin': String(req.headers.origin),
        Vary: 'Origin',
      });
      res.end();
    },
    '/hang': () => {
      // Never answers.
    },
  };
  const server: RunningServer = await listen(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes[path];
    if (route) await route(req, res);
    else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  base = new URL(server.url).origin;
  return { base, close: () => server.close() };
}
