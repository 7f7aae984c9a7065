// The doctor's real HTTP client: one request per call, no redirect following (the browser model
// follows redirects itself, as a browser does), a hard timeout, and the raw response header list
// kept exactly as received (order and repeats matter: two Access-Control-Allow-Origin lines are a
// diagnosis, not noise).
import http from 'node:http';
import https from 'node:https';
import type { HeaderList, NetworkFailure, Transport, WireRequest, WireResponse } from '../browser/types.js';

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
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Bodies are read and thrown away; a cap keeps a huge download from stalling the doctor. */
const MAX_BODY_BYTES = 1 << 20;

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const failures: TransportFailure[] = [];
  const stalledBodies: WireRequest[] = [];
  const transport: Transport = async (request) => {
    try {
      return await send(request, options, () => stalledBodies.push(request));
    } catch (error) {
      failures.push({ request, message: describeNetworkError(error, request, options) });
      return { networkError: chromiumNetError(error) } satisfies NetworkFailure;
    }
  };
  return { transport, failures, stalledBodies };
}

function send(
  request: WireRequest,
  options: HttpTransportOptions,
  onStall: () => void,
): Promise<WireResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new Error(`unsupported scheme ${url.protocol}`));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<WireResponse>((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: toNodeHeaders(request.headers),
        agent: false,
        rejectUnauthorized: !options.insecure,
      },
      (res) => {
        const headers = pairs(res.rawHeaders);
        headersArrived = { status: res.statusCode ?? 0, headers };
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_BODY_BYTES) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers }));
      },
    );
    let headersArrived: WireResponse | null = null;
    // Headers in, body stalled: the response exists (a browser's fetch() resolves on the headers),
    // so it is diagnosed, and the stall is reported as such rather than as "no response".
    const timer = setTimeout(() => {
      if (!headersArrived) return req.destroy(new TimeoutError(timeoutMs));
      onStall();
      resolve(headersArrived);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => reject(error));
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

/** Repeated names become arrays so Node sends one header line per value, as given. */
function toNodeHeaders(list: HeaderList): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of list) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
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
