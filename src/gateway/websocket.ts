// WebSocket upgrades through the gateway. Browsers apply no CORS to WebSockets: any page may open
// one to any server, with the user's cookies. An upstream that trusts its cookies is then open to
// Cross-Site WebSocket Hijacking. So the gateway checks the handshake's Origin against the policy
// of the path, as it would for a fetch, and refuses with 403 (and a log line) what the policy
// does not grant:
// - an Origin the policy does not allow, or a path no route covers;
// - a handshake carrying Cookie or Authorization from an Origin the policy allows only without
//   credentials (a fetch from it would never get to read a credentialed answer).
// A same-origin page (Origin equal to the gateway's own scheme and Host) and a client that sends
// no Origin at all (not a browser, so nothing to hijack) pass. Once the upstream answers 101 the
// gateway copies bytes both ways and reads none of them.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { CorsDecision } from '../policy/types.js';
import { corsRequestOf } from './cors-response.js';
import { isHopByHop, upstreamRequestHeaders } from './forwarding-headers.js';
import type { GatewayLog } from './gateway-log.js';
import type { PolicyStore } from './policy-store.js';
import { parseRequestPath, type RequestPath } from './request-path.js';
import type { RouteMatch } from './route-table.js';
import type { GatewayConfig } from './types.js';

const statusText: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  431: 'Request Header Fields Too Large',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export type UpgradeVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

/** Whether a WebSocket handshake may pass, from the CORS decision for it and its headers. */
export function judgeHandshake(
  decision: CorsDecision | undefined,
  req: IncomingMessage,
  ownOrigin: (host: string) => string,
): UpgradeVerdict {
  const origin = req.headers.origin;
  if (origin === undefined) return { allowed: true };
  const host = req.headers.host;
  if (host && origin === ownOrigin(host)) return { allowed: true };
  if (!decision) return { allowed: false, reason: 'no-route' };
  if (!decision.allowed) return { allowed: false, reason: decision.reason ?? 'origin-not-allowed' };
  const credentialed = req.headers.cookie !== undefined || req.headers.authorization !== undefined;
  const grantsCredentials = decision.headers.some(
    ([name, value]) => name.toLowerCase() === 'access-control-allow-credentials' && value === 'true',
  );
  if (credentialed && !grantsCredentials) return { allowed: false, reason: 'credentials-not-allowed' };
  return { allowed: true };
}

export class WebSocketRelay {
  readonly #upstream: URL;
  readonly #basePath: string;
  readonly #scheme: string;

  constructor(
    private readonly config: GatewayConfig,
    private readonly store: PolicyStore,
    private readonly log: GatewayLog,
    private readonly isDraining: () => boolean,
  ) {
    this.#upstream = new URL(config.upstream);
    this.#basePath = this.#upstream.pathname.replace(/\/+$/, '');
    this.#scheme = config.tls ? 'https' : 'http';
  }

  /** The server's 'upgrade' listener. */
  readonly handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const started = performance.now();
    const target = parseRequestPath(req.url);
    const route = target ? this.store.table.resolve(target) : undefined;
    const refusal = this.#precheck(req, target, route);
    if (refusal || !target || route === 'ambiguous') {
      this.#refuse(req, socket, started, refusal?.[0] ?? 400, refusal?.[1] ?? 'bad-request-target');
      return;
    }
    const decided = route?.policy.evaluate(corsRequestOf(req));
    const proceed = (decision: CorsDecision | undefined) => {
      const verdict = judgeHandshake(decision, req, (host) => `${this.#scheme}://${host}`);
      if (!verdict.allowed) {
        this.log.event('warn', 'WebSocket upgrade refused: the policy does not grant this origin', {
          origin: req.headers.origin,
          path: target.path,
          route: route?.prefix ?? null,
          reason: verdict.reason,
        });
        this.#refuse(req, socket, started, 403, verdict.reason, target.path);
        return;
      }
      this.#relay(req, socket, head, target.pathAndQuery, target.path, started);
    };
    if (decided instanceof Promise) {
      decided.then(proceed, (error: unknown) => {
        this.log.event('error', 'origin predicate failed', { error: String(error) });
        this.#refuse(req, socket, started, 403, 'policy-error', target.path);
      });
    } else proceed(decided);
  };

  /** What refuses a handshake before its origin is looked at: [status, cause], or undefined. */
  #precheck(
    req: IncomingMessage,
    target: RequestPath | undefined,
    route: RouteMatch,
  ): [number, string] | undefined {
    if (this.isDraining()) return [503, 'draining'];
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return [400, 'unsupported-upgrade'];
    if (req.rawHeaders.length > this.config.limits.maxHeaderCount * 2) return [431, 'too-many-headers'];
    if (!target) return [400, 'bad-request-target'];
    if (route === 'ambiguous') return [400, 'ambiguous-path'];
    return undefined;
  }

  #relay(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    pathAndQuery: string,
    path: string,
    started: number,
  ): void {
    const headers = upstreamRequestHeaders(
      req.rawHeaders,
      { remoteAddress: req.socket.remoteAddress ?? '', proto: this.#scheme, host: req.headers.host },
      this.config.trustProxy,
    );
    headers.push('Connection', 'Upgrade', 'Upgrade', 'websocket');
    const send = this.#upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstreamReq = send({
      hostname: this.#upstream.hostname.replace(/^\[|\]$/g, ''),
      port: this.#upstream.port || undefined,
      method: 'GET',
      path: this.#basePath + pathAndQuery,
      headers,
      agent: false,
      timeout: this.config.timeouts.upstreamHeaders || undefined,
    });
    const fail = (status: number, cause: string) => {
      upstreamReq.destroy();
      this.#refuse(req, socket, started, status, cause, path);
    };
    upstreamReq.on('timeout', () => fail(504, 'upstream-timeout'));
    upstreamReq.on('error', () => {
      if (!socket.destroyed) fail(502, 'upstream-unreachable');
    });
    upstreamReq.on('upgrade', (res, upstreamSocket, upstreamHead) => {
      upstreamReq.setTimeout(0);
      socket.write(responseHead(101, res.statusMessage, res.rawHeaders, true));
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      splice(socket, upstreamSocket, this.config.timeouts.idle);
      this.#logUpgrade(req, path, 101, started, 'upstream');
    });
    upstreamReq.on('response', (res) => {
      // The upstream declined the upgrade: pass its answer on and close.
      socket.write(responseHead(res.statusCode ?? 502, res.statusMessage, res.rawHeaders, false));
      res.pipe(socket);
      this.#logUpgrade(req, path, res.statusCode ?? 502, started, 'upstream');
    });
    socket.on('close', () => upstreamReq.destroy());
    upstreamReq.end();
  }

  #refuse(
    req: IncomingMessage,
    socket: Duplex,
    started: number,
    status: number,
    cause: string,
    path = '',
  ): void {
    const body = JSON.stringify({ error: cause, status });
    socket.end(
      `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    this.#logUpgrade(req, path, status, started, 'gateway', cause);
  }

  #logUpgrade(
    req: IncomingMessage,
    path: string,
    status: number,
    started: number,
    by: 'gateway' | 'upstream',
    error?: string,
  ): void {
    if (!this.log.accessEnabled) return;
    const origin = req.headers.origin;
    this.log.access({
      time: new Date().toISOString(),
      method: 'GET',
      path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      origin: origin ?? null,
      cors: 'none',
      allowed: status === 101,
      reason: null,
      route: null,
      by,
      ...(error ? { error } : {}),
      remote: req.socket.remoteAddress,
      upgrade: 'websocket',
    });
  }
}

/** A response head from the upstream's raw headers; hop-by-hop ones kept only for a 101. */
function responseHead(status: number, message: string | undefined, raw: string[], upgrade: boolean): string {
  let head = `HTTP/1.1 ${status} ${message || statusText[status] || ''}\r\n`;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (upgrade ? lower === 'connection' || lower === 'upgrade' : isHopByHop(lower)) continue;
    head += `${name}: ${raw[i + 1]}\r\n`;
  }
  head += upgrade ? 'Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n' : 'Connection: close\r\n\r\n';
  return head;
}

/** Copies bytes both ways until either side closes; a quiet connection is closed after `idleMs`. */
function splice(client: Duplex, upstream: Duplex, idleMs: number): void {
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  for (const side of [client, upstream]) {
    side.on('error', close);
    side.on('close', close);
    if (idleMs > 0 && 'setTimeout' in side)
      (side as Duplex & { setTimeout(ms: number, cb: () => void): void }).setTimeout(idleMs, close);
  }
  client.pipe(upstream);
  upstream.pipe(client);
}
