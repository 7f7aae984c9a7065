// The gateway's configuration, after a config file or the command line has been read and checked.
// Everything here is plain data so a worker process can rebuild the same gateway from it.
import type { PolicyOptions } from '../policy/types.js';

/** One path prefix and the CORS policy that applies to requests under it. */
export interface RouteConfig {
  /** URL path prefix, e.g. `/api/`. The longest matching prefix wins; `/` matches everything. */
  readonly prefix: string;
  /** Inline policy options (from a YAML/JSON config file). */
  readonly policy?: PolicyOptions;
  /** Absolute path of a JSON or YAML policy file, re-read on change and on SIGHUP. */
  readonly policyFile?: string;
}

/** Size limits of what a client may send. */
export interface LimitsConfig {
  /** Largest total size of the request line and headers, in bytes; larger gets 431. */
  readonly maxHeaderSize: number;
  /** Most header lines in a request; more gets 431 (Node would otherwise drop the rest silently). */
  readonly maxHeaderCount: number;
  /**
   * Requests that may wait for a free upstream connection; past it the gateway answers 503 with
   * Retry-After instead of queueing without end.
   */
  readonly maxQueued: number;
  /**
   * Request bodies up to this size are read completely before an upstream connection is taken, so
   * a slow client never holds one; a larger body's first this-many bytes are.
   */
  readonly bodyBuffer: number;
  /** Slowest accepted upload once a body streams past `bodyBuffer`, in bytes per second (0: no floor). */
  readonly minBodyRate: number;
}

/** Every timeout, in milliseconds. 0 disables one. */
export interface TimeoutsConfig {
  /** A client connection with no traffic at all for this long is closed. */
  readonly idle: number;
  /** How long an idle keep-alive connection to a client stays open. */
  readonly keepAlive: number;
  /** A client must send its complete request headers within this time. */
  readonly clientHeaders: number;
  /** A client must deliver the buffered part of its request body (see limits.bodyBuffer) within this time; 408 otherwise. */
  readonly clientBody: number;
  /** Connecting to the upstream; exceeding it answers 504. */
  readonly upstreamConnect: number;
  /** Waiting for the upstream's response headers; exceeding it answers 504. */
  readonly upstreamHeaders: number;
  /** Longest pause between two chunks of the upstream's response body; the response is then cut off. */
  readonly upstreamBody: number;
  /** On SIGTERM, how long in-flight requests may take before connections are closed anyway. */
  readonly drain: number;
}

export interface TlsConfig {
  readonly cert: string;
  readonly key: string;
}

export type AccessLogTarget = 'stdout' | 'stderr' | 'off' | { readonly file: string };

export interface GatewayConfig {
  /** Origin of the upstream, e.g. `http://127.0.0.1:8080`; a path prefix is prepended to every request. */
  readonly upstream: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly routes: readonly RouteConfig[];
  /** Path answered by the gateway itself with 200 (503 while draining); never reaches the upstream. */
  readonly healthPath: string;
  /** Send allowed preflights on to the upstream instead of answering them (refused ones are always answered). */
  readonly forwardPreflight: boolean;
  /**
   * Match route prefixes case-sensitively. Off by default: an upstream that routes `/ADMIN` as
   * `/admin` would otherwise get the `/` policy applied to `/admin` data.
   */
  readonly caseSensitiveRoutes: boolean;
  /** Trust X-Forwarded-* from the client (true only behind a load balancer that sets them). */
  readonly trustProxy: boolean;
  /** Keep-alive connections kept open to the upstream. */
  readonly upstreamConnections: number;
  readonly limits: LimitsConfig;
  readonly timeouts: TimeoutsConfig;
  readonly accessLog: AccessLogTarget;
  /** Certificate and key (PEM file paths): the gateway then speaks TLS, with HTTP/2 by ALPN and HTTP/1.1 fallback. */
  readonly tls?: TlsConfig;
  /** Where the config came from, for reloads; undefined when built from command-line flags. */
  readonly configFile?: string;
}

export const defaultLimits: LimitsConfig = {
  maxHeaderSize: 16 * 1024,
  maxHeaderCount: 2000,
  maxQueued: 1024,
  bodyBuffer: 64 * 1024,
  minBodyRate: 1024,
};

export const defaultTimeouts: TimeoutsConfig = {
  idle: 60_000,
  keepAlive: 5_000,
  clientHeaders: 30_000,
  clientBody: 30_000,
  upstreamConnect: 10_000,
  upstreamHeaders: 30_000,
  upstreamBody: 30_000,
  drain: 30_000,
};
