// The loopback servers of a conformance run: the page origin (blank page, sandboxed page, and the
// same-origin scenario URLs), the API origin and a second cross origin ("other"), all answering
// scenario URLs with the scenario's raw status and header list, plus a port nothing listens on.
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { constants, createSecureServer, Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { blankPage } from '../test/support/browsers.js';
import { selfSignedCertificate } from '../test/support/tls-cert.js';
import { isBodiless, type Origins, parseCasePath, replyFor, type Scenario } from './scenario.js';
import { onTheWire, schemeOf, type WireVariant } from './wire.js';

/** One request as it reached a server: what the browser actually sent. */
export interface ServerHit {
  step: number;
  method: string;
  origin: string | null;
  requestMethod: string | null;
  requestHeaders: string | null;
  cookie: boolean;
  authorization: boolean;
}

export interface ConformanceServers {
  origins: Origins;
  pageUrl: string;
  sandboxedPageUrl: string;
  /** Hits per scenario id since the last `clearHits()`. */
  hits: Map<string, ServerHit[]>;
  /**
   * `{api}/warmup/<k>`: a preflight-cache warm-up URL (PUT allowed for any origin, Max-Age 600) and
   * the methods that reached it, per k.
   */
  warmupUrl(k: number): string;
  warmupHits: Map<number, string[]>;
  clearHits(): void;
  close(): Promise<void>;
}

export async function startConformanceServers(
  scenarios: readonly Scenario[],
  variant: WireVariant = 'h1',
): Promise<ConformanceServers> {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const hits = new Map<string, ServerHit[]>();
  // Origins are known only once every server listens; handlers read them lazily.
  const origins: Origins = { page: '', api: '', other: '', closed: '' };

  /** The scenario's answer to one request, or null when the path names no scenario step. */
  const answer = (method: string, url: string, headers: IncomingMessage['headers']) => {
    const target = parseCasePath(url);
    const scenario = target ? byId.get(target.id) : undefined;
    const reply = target && scenario ? replyFor(scenario, target.step, method, origins) : null;
    if (!target || !scenario || !reply) return null;
    const list = hits.get(scenario.id) ?? [];
    list.push(hitOf(method, headers, target.step));
    hits.set(scenario.id, list);
    const body = isBodiless(reply.status, method) ? '' : `body of ${scenario.id} step ${target.step}`;
    return { ...reply, headers: onTheWire(variant, reply.headers), body };
  };

  const warmupHits = new Map<number, string[]>();
  const answerWarmup = (req: IncomingMessage, res: ServerResponse): boolean => {
    const match = /^\/warmup\/(\d+)$/.exec(req.url ?? '');
    if (!match) return false;
    const k = Number(match[1]);
    warmupHits.set(k, [...(warmupHits.get(k) ?? []), req.method ?? '']);
    const headers = ['Access-Control-Allow-Origin', '*'];
    if (req.method === 'OPTIONS')
      headers.push('Access-Control-Allow-Methods', 'PUT', 'Access-Control-Max-Age', '600');
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers).end();
    return true;
  };

  const answerScenario = (req: IncomingMessage, res: ServerResponse): void => {
    if (answerWarmup(req, res)) return;
    const reply = answer(req.method ?? 'GET', req.url ?? '', req.headers);
    if (!reply) {
      res.writeHead(404, ['Content-Type', 'text/plain']).end('no such scenario');
      return;
    }
    if (reply.reset) {
      // On HTTP/2 the stream is reset (the connection carries other requests); on 1.1 the socket.
      const h2 = res as unknown;
      if (h2 instanceof Http2ServerResponse) h2.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      else req.socket.destroy();
      return;
    }
    // A flat [name, value, name, value…] list sends repeats and casing exactly as written.
    res.writeHead(reply.status, reply.headers.flat());
    res.end(reply.body || undefined);
  };

  // Node's parser refuses methods it does not know (`FOO`) and lower-case ones (`patch`, which
  // fetch() does not normalise); answer those from the raw bytes so such scenarios stay testable.
  const answerUnparsed = (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void => {
    const raw = error.code === 'HPE_INVALID_METHOD' ? error.rawPacket?.toString('latin1') : undefined;
    const request = raw ? parseRawRequest(raw) : null;
    const reply = request ? answer(request.method, request.url, request.headers) : null;
    if (!reply || reply.reset) {
      socket.destroy();
      return;
    }
    const head = [
      `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Unknown'}`,
      ...reply.headers.map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${Buffer.byteLength(reply.body)}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${reply.body}`);
  };

  const listen = (handler: Handler, onUnparsed: (error: Error, socket: Duplex) => void) =>
    variant === 'h2' ? listenH2(handler) : listenH1(handler, onUnparsed);
  const page = await listen((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/c/')) return answerScenario(req, res);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const headers: Record<string, string> = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    };
    // An opaque-origin document: its fetches carry `Origin: null`.
    if (path.startsWith('/sandboxed')) headers['content-security-policy'] = 'sandbox allow-scripts';
    res.writeHead(200, headers).end(blankPage('corskit conformance', path));
  }, answerUnparsed);
  const api = await listen(answerScenario, answerUnparsed);
  const other = await listen(answerScenario, answerUnparsed);
  origins.page = page.origin;
  origins.api = api.origin;
  origins.other = other.origin;
  origins.closed = await closedOrigin(schemeOf(variant));

  return {
    origins,
    pageUrl: `${page.origin}/`,
    sandboxedPageUrl: `${page.origin}/sandboxed`,
    hits,
    clearHits: () => hits.clear(),
    warmupUrl: (k) => `${api.origin}/warmup/${k}`,
    warmupHits,
    close: async () => {
      await Promise.all([page.close(), api.close(), other.close()]);
    },
  };
}

function hitOf(method: string, headers: IncomingMessage['headers'], step: number): ServerHit {
  const header = (name: string): string | null => {
    const value = headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    step,
    method,
    origin: header('origin'),
    requestMethod: header('access-control-request-method'),
    requestHeaders: header('access-control-request-headers'),
    cookie: headers.cookie !== undefined,
    authorization: headers.authorization !== undefined,
  };
}

function parseRawRequest(
  raw: string,
): { method: string; url: string; headers: IncomingMessage['headers'] } | null {
  const [head] = raw.split('\r\n\r\n');
  const [requestLine, ...headerLines] = (head ?? '').split('\r\n');
  const match = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(requestLine ?? '');
  if (!match) return null;
  const headers: IncomingMessage['headers'] = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method: match[1]!, url: match[2]!, headers };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listenH1(
  handler: Handler,
  onUnparsed: (error: Error, socket: Duplex) => void,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    // No Date header: the scenario's header list is all the browser sees besides framing headers.
    res.sendDate = false;
    handler(req, res);
  });
  server.on('clientError', onUnparsed);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** HTTP/2 only (no HTTP/1.1 fallback), over TLS with a certificate made for this run. */
async function listenH2(handler: Handler): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createSecureServer({ ...selfSignedCertificate(), allowHTTP1: false }, (req, res) => {
    res.sendDate = false;
    // The compatibility API has the same shape for what the handlers use (url, method, headers,
    // writeHead with a flat list, end).
    handler(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  });
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that was free a moment ago and that nothing listens on now. */
async function closedOrigin(scheme: 'http' | 'https'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `${scheme}://127.0.0.1:${port}`;
}
