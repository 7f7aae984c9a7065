// A running gateway: the HTTP server, the keep-alive pool to the upstream, the policies in force,
// and the lifecycle around them (reload, drain on SIGTERM).
import type { AddressInfo, Socket } from 'node:net';
import { Pool } from 'undici';
import { createGatewayLog, type GatewayLog, type LogSinks } from './gateway-log.js';
import { createListener, type Listener } from './listener.js';
import { type PolicySnapshot, PolicyStore, type ReloadOutcome } from './policy-store.js';
import { type HandlerState, ProxyHandler } from './proxy-handler.js';
import type { GatewayConfig } from './types.js';
import { WebSocketRelay } from './websocket.js';

export interface Gateway {
  /** `http://host:port` the gateway listens on. */
  readonly url: string;
  readonly address: AddressInfo;
  readonly config: GatewayConfig;
  readonly log: GatewayLog;
  /** Re-reads and validates the policies; keeps the old ones when any problem is found. */
  reload(reason?: string): Promise<ReloadOutcome>;
  /** Stops accepting, lets in-flight requests finish (up to timeouts.drain), then closes. */
  drain(): Promise<void>;
  /** Number of requests currently being handled. */
  inFlight(): number;
}

export interface StartOptions {
  readonly logSinks?: LogSinks;
  /** Watch policy files for changes (default true). */
  readonly watch?: boolean;
  /** Start from these policies instead of reading the files (a worker started by a primary). */
  readonly snapshot?: PolicySnapshot;
}

export async function startGateway(config: GatewayConfig, options: StartOptions = {}): Promise<Gateway> {
  const log = createGatewayLog(config.accessLog, options.logSinks);
  const store = await PolicyStore.open(config, log, options.snapshot);
  const { timeouts } = config;
  const pool = new Pool(new URL(config.upstream).origin, {
    connections: config.upstreamConnections,
    pipelining: 1,
    connectTimeout: timeouts.upstreamConnect,
    headersTimeout: timeouts.upstreamHeaders,
    bodyTimeout: timeouts.upstreamBody,
    keepAliveTimeout: 4_000,
  });
  const state: HandlerState = { draining: false, inFlight: 0, upstreamActive: 0 };
  const handler = new ProxyHandler(config, pool, store, log, state);
  const listener = await createListener(config, handler.handle);
  const { server } = listener;
  server.on('upgrade', new WebSocketRelay(config, store, log, () => state.draining).handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    refuseMalformed(error, socket, log),
  );
  await listen(server, config.host, config.port);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${listener.scheme}://${host}:${address.port}`;
  if (options.watch !== false) store.watch();
  log.event('info', 'gateway listening', {
    url,
    pid: process.pid,
    upstream: config.upstream,
    health: config.healthPath,
    routes: store.table.routes.map((r) => ({ prefix: r.prefix, source: r.source })),
  });

  let draining: Promise<void> | undefined;
  return {
    url,
    address,
    config,
    log,
    reload: (reason = 'requested') => store.reload(reason),
    inFlight: () => state.inFlight,
    drain() {
      draining ??= drainServer(listener, pool, store, log, state, timeouts.drain);
      return draining;
    },
  };
}

function listen(server: Listener['server'], host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function drainServer(
  listener: Listener,
  pool: Pool,
  store: PolicyStore,
  log: GatewayLog,
  state: HandlerState,
  timeoutMs: number,
): Promise<void> {
  state.draining = true;
  store.unwatch();
  log.event('info', 'draining: no new connections, finishing in-flight requests', {
    inFlight: state.inFlight,
  });
  const { server } = listener;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  listener.closeIdle();
  // Keep-alive connections that finish a response while draining are closed by `Connection: close`;
  // the sweep below catches ones that go idle without another request.
  const sweep = setInterval(() => listener.closeIdle(), 100);
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout').unref());
  const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline]);
  clearInterval(sweep);
  if (outcome === 'timeout') {
    log.event('warn', 'drain timeout reached, closing remaining connections', { inFlight: state.inFlight });
    listener.closeAll();
    await closed;
  }
  await pool.close().catch(() => pool.destroy());
  log.event('info', 'gateway stopped');
  await log.close();
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** A request Node's parser refused (bad bytes, oversized headers, CL+TE): answer it and close. */
function refuseMalformed(error: NodeJS.ErrnoException, socket: Socket, log: GatewayLog): void {
  const code = error.code ?? 'unknown';
  // A response already under way on this socket cannot be followed by another status line.
  const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: 'malformed-request', status, message: `request refused (${code})` });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  log.access({
    time: new Date().toISOString(),
    method: '',
    path: '',
    status,
    ms: 0,
    origin: null,
    cors: 'none',
    allowed: false,
    reason: null,
    route: null,
    by: 'gateway',
    error: `malformed-request:${code}`,
    remote: socket.remoteAddress,
  });
}
