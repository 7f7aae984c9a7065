// The request path through the gateway: health check, CORS decision, then either an answer from
// the gateway itself (preflights, errors) or a streamed exchange with the upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'undici';
import type { CorsDecision } from '../policy/types.js';
import { bufferBody, SlowBodyError, watchBodyRate } from './client-body.js';
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
  /** Requests holding or waiting for an upstream connection. */
  upstreamActive: number;
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
  /** What is sent upstream: nothing, the buffered whole body, or the request stream. */
  body: Buffer | IncomingMessage | null;
  /** Stops the minimum-rate watch of a streamed body. */
  stopRateWatch: (() => void) | undefined;
  /** Counted in the requests holding or waiting for an upstream connection. */
  counted: boolean;
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
  readonly #proto: string;
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
    this.#proto = config.tls ? 'https' : 'http';
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
    if (req.rawHeaders.length > this.config.limits.maxHeaderCount * 2) {
      // Node keeps only the first maxHeadersCount lines; past them Content-Length may be gone, and
      // forwarding would send the upstream a request without its body.
      this.#refuse(req, res, started, 431, {
        error: 'too-many-headers',
        message: `more than ${this.config.limits.maxHeaderCount} header lines`,
      });
      return;
    }
    if (target.path === this.config.healthPath && (req.method === 'GET' || req.method === 'HEAD')) {
      this.#answerHealth(req, res, started, target.path);
      return;
    }
    const route = this.store.table.resolve(target);
    if (route === 'ambiguous') {
      this.#refuse(req, res, started, 400, {
        error: 'ambiguous-path',
        message: 'the path reads as different routes depending on how %2F, %5C or ";" are decoded',
      });
      return;
    }
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
      hasBody: hasBody(req),
      body: null,
      stopRateWatch: undefined,
      counted: false,
      attempt: 0,
      upstream: undefined,
    };
    if (decision.kind === 'preflight' && !(decision.allowed && this.config.forwardPreflight)) {
      this.#answerPreflight(x);
      return;
    }
    watch.exchange = x;
    if (!x.hasBody || watch.closed) {
      this.#admit(x, watch.closed);
      return;
    }
    const { limits, timeouts } = this.config;
    void bufferBody(req, limits.bodyBuffer, timeouts.clientBody).then((read) => {
      if (read.kind === 'gone') {
        this.#logExchange(x, 499, 'gateway', 'client-aborted');
      } else if (read.kind === 'timeout') {
        x.res.shouldKeepAlive = false;
        this.#answerFailure(x, 408, 'client-body-timeout', 'the request body did not arrive in time');
      } else {
        x.body = read.kind === 'whole' ? read.body : req;
        this.#admit(x, watch.closed);
      }
    });
  }

  /** Queued requests past the limit get 503: waiting without end helps no client. */
  #saturated(): boolean {
    return this.state.upstreamActive >= this.config.upstreamConnections + this.config.limits.maxQueued;
  }

  /** Takes an upstream slot (or refuses when none is left), then forwards. */
  #admit(x: Exchange, clientClosed: boolean): void {
    if (this.#saturated()) {
      // A streamed body was only partly read: the connection cannot carry another request.
      x.res.shouldKeepAlive = x.body !== x.req;
      this.#answerFailure(x, 503, 'gateway-saturated', 'too many requests are waiting for the upstream', [
        'Retry-After',
        '1',
      ]);
      return;
    }
    x.counted = true;
    this.state.upstreamActive++;
    if (x.body === x.req) {
      x.stopRateWatch = watchBodyRate(x.req, this.config.limits.minBodyRate, (error) =>
        x.upstream?.abort(error),
      );
    }
    this.#forward(x, clientClosed);
  }

  /** `Connection: close` while draining; HTTP/2 has no such header (its GOAWAY does the same). */
  #baseHeaders(req: IncomingMessage): string[] {
    return this.state.draining && req.httpVersionMajor < 2 ? ['Connection', 'close'] : [];
  }

  #answerHealth(req: IncomingMessage, res: ServerResponse, started: number, path: string): void {
    const { connections, active, queued } = this.#upstreamLoad();
    const saturated = this.#saturated();
    const state = this.state.draining ? 'draining' : saturated ? 'saturated' : queued > 0 ? 'busy' : 'ok';
    const status = this.state.draining || saturated ? 503 : 200;
    const body = JSON.stringify({ status: state, upstream: { connections, active, queued } });
    const headers = [...this.#baseHeaders(req), 'Content-Type', jsonType, 'Cache-Control', 'no-store'];
    headers.push('Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    this.#logPlain(req, started, path, status);
  }

  #upstreamLoad(): { connections: number; active: number; queued: number } {
    const connections = this.config.upstreamConnections;
    const active = this.state.upstreamActive;
    return { connections, active: Math.min(active, connections), queued: Math.max(0, active - connections) };
  }

  /** An answer that leaves the request body unread: the connection cannot be reused. */
  #refuse(req: IncomingMessage, res: ServerResponse, started: number, status: number, payload: object): void {
    res.shouldKeepAlive = false;
    this.#answerRaw(req, res, started, status, payload);
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
      ...this.#baseHeaders(req),
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
      ...httpVersionField(req),
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
      ...httpVersionField(x.req),
    });
  }

  #answerPreflight(x: Exchange): void {
    const status = x.decision.status ?? (x.decision.allowed ? 204 : 403);
    const headers = appendCorsHeaders(this.#baseHeaders(x.req), x.decision, null);
    headers.push('Content-Length', '0');
    x.res.writeHead(status, headers);
    x.res.end();
    // The request body of a preflight is never read; drop it so the connection can be reused.
    x.req.resume();
    this.#logExchange(x, status, 'gateway');
  }

  /** The gateway's own error, with CORS headers when the origin is allowed so the browser shows it. */
  #answerFailure(x: Exchange, status: number, cause: string, message: string, extra: string[] = []): void {
    const body = JSON.stringify({ error: cause, status, message });
    const headers = appendCorsHeaders([...this.#baseHeaders(x.req), ...extra], x.decision, null);
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
      { remoteAddress: x.remote ?? '', proto: this.#proto, host: req.headers.host ?? authorityOf(req) },
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
        body: x.body,
      },
      upstream,
    );
  }

  /** ExchangeOwner: the client's response headers, from the upstream's. */
  head(x: Exchange, _status: number, raw: string[]): string[] {
    const filtered = clientResponseHeaders(raw);
    if (filtered.droppedCors.length > 0) this.#warnUpstreamCors(filtered.droppedCors, x.path);
    const out = appendCorsHeaders(filtered.headers, x.decision, filtered.vary);
    out.push(...this.#baseHeaders(x.req));
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
    if (x.counted) {
      x.counted = false;
      this.state.upstreamActive--;
    }
    x.stopRateWatch?.();
    if (error instanceof SlowBodyError && !responseStarted) {
      x.res.shouldKeepAlive = false;
      this.log.event('warn', 'request body too slow, exchange abandoned', { path: x.path, remote: x.remote });
      this.#answerFailure(x, 408, 'client-body-too-slow', error.message);
    } else if (!error) {
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

/** Whether a request has a body to forward. HTTP/2 may send one without a length: its stream says. */
function hasBody(req: IncomingMessage): boolean {
  if (req.httpVersionMajor === 2)
    return !(req as unknown as { stream: { endAfterHeaders: boolean } }).stream.endAfterHeaders;
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
}

/** The access log names the HTTP version only when it is not the usual 1.1. */
const httpVersionField = (req: IncomingMessage): { http?: string } =>
  req.httpVersion === '1.1' ? {} : { http: req.httpVersion };

/** HTTP/2 requests carry the host as `:authority`. */
function authorityOf(req: IncomingMessage): string | undefined {
  const authority = req.headers[':authority'];
  return typeof authority === 'string' ? authority : undefined;
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 10) / 10;
