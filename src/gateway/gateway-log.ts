// Structured logs: one JSON line per request (the access log) and one JSON line per event
// (start, reload, problems, drain). JSON lines so any log shipper can parse them without rules.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { RefusalReason } from '../policy/types.js';
import type { AccessLogTarget } from './types.js';

export interface AccessEntry {
  readonly time: string;
  readonly method: string;
  /** Path without the query string (queries often carry tokens). */
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly origin: string | null;
  /** `none` (no Origin), `actual` or `preflight`. */
  readonly cors: 'none' | 'actual' | 'preflight';
  readonly allowed: boolean;
  /** Why the CORS grant was refused; `no-route` when no configured prefix covers the path. */
  readonly reason: RefusalReason | 'no-route' | null;
  /** Route prefix that applied, or null. */
  readonly route: string | null;
  /** Who produced the response: the upstream, or the gateway itself (preflight, health, error). */
  readonly by: 'upstream' | 'gateway';
  /** Set when the exchange failed: the cause, e.g. `upstream-unreachable`, `client-aborted`. */
  readonly error?: string;
  readonly remote: string | undefined;
  /** `websocket` for an upgrade handshake. */
  readonly upgrade?: 'websocket';
  /** HTTP version the client spoke, when not 1.1 (`2.0` over TLS with ALPN h2). */
  readonly http?: string;
}

export type EventLevel = 'info' | 'warn' | 'error';

export interface GatewayLog {
  /** False when access lines go nowhere, so callers can skip building them on the hot path. */
  readonly accessEnabled: boolean;
  access(entry: AccessEntry): void;
  event(level: EventLevel, message: string, fields?: Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface LogSinks {
  /** Where access lines go; replaces the config's target (tests use it to collect lines). */
  readonly access?: (line: string) => void;
  readonly events?: (line: string) => void;
}

function targetWriter(target: AccessLogTarget): { write: (line: string) => void; stream?: WriteStream } {
  if (target === 'off') return { write: () => {} };
  if (target === 'stdout') return { write: (line) => process.stdout.write(line) };
  if (target === 'stderr') return { write: (line) => process.stderr.write(line) };
  const stream = createWriteStream(target.file, { flags: 'a' });
  return { write: (line) => stream.write(line), stream };
}

export function createGatewayLog(target: AccessLogTarget, sinks: LogSinks = {}): GatewayLog {
  const accessWriter = sinks.access ? { write: sinks.access } : targetWriter(target);
  const writeEvent = sinks.events ?? ((line: string) => process.stderr.write(line));
  return {
    accessEnabled: sinks.access !== undefined || target !== 'off',
    access(entry) {
      accessWriter.write(`${JSON.stringify(entry)}\n`);
    },
    event(level, message, fields) {
      writeEvent(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    },
    close() {
      const stream = 'stream' in accessWriter ? accessWriter.stream : undefined;
      return new Promise((done) => (stream ? stream.end(done) : done()));
    },
  };
}
