// A loopback API whose answers depend on the request, as real APIs' do: a WAF that refuses
// requests without a User-Agent, a Fetch-Metadata gate, content negotiation on Accept, a
// Referer check, a per-browser answer. It logs every request's raw header list, so tests can
// compare what the doctor sent with what the real browsers sent. Shared by the doctor's
// real-browser tests and the conformance harness.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './tls-cert.js';

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  /** The request's `?k=` tag, which tells the test's runs apart. */
  readonly tag: string;
  /** As received: names in their case, in order. */
  readonly headers: Array<[string, string]>;
}

export interface RequestSensitiveServer {
  /** http://127.0.0.1:port */
  readonly base: string;
  readonly log: LoggedRequest[];
  close(): Promise<void>;
}

type Answer = { status: number; headers: Record<string, string> };

/** Paths and what they require; every other request gets 403/406 without CORS headers. */
export const SENSITIVE_ROUTES: Record<string, string> = {
  '/waf': 'a User-Agent (a WAF/bot filter)',
  '/fetch-metadata': 'Sec-Fetch-Mode: cors and a Sec-Fetch-Site (a Fetch-Metadata gate)',
  '/accept': 'an Accept that admits application/json (406 otherwise)',
  '/referer': "a Referer from the page's origin",
  '/firefox-only': 'a Firefox User-Agent (CORS headers only for Firefox)',
  '/echo': 'nothing: it allows the origin with credentials, PUT, Authorization and Content-Type',
};

export async function startRequestSensitiveServer(
  pageOrigin: string,
  options: { readonly h2?: boolean } = {},
): Promise<RequestSensitiveServer> {
  const log: LoggedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    log.push({ method: req.method ?? '', path: url.pathname, tag: url.searchParams.get('k') ?? '', headers });
    const answer = route(url.pathname, req, pageOrigin);
    res.sendDate = false;
    res.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers });
    res.end(
      req.method === 'OPTIONS' || answer.status === 204 ? undefined : `${url.pathname} ${answer.status}`,
    );
  };
  // HTTP/2 over TLS (self-signed) when asked, HTTP/1.1 offered too; the compatibility API has the
  // shape the handler uses.
  const server = options.h2
    ? createSecureServer({ ...selfSignedCertificate(), allowHTTP1: true }, (req, res) =>
        handler(req as unknown as IncomingMessage, res as unknown as ServerResponse),
      )
    : createServer(handler);
  // Browsers keep HTTP/2 connections open; close() must not wait for them.
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `${options.h2 ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

const REFUSED: Answer = { status: 403, headers: {} };

function route(path: string, req: IncomingMessage, pageOrigin: string): Answer {
  const h = (name: string) => req.headers[name] as string | undefined;
  const allow = (extra: Record<string, string> = {}): Answer => ({
    status: req.method === 'OPTIONS' ? 204 : 200,
    headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', ...extra },
  });
  switch (path) {
    case '/waf':
      return h('user-agent') ? allow() : REFUSED;
    case '/fetch-metadata':
      return h('sec-fetch-mode') === 'cors' && h('sec-fetch-site') ? allow() : REFUSED;
    case '/accept': {
      const accept = h('accept') ?? '';
      return /\*\/\*|application\/json/.test(accept) ? allow() : { status: 406, headers: {} };
    }
    case '/referer':
      return h('referer')?.startsWith(`${pageOrigin}/`) ? allow() : REFUSED;
    case '/firefox-only':
      return /Firefox\//.test(h('user-agent') ?? '') ? allow() : { status: 200, headers: {} };
    case '/echo':
      return {
        status: req.method === 'OPTIONS' ? 204 : 200,
        headers: {
          'Access-Control-Allow-Origin': h('origin') ?? '*',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': 'PUT',
          'Access-Control-Allow-Headers': 'authorization, content-type',
          Vary: 'Origin',
        },
      };
    default:
      return { status: 404, headers: {} };
  }
}

export function isRequestSensitiveRoute(path: string): boolean {
  return path in SENSITIVE_ROUTES;
}
