// The Node http view shared by the Express/Connect, Koa and Fastify adapters (all sit on
// IncomingMessage/ServerResponse underneath).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsRequest } from '../../policy/types.js';
import type { HeaderAccess } from './apply-decision.js';

/** A CorsRequest over a Node request. Node joins repeated headers with ", ", which the engine accepts. */
export class NodeCorsRequest implements CorsRequest {
  readonly method: string;

  constructor(private readonly raw: IncomingMessage) {
    this.method = raw.method ?? 'GET';
  }

  header(name: string): string | readonly string[] | undefined {
    return this.raw.headers[name];
  }
}

export const nodeResponseHeaders: HeaderAccess<ServerResponse> = {
  get: (res, name) => res.getHeader(name),
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
};

/** Ends a preflight: status, no body. */
export function endPreflight(res: ServerResponse, status: number): void {
  res.statusCode = status;
  // A 204 must not carry Content-Length; other statuses say "empty" explicitly for keep-alive.
  if (status !== 204) res.setHeader('Content-Length', '0');
  res.end();
}
