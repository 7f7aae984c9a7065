// The UI is a local server that makes requests on its user's behalf, so it answers only itself.
// A request whose Host is not the UI's own address is a DNS-rebinding attempt (a hostile name
// resolving to 127.0.0.1); one whose Origin is another site is a page probing the user's network.
// Both are refused before any route runs.
import type { IncomingMessage } from 'node:http';

export interface UiAddress {
  /** The host the server is bound to (`127.0.0.1`, `::1`, `0.0.0.0`…). */
  readonly host: string;
  readonly port: number;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Every `host:port` the UI is reachable as, as a browser writes it in Host. */
export function allowedHosts(address: UiAddress): Set<string> {
  const bound = address.host.includes(':') ? `[${address.host}]` : address.host;
  const names = new Set([bound]);
  if (isLoopbackOrAny(address.host)) for (const name of LOOPBACK_NAMES) names.add(name);
  return new Set([...names].map((name) => `${name}:${address.port}`.toLowerCase()));
}

function isLoopbackOrAny(host: string): boolean {
  return (
    host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '0.0.0.0' || host === '::'
  );
}

export type GuardVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function checkRequest(req: IncomingMessage, hosts: ReadonlySet<string>): GuardVerdict {
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return { ok: false, reason: 'Host is not this corskit ui' };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      const url = new URL(origin);
      originHost = url.protocol === 'http:' ? url.host.toLowerCase() : null;
    } catch {
      originHost = null;
    }
    if (!originHost || !hosts.has(originHost)) return { ok: false, reason: 'Origin is not this corskit ui' };
  }
  // A cross-site page can still send a simple POST without Origin in old browsers; the API takes
  // only application/json, which no cross-site page can send without a preflight we never grant.
  if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return { ok: false, reason: 'the API takes Content-Type: application/json' };
  return { ok: true };
}
