// The request path through the gateway: health check, CORS decision, then either an answer from
// the gateway itself (preflights, errors) or a streamed exchange with the upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'undici';
import type { CorsDecision } from '../policy/types.js';
import { appendCorsHeaders, corsRequestOf, noRouteDecision } from './cors-response.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarding-headers.js';
import type { AccessEntry, GatewayLog } from './gateway-log.js';
import type { PolicyStore } from './policy-store.js';
import { parseRequestPath, type RequestPath } from './request-path.js';
import type { Route } from './route-table.js';
import type { GatewayConfig } from './types.js';
import { ClientGoneError, type ExchangeOwner, UpstreamExchange } from './upstream-exchange.js';
import { classifyUpstreamError } from './upstream-failure.js';

export interface HandlerState {
  draining: boolean;
  inFlight: number;
}

/** A request as it arrived, before its CORS decision is known. */
interface Arrival {
  readonly watch: CloseWatch;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly started: number;
  readonly remote: string | undefined;
  readonly target: RequestPath;
  readonly route: Route | undefined;
}

/** One request through the gateway; also the context its upstream exchange reports with. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly started: number;
  /** Captured up front: once a response ends, Node may detach the socket from the request. */
  readonly remote: string | undefined;
  readonly path: string;
  readonly pathAndQuery: string;
  readonly route: Route | undefined;
  readonly decision: CorsDecision;
  readonly hasBody: boolean;
  attempt: number;
  upstream: UpstreamExchange<Exchange> | undefined;
}

/** Per request, the one 'close' listener needs to reach the exchange created later (if any). */
interface CloseWatch {
  closed: boolean;
  exchange: Exchange | undefined;
}

const jsonType = 'application/json; charset=utf-8';

export class ProxyHandler implements ExchangeOwner<Exchange> {
  readonly #basePath: string;
  #warnedUpstreamCors = false;

  constructor(
    private readonly config: GatewayConfig,
    private readonly pool: Pool,
    private readonly store: PolicyStore,
    private readonly log: GatewayLog,
    readonly state: HandlerState,
  ) {
    const base = new URL(config.upstream).pathname.replace(/\/+$/, '');
    this.#basePath = base;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    // performance.now() only feeds the access log's `ms`; skip it when nobody reads the log.
    const started = this.log.accessEnabled ? performance.now() : 0;
    const remote = req.socket.remoteAddress;
    this.state.inFlight++;
    const watch: CloseWatch = { closed: false, exchange: undefined };
    res.once('close', () => {
      this.state.inFlight--;
      watch.closed = true;
      watch.exchange?.upstream?.clientClosed();
    });
    const target = parseRequestPath(req.url);
    if (!target) {
      this.#answerRaw(req, res, started, 400, {
        error: 'bad-request-target',
        message: 'the request target is not a path',
      });
      return;
    }
    if (target.path === this.config.healthPath && (req.method === 'GET' || req.method === 'HEAD')) {
      this.#answerHealth(req, res, started, target.path);
      return;
    }
    const route = this.store.table.match(target.path);
    const decided = route ? route.policy.evaluate(corsRequestOf(req)) : noRouteDecision(req);
    if (decided instanceof Promise) {
      decided.then(
        (decision) => this.#proceed({ watch, req, res, started, remote, target, route }, decision),
        (error: unknown) => {
          this.log.event('error', 'origin predicate failed', { error: String(error) });
          this.#answerRaw(req, res, started, 500, {
            error: 'policy-error',
            message: 'the CORS policy failed',
          });
        },
      );
    } else {
      this.#proceed({ watch, req, res, started, remote, target, route }, decided);
    }
  };

  #proceed(arrival: Arrival, decision: CorsDecision): void {
    const { watch, req, res, started, remote, target, route } = arrival;
    const x: Exchange = {
      req,
      res,
      started,
      remote,
      path: target.path,
      pathAndQuery: target.pathAndQuery,
      route,
      decision,
      hasBody:
        req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0',
      attempt: 0,
      upstream: undefined,
    };
    if (decision.kind === 'preflight' && !(decision.allowed && this.config.forwardPreflight)) {
      this.#answerPreflight(x);
      return;
    }
    watch.exchange = x;
    this.#forward(x, watch.closed);
  }

  #baseHeaders(): string[] {
    return this.state.draining ? ['Connection', 'close'] : [];
  }

  #answerHealth(req: IncomingMessage, res: ServerResponse, started: number, path: string): void {
    const status = this.state.draining ? 503 : 200;
    const body = JSON.stringify({ status: this.state.draining ? 'draining' : 'ok' });
    const headers = [...this.#baseHeaders(), 'Content-Type', jsonType, 'Cache-Control', 'no-store'];
    headers.push('Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    this.#logPlain(req, started, path, status);
  }

  #answerRaw(
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    status: number,
    payload: object,
  ): void {
    const body = JSON.stringify({ status, ...payload });
    res.writeHead(status, [
      ...this.#baseHeaders(),
      'Content-Type',
      jsonType,
      'Content-Length',
      String(body.length),
    ]);
    res.end(body);
    this.#logPlain(req, started, req.url ?? '', status, (payload as { error?: string }).error);
  }

  #logPlain(req: IncomingMessage, started: number, path: string, status: number, error?: string): void {
    if (!this.log.accessEnabled) return;
    this.log.access({
      time: new Date().toISOString(),
      method: req.method ?? '',
      path,
      status,
      ms: elapsed(started),
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      cors: 'none',
      allowed: false,
      reason: null,
      route: null,
      by: 'gateway',
      ...(error ? { error } : {}),
      remote: req.socket?.remoteAddress,
    });
  }

  #logExchange(x: Exchange, status: number, by: AccessEntry['by'], error?: string): void {
    if (!this.log.accessEnabled) return;
    this.log.access({
      time: new Date().toISOString(),
      method: x.req.method ?? '',
      path: x.path,
      status,
      ms: elapsed(x.started),
      origin: x.decision.origin ?? (typeof x.req.headers.origin === 'string' ? x.req.headers.origin : null),
      cors: x.decision.kind,
      allowed: x.decision.allowed,
      reason: x.decision.reason ?? (x.route || x.decision.kind === 'none' ? null : 'no-route'),
      route: x.route?.prefix ?? null,
      by,
      ...(error ? { error } : {}),
      remote: x.remote,
    });
  }

  #answerPreflight(x: Exchange): void {
    const status = x.decision.status ?? (x.decision.allowed ? 204 : 403);
    const headers = appendCorsHeaders(this.#baseHeaders(), x.decision, null);
    headers.push('Content-Length', '0');
    x.res.writeHead(status, headers);
    x.res.end();
    // The request body of a preflight is never read; drop it so the connection can be reused.
    x.req.resume();
    this.#logExchange(x, status, 'gateway');
  }

  /** The gateway's own error, with CORS headers when the origin is allowed so the browser shows it. */
  #answerFailure(x: Exchange, status: number, cause: string, message: string): void {
    const body = JSON.stringify({ error: cause, status, message });
    const headers = appendCorsHeaders(this.#baseHeaders(), x.decision, null);
    headers.push(
      'Content-Type',
      jsonType,
      'Content-Length',
      String(Buffer.byteLength(body)),
      'Cache-Control',
      'no-store',
    );
    x.res.writeHead(status, headers);
    x.res.end(body);
    this.#logExchange(x, status, 'gateway', cause);
  }

  #forward(x: Exchange, clientClosed: boolean): void {
    const { req, res } = x;
    const headers = upstreamRequestHeaders(
      req.rawHeaders,
      { remoteAddress: x.remote ?? '', proto: 'http', host: req.headers.host },
      this.config.trustProxy,
    );
    const upstream = new UpstreamExchange(res, this, x);
    x.upstream = upstream;
    if (clientClosed) upstream.clientClosed();
    this.pool.dispatch(
      {
        path: this.#basePath + x.pathAndQuery,
        method: req.method as 'GET',
        headers,
        body: x.hasBody ? req : null,
      },
      upstream,
    );
  }

  /** ExchangeOwner: the client's response headers, from the upstream's. */
  head(x: Exchange, _status: number, raw: string[]): string[] {
    const filtered = clientResponseHeaders(raw);
    if (filtered.droppedCors.length > 0) this.#warnUpstreamCors(filtered.droppedCors, x.path);
    const out = appendCorsHeaders(filtered.headers, x.decision, filtered.vary);
    if (this.state.draining) out.push('Connection', 'close');
    return out;
  }

  /** ExchangeOwner: the exchange is over, one way or another. */
  done(x: Exchange, error: Error | undefined, upstreamStatus: number, started: boolean): void {
    // A pooled keep-alive connection the upstream closed just as we reused it: retry a
    // bodiless idempotent request once on a fresh connection, as nginx does.
    if (error && x.attempt === 0 && !started && !x.hasBody && retryable(x.req.method, error)) {
      x.attempt = 1;
      this.#forward(x, false);
      return;
    }
    this.#settle(x, error, upstreamStatus, started);
  }

  #settle(x: Exchange, error: Error | undefined, upstreamStatus: number, responseStarted: boolean): void {
    if (!error) {
      this.#logExchange(x, upstreamStatus, 'upstream');
    } else if (error instanceof ClientGoneError) {
      this.#logExchange(x, upstreamStatus || 499, upstreamStatus ? 'upstream' : 'gateway', 'client-aborted');
    } else if (!responseStarted) {
      const failure = classifyUpstreamError(error);
      this.log.event('warn', 'upstream request failed', {
        path: x.path,
        cause: failure.cause,
        error: String(error),
      });
      this.#answerFailure(x, failure.status, failure.cause, failure.message);
    } else {
      // Headers are out: the only honest signal left is to cut the response short.
      x.res.destroy();
      this.#logExchange(x, upstreamStatus, 'upstream', `${classifyUpstreamError(error).cause}-mid-body`);
    }
  }

  #warnUpstreamCors(names: string[], path: string): void {
    if (this.#warnedUpstreamCors) return;
    this.#warnedUpstreamCors = true;
    this.log.event(
      'warn',
      'the upstream sends its own Access-Control-* headers; the gateway drops them and applies its policy instead (the policy is the single source of truth). This is logged once.',
      { headers: [...new Set(names)], path },
    );
  }
}

const idempotent = new Set(['GET', 'HEAD', 'OPTIONS']);
function retryable(method: string | undefined, error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return idempotent.has(method ?? '') && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET');
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 10) / 10;
