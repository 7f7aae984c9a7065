// The doctor's real HTTP client: one request per call, no redirect following (the browser model
// follows redirects itself, as a browser does), a hard timeout, and the raw response header list
// kept exactly as received (order and repeats matter: two Access-Control-Allow-Origin lines are a
// diagnosis, not noise).
import http from 'node:http';
import type { ClientHttp2Session, IncomingHttpHeaders } from 'node:http2';
import type { Readable } from 'node:stream';
import type { HeaderList, NetworkFailure, Transport, WireRequest, WireResponse } from '../browser/types.js';
import { type ConnectionPool, createConnectionPool, h2Headers } from './connection-pool.js';

export interface HttpTransportOptions {
  /** Per request, from sending to the end of the response headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Accept self-signed TLS certificates (a local dev server). Default false. */
  readonly insecure?: boolean;
}

/** Why a request got no response; the model only sees `null`, the CLI prints this. */
export interface TransportFailure {
  readonly request: WireRequest;
  readonly message: string;
}

export interface HttpTransport {
  readonly transport: Transport;
  /** Every network failure so far, in order. */
  readonly failures: TransportFailure[];
  /** Responses whose headers arrived but whose body then stalled past the timeout. */
  readonly stalledBodies: WireRequest[];
  /** Closes the kept-alive connections (the doctor keeps them open between requests, as a browser does). */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Bodies are read and thrown away; a cap keeps a huge download from stalling the doctor. */
const MAX_BODY_BYTES = 1 << 20;

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const failures: TransportFailure[] = [];
  const stalledBodies: WireRequest[] = [];
  const connections = createConnectionPool(options);
  const transport: Transport = async (request) => {
    try {
      return await send(request, options, connections, () => stalledBodies.push(request));
    } catch (error) {
      failures.push({ request, message: describeNetworkError(error, request, options) });
      const code = (error as { code?: string } | null)?.code ?? '';
      return code.startsWith('ERR_HTTP2_')
        ? ({ networkError: chromiumNetError(error), protocol: 'h2' } satisfies NetworkFailure)
        : ({ networkError: chromiumNetError(error) } satisfies NetworkFailure);
    }
  };
  return { transport, failures, stalledBodies, close: () => connections.close() };
}

/** The response as soon as its headers are in: what is answered if the body then stalls. */
interface Arrival {
  response: WireResponse | null;
}

async function send(
  request: WireRequest,
  options: HttpTransportOptions,
  connections: ConnectionPool,
  onStall: () => void,
): Promise<WireResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`unsupported scheme ${url.protocol}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const arrival: Arrival = { response: null };
  return withTimeout(timeoutMs, arrival, onStall, async (abort) => {
    if (url.protocol === 'https:' && (await connections.protocolOf(url)) === 'h2')
      return sendH2(connections.session(url), request, abort, arrival);
    return sendH1(url, request, options, connections, abort, arrival);
  });
}

async function sendH1(
  url: URL,
  request: WireRequest,
  options: HttpTransportOptions,
  connections: ConnectionPool,
  abort: AbortSignal,
  arrival: Arrival,
): Promise<WireResponse> {
  // node:https only for an https URL: an http probe starts without TLS.
  const client = url.protocol === 'https:' ? (await import('node:https')).default : http;
  const agent = await connections.agent(url);
  return new Promise<WireResponse>((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        // A flat list: Node writes it in this order, repeats as separate lines, names as given.
        headers: withHost(request.headers, url).flat(),
        agent,
        rejectUnauthorized: !options.insecure,
        signal: abort,
      },
      (res) => {
        const headers = pairs(res.rawHeaders);
        arrival.response = { status: res.statusCode ?? 0, headers, protocol: 'http/1.1' };
        drain(res, () => resolve({ status: res.statusCode ?? 0, headers, protocol: 'http/1.1' }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function sendH2(
  session: ClientHttp2Session,
  request: WireRequest,
  abort: AbortSignal,
  arrival: Arrival,
): Promise<WireResponse> {
  const url = new URL(request.url);
  return new Promise<WireResponse>((resolve, reject) => {
    const stream = session.request(h2Headers(request, url), { endStream: true, signal: abort });
    stream.on('response', (head: IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
      const headers = pairs(rawHeaders).filter(([name]) => !name.startsWith(':'));
      arrival.response = { status: Number(head[':status']), headers, protocol: 'h2' };
      drain(stream, () => resolve({ status: Number(head[':status']), headers, protocol: 'h2' }));
    });
    stream.on('error', reject);
  });
}

/** Reads and discards a body, capped; calls `done` once it ends or is cut off. */
function drain(body: Readable, done: () => void): void {
  let received = 0;
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_BODY_BYTES) body.destroy();
  });
  body.on('close', done);
  body.on('end', done);
  body.on('error', done);
}

/**
 * Runs one exchange under the timeout. Headers in but the body stalled: the response exists (a
 * browser's fetch() resolves on the headers), so it is answered and the stall reported as such
 * (`onStall`) rather than as "no response".
 */
function withTimeout(
  timeoutMs: number,
  arrival: Arrival,
  onStall: () => void,
  run: (abort: AbortSignal) => Promise<WireResponse>,
): Promise<WireResponse> {
  const controller = new AbortController();
  return new Promise<WireResponse>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new TimeoutError(timeoutMs);
      const arrived = arrival.response;
      if (arrived) {
        onStall();
        resolve(arrived);
      } else reject(error);
      controller.abort(error);
    }, timeoutMs);
    run(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(controller.signal.aborted ? controller.signal.reason : error);
      },
    );
  });
}

class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

/** HTTP/1.1 needs a Host line: the browser profile puts it first; a bare model request gets one. */
function withHost(headers: HeaderList, url: URL): HeaderList {
  return headers.some(([n]) => n.toLowerCase() === 'host') ? headers : [['Host', url.host], ...headers];
}

function pairs(raw: readonly string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i]!, raw[i + 1]!]);
  return list;
}

/** The name Chromium gives the failure (it appears in its console line: `net::ERR_CONNECTION_REFUSED`). */
export function chromiumNetError(error: unknown): string {
  if (error instanceof TimeoutError) return 'ERR_TIMED_OUT';
  const code = (error as { code?: string } | null)?.code ?? '';
  const names: Record<string, string> = {
    ECONNREFUSED: 'ERR_CONNECTION_REFUSED',
    ENOTFOUND: 'ERR_NAME_NOT_RESOLVED',
    EAI_AGAIN: 'ERR_NAME_NOT_RESOLVED',
    ECONNRESET: 'ERR_CONNECTION_RESET',
    EPIPE: 'ERR_CONNECTION_RESET',
    EHOSTUNREACH: 'ERR_ADDRESS_UNREACHABLE',
    ENETUNREACH: 'ERR_ADDRESS_UNREACHABLE',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'ERR_CERT_AUTHORITY_INVALID',
    SELF_SIGNED_CERT_IN_CHAIN: 'ERR_CERT_AUTHORITY_INVALID',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ERR_CERT_AUTHORITY_INVALID',
    ERR_TLS_CERT_ALTNAME_INVALID: 'ERR_CERT_COMMON_NAME_INVALID',
    CERT_HAS_EXPIRED: 'ERR_CERT_DATE_INVALID',
    EPROTO: 'ERR_SSL_PROTOCOL_ERROR',
    ERR_SSL_WRONG_VERSION_NUMBER: 'ERR_SSL_PROTOCOL_ERROR',
    // A reset HTTP/2 stream or session.
    ERR_HTTP2_STREAM_ERROR: 'ERR_HTTP2_PROTOCOL_ERROR',
    ERR_HTTP2_SESSION_ERROR: 'ERR_HTTP2_PROTOCOL_ERROR',
    ERR_HTTP2_GOAWAY_SESSION: 'ERR_HTTP2_PROTOCOL_ERROR',
  };
  return names[code] ?? 'ERR_FAILED';
}

/** One line a person can act on, naming the host and what went wrong. */
export function describeNetworkError(
  error: unknown,
  request: WireRequest,
  options: HttpTransportOptions,
): string {
  const { host, protocol } = new URL(request.url);
  const code = (error as { code?: string } | null)?.code;
  if (error instanceof TimeoutError)
    return `${request.method} ${request.url}: no response within ${error.timeoutMs} ms (use --timeout to wait longer)`;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${host}: connection refused (is the server running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host ${new URL(request.url).hostname}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${host} closed the connection before answering ${request.method} ${request.url}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach ${host}: no route to host`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
      return `TLS certificate of ${host} not accepted (${code})${options.insecure ? '' : '; a browser would refuse it too (--insecure to probe anyway)'}`;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake with ${host} failed: is it really ${protocol.replace(':', '')}?`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `${request.method} ${request.url}: ${code ? `${code} ` : ''}${message}`.trim();
    }
  }
}
