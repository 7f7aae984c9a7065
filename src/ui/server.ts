// `corskit ui`: a node:http server for the page, its two assets and the JSON API. Every request
// passes the Host/Origin guard first; bodies are size-capped; errors answer JSON, never a stack.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api.js';
import { clientScript } from './client.js';
import { allowedHosts, checkRequest } from './guard.js';
import { PAGE_CSS, PAGE_HTML } from './page.js';

export interface UiOptions {
  /** Default 4870; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface RunningUi {
  /** http://host:port/ as the user opens it. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY: Record<string, number> = { '/api/har': 64 << 20 };
const DEFAULT_MAX_BODY = 64 << 10;

/** Content-Security-Policy: the page loads only itself; it can connect only to itself. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ASSETS: Record<string, { type: string; body: () => string }> = {
  '/': { type: 'text/html; charset=utf-8', body: () => PAGE_HTML },
  '/app.css': { type: 'text/css; charset=utf-8', body: () => PAGE_CSS },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: clientScript },
};

export async function startUi(options: UiOptions = {}): Promise<RunningUi> {
  const host = options.host ?? '127.0.0.1';
  let hosts = new Set<string>();
  const server: Server = createServer((req, res) => {
    handle(req, res, hosts).catch(() => send(res, 500, { error: 'internal error' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4870, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts({ host, port });
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, hosts: ReadonlySet<string>): Promise<void> {
  const guard = checkRequest(req, hosts);
  if (!guard.ok) return send(res, 403, { error: `refused: ${guard.reason}` });
  const path = new URL(req.url ?? '/', 'http://ui.invalid').pathname;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const asset = ASSETS[path];
    if (!asset) return send(res, 404, { error: 'not found' });
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type });
    res.end(req.method === 'HEAD' ? undefined : asset.body());
    return;
  }
  if (req.method !== 'POST' || !path.startsWith('/api/'))
    return send(res, 405, { error: 'method not allowed' });
  const text = await readBody(req, MAX_BODY[path] ?? DEFAULT_MAX_BODY);
  if (text === null) return send(res, 413, { error: 'request body too large' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return send(res, 400, { error: 'the request body is not JSON' });
  }
  const answer = await handleApi(path, body);
  send(res, answer.status, answer.body);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
