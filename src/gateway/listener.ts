// The socket side of the gateway: plain HTTP/1.1, or TLS with HTTP/2 negotiated by ALPN and
// HTTP/1.1 as the fallback (so browsers talk to the gateway as they talk to production, h2
// multiplexing included). Both kinds expose the same few operations the gateway's lifecycle needs.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { GatewayConfig } from './types.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listener {
  readonly server: Server | Http2SecureServer;
  readonly scheme: 'http' | 'https';
  /** Closes connections with no request in progress (HTTP/2 sessions get a GOAWAY). */
  closeIdle(): void;
  /** Closes every connection now. */
  closeAll(): void;
}

export async function createListener(config: GatewayConfig, handle: RequestListener): Promise<Listener> {
  return config.tls ? createTlsListener(config, handle) : createPlainListener(config, handle);
}

function createPlainListener(config: GatewayConfig, handle: RequestListener): Listener {
  const { timeouts, limits } = config;
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderSize,
      // A whole-request deadline would cut off large streamed uploads; the idle timeout, the
      // header deadline and the body deadline and rate (client-body.ts) protect against slow clients.
      requestTimeout: 0,
      headersTimeout: timeouts.clientHeaders,
      keepAliveTimeout: timeouts.keepAlive,
    },
    handle,
  );
  tune(server, config);
  return {
    server,
    scheme: 'http',
    closeIdle: () => server.closeIdleConnections(),
    closeAll: () => server.closeAllConnections(),
  };
}

async function createTlsListener(config: GatewayConfig, handle: RequestListener): Promise<Listener> {
  const { limits } = config;
  const [cert, key] = await Promise.all([readFile(config.tls!.cert), readFile(config.tls!.key)]);
  const server = createSecureServer(
    {
      cert,
      key,
      allowHTTP1: true,
      // HTTP/1.1 fallback connections get the same limits as the plain listener.
      maxHeaderSize: limits.maxHeaderSize,
      // One more than the limit so the handler can answer 431 instead of the stream being reset.
      maxHeaderListPairs: limits.maxHeaderCount + 1,
      settings: { maxHeaderListSize: limits.maxHeaderSize },
    } as Parameters<typeof createSecureServer>[0],
    handle as unknown as Parameters<typeof createSecureServer>[1],
  );
  tune(server, config);
  // The HTTP/1.1 fallback's deadlines, as on the plain listener (Node's defaults would be a 60 s
  // header deadline and a 300 s whole-request deadline that cuts off long uploads).
  Object.assign(server, {
    headersTimeout: config.timeouts.clientHeaders,
    requestTimeout: 0,
    keepAliveTimeout: config.timeouts.keepAlive,
  });
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    server,
    scheme: 'https',
    closeIdle() {
      // A GOAWAY lets streams in progress finish and refuses new ones.
      for (const session of sessions) if (!session.closed) session.close();
      // HTTP/1.1 fallback connections: close those with no response under way.
      for (const socket of sockets) {
        const tls = socket as Socket & { alpnProtocol?: string | false; _httpMessage?: unknown };
        if (tls.alpnProtocol !== 'h2' && !tls._httpMessage) socket.end();
      }
    },
    closeAll() {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Settings both listeners share. */
function tune(server: Server | Http2SecureServer, config: GatewayConfig): void {
  server.setTimeout(config.timeouts.idle);
  // One more than the limit, so the handler can tell "at the limit" from "past it" and answer 431.
  // The HTTP/2 server's HTTP/1.1 fallback reads the same property.
  (server as { maxHeadersCount: number | null }).maxHeadersCount = config.limits.maxHeaderCount + 1;
}
