// Connections kept between the doctor's requests, as a browser keeps them: keep-alive HTTP/1.1
// agents, and for https one TLS connection per origin whose ALPN answer decides the protocol
// (h2 preferred, http/1.1 as fallback), reused as an HTTP/2 session when the server picked h2.
// TLS and HTTP/2 (node:https, node:tls, node:http2) are loaded on the first https URL: `corskit
// doctor` against an http server starts without them (≈ 10 ms).
import http from 'node:http';
import type { ClientHttp2Session, OutgoingHttpHeaders } from 'node:http2';
import type { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { http2OnlyFields } from '../browser/request-profile.js';
import type { WireRequest } from '../browser/types.js';

export type WireProtocol = 'h2' | 'http/1.1';

export interface ConnectionPool {
  /** The keep-alive agent for an http: or https: (HTTP/1.1) URL. */
  agent(url: URL): Promise<http.Agent>;
  /** Which protocol the URL's origin speaks: negotiated by ALPN on first use, then remembered. */
  protocolOf(url: URL): Promise<WireProtocol>;
  /** The HTTP/2 session of an origin whose protocol is h2. */
  session(url: URL): ClientHttp2Session;
  close(): void;
}

export function createConnectionPool(options: { readonly insecure?: boolean }): ConnectionPool {
  const rejectUnauthorized = !options.insecure;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  let httpsAgent: Promise<HttpsAgent> | undefined;
  const tlsAgent = () =>
    (httpsAgent ??= import('node:https').then(
      ({ default: https }) => new https.Agent({ keepAlive: true, maxSockets: 6, rejectUnauthorized }),
    ));
  const protocols = new Map<string, Promise<WireProtocol>>();
  const sessions = new Map<string, ClientHttp2Session>();

  const negotiate = async (url: URL): Promise<WireProtocol> => {
    // Both before the handshake, so that the session takes the socket over with no gap in which an
    // error on it would have no listener.
    const [{ default: tls }, { default: http2 }] = await Promise.all([
      import('node:tls'),
      import('node:http2'),
    ]);
    return new Promise((resolve, reject) => {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const socket = tls.connect({
        host,
        port: Number(url.port || 443),
        ...(isIP(host) ? {} : { servername: host }),
        ALPNProtocols: ['h2', 'http/1.1'],
        rejectUnauthorized,
      });
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        if (socket.alpnProtocol !== 'h2') {
          // This connection only told us the protocol; HTTP/1.1 requests go through the agent.
          socket.destroy();
          return resolve('http/1.1');
        }
        const session = http2.connect(url.origin, { createConnection: () => socket });
        session.on('error', () => sessions.delete(url.origin));
        session.on('close', () => {
          sessions.delete(url.origin);
          protocols.delete(url.origin);
        });
        sessions.set(url.origin, session);
        resolve('h2');
      });
    });
  };

  return {
    agent: async (url) => (url.protocol === 'https:' ? tlsAgent() : httpAgent),
    protocolOf(url) {
      let known = protocols.get(url.origin);
      if (!known) {
        known = negotiate(url);
        protocols.set(url.origin, known);
        // A failed handshake is not remembered: the next request tries again, as a browser would.
        known.catch(() => protocols.delete(url.origin));
      }
      return known;
    },
    session(url) {
      const session = sessions.get(url.origin);
      if (!session) throw new Error(`no HTTP/2 session to ${url.origin}`);
      return session;
    },
    close() {
      httpAgent.destroy();
      void httpsAgent?.then((agent) => agent.destroy());
      for (const session of sessions.values()) session.close();
      sessions.clear();
      protocols.clear();
    },
  };
}

/** Connection-specific HTTP/1.1 fields that HTTP/2 forbids (RFC 9113 §8.2.2); Host becomes :authority. */
const NOT_ON_H2 = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** The request as an HTTP/2 header block: pseudo-headers first, names lower-case, repeats kept. */
export function h2Headers(request: WireRequest, url: URL): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ':method': request.method,
    ':scheme': 'https',
    ':authority': url.host,
    ':path': `${url.pathname}${url.search}`,
  };
  for (const [rawName, value] of [...request.headers, ...http2OnlyFields(request.headers)]) {
    const name = rawName.toLowerCase();
    if (NOT_ON_H2.has(name)) continue;
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...[existing].flat().map(String), value];
  }
  return headers;
}
