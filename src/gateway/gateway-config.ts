// Builds a GatewayConfig from a gateway.yaml/json file or from command-line flags, reporting every
// mistake at once with where it is, instead of stopping at the first.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { PolicyOptions } from '../policy/types.js';
import { parseDocument } from './route-policies.js';
import { checkPrefix } from './route-table.js';
import {
  type AccessLogTarget,
  defaultLimits,
  defaultTimeouts,
  type GatewayConfig,
  type LimitsConfig,
  type RouteConfig,
  type TimeoutsConfig,
  type TlsConfig,
} from './types.js';
import { parseDuration, parseSize } from './units.js';

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  /** Stable kebab-case identifier of the kind of problem, for tools (set on newer problems). */
  readonly code?: string;
}

export class GatewayConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${source}: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'GatewayConfigError';
  }
}

export const defaultPort = 8787;
export const defaultHost = '127.0.0.1';
export const defaultHealthPath = '/healthz';
export const defaultUpstreamConnections = 128;

export { parseDuration, parseSize };

export function checkUpstream(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '')
    return 'is required: the URL of the service behind the gateway';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${value}" must be http: or https:`;
  if (url.search || url.hash || url.username || url.password) {
    return `"${value}" must not carry a query, fragment or credentials`;
  }
  return undefined;
}

export function checkPort(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
    ? undefined
    : `"${String(value)}" is not a port (0-65535)`;
}

type Problems = ConfigProblem[];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readRoutes(raw: unknown, baseDir: string, problems: Problems): RouteConfig[] {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    problems.push({ path: 'routes', message: 'must map at least one path prefix to a policy or policyFile' });
    return [];
  }
  const routes: RouteConfig[] = [];
  for (const [prefix, entry] of Object.entries(raw)) {
    const at = `routes["${prefix}"]`;
    const prefixProblem = checkPrefix(prefix);
    if (prefixProblem) problems.push({ path: at, message: prefixProblem });
    if (!isRecord(entry) || 'policy' in entry === 'policyFile' in entry) {
      problems.push({
        path: at,
        message: 'needs exactly one of `policy` (inline options) or `policyFile` (a path)',
      });
      continue;
    }
    if ('policyFile' in entry) {
      if (typeof entry.policyFile !== 'string' || !entry.policyFile) {
        problems.push({ path: `${at}.policyFile`, message: 'must be a file path' });
        continue;
      }
      routes.push({ prefix, policyFile: resolve(baseDir, entry.policyFile) });
    } else {
      routes.push({ prefix, policy: entry.policy as PolicyOptions });
    }
  }
  return routes;
}

function readTimeouts(raw: unknown, problems: Problems): TimeoutsConfig {
  if (raw === undefined) return defaultTimeouts;
  if (!isRecord(raw)) {
    problems.push({ path: 'timeouts', message: 'must be a mapping' });
    return defaultTimeouts;
  }
  const out: Record<string, number> = { ...defaultTimeouts };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in defaultTimeouts)) {
      problems.push({
        path: `timeouts.${key}`,
        message: `unknown; known: ${Object.keys(defaultTimeouts).join(', ')}`,
      });
      continue;
    }
    const ms = parseDuration(value);
    if (ms === undefined)
      problems.push({ path: `timeouts.${key}`, message: `"${String(value)}" is not a duration` });
    else out[key] = ms;
  }
  return out as unknown as TimeoutsConfig;
}

/** How each limit is read from a config file, and its smallest sensible value. */
const limitReaders: Record<
  keyof LimitsConfig,
  { read: (v: unknown) => number | undefined; min: number; says: string }
> = {
  maxHeaderSize: { read: parseSize, min: 1024, says: 'a size ≥ 1kb' },
  maxHeaderCount: { read: wholeNumber, min: 10, says: 'a whole number ≥ 10' },
  maxQueued: { read: wholeNumber, min: 0, says: 'a whole number ≥ 0' },
  bodyBuffer: { read: parseSize, min: 1024, says: 'a size ≥ 1kb' },
  minBodyRate: {
    read: (v) => (v === 0 ? 0 : parseSize(v)),
    min: 0,
    says: 'bytes per second, e.g. 1kb (0: no floor)',
  },
};

function wholeNumber(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

function readLimits(raw: unknown, problems: Problems): LimitsConfig {
  if (raw === undefined) return defaultLimits;
  if (!isRecord(raw)) {
    problems.push({ path: 'limits', message: 'must be a mapping' });
    return defaultLimits;
  }
  const out: Record<string, number> = { ...defaultLimits };
  for (const [key, value] of Object.entries(raw)) {
    const reader = limitReaders[key as keyof LimitsConfig];
    if (!reader) {
      problems.push({
        path: `limits.${key}`,
        message: `unknown; known: ${Object.keys(limitReaders).join(', ')}`,
        code: 'unknown-limit',
      });
      continue;
    }
    const parsed = reader.read(value);
    if (parsed === undefined || parsed < reader.min)
      problems.push({ path: `limits.${key}`, message: `must be ${reader.says}`, code: 'invalid-limit' });
    else out[key] = parsed;
  }
  return out as unknown as LimitsConfig;
}

function readTls(raw: unknown, baseDir: string, problems: Problems): TlsConfig | undefined {
  if (raw === undefined) return undefined;
  if (
    !isRecord(raw) ||
    typeof raw.cert !== 'string' ||
    typeof raw.key !== 'string' ||
    !raw.cert ||
    !raw.key
  ) {
    problems.push({
      path: 'tls',
      message: 'must be a mapping with `cert` and `key` (PEM file paths)',
      code: 'invalid-tls',
    });
    return undefined;
  }
  return { cert: resolve(baseDir, raw.cert), key: resolve(baseDir, raw.key) };
}

function readAccessLog(raw: unknown, baseDir: string, problems: Problems): AccessLogTarget {
  if (raw === undefined || raw === 'stdout' || raw === true) return 'stdout';
  if (raw === 'stderr' || raw === 'off') return raw;
  if (raw === false) return 'off';
  if (typeof raw === 'string' && raw) return { file: resolve(baseDir, raw) };
  problems.push({ path: 'accessLog', message: 'must be stdout, stderr, off or a file path' });
  return 'stdout';
}

function readBoolean(raw: unknown, path: string, problems: Problems): boolean {
  if (raw === undefined) return false;
  if (typeof raw === 'boolean') return raw;
  problems.push({ path, message: 'must be true or false' });
  return false;
}

const knownKeys = new Set([
  'upstream',
  'listen',
  'routes',
  'health',
  'forwardPreflight',
  'trustProxy',
  'caseSensitiveRoutes',
  'tls',
  'upstreamConnections',
  'limits',
  'timeouts',
  'accessLog',
]);

const optionalTls = (tls: TlsConfig | undefined): { tls?: TlsConfig } => (tls ? { tls } : {});

/** Turns a parsed gateway document into a config; relative paths resolve against `baseDir`. */
export function gatewayConfigFromDocument(doc: unknown, baseDir: string, source: string): GatewayConfig {
  const problems: Problems = [];
  if (!isRecord(doc)) throw new GatewayConfigError(source, [{ path: '', message: 'must be a mapping' }]);
  for (const key of Object.keys(doc)) {
    if (!knownKeys.has(key))
      problems.push({ path: key, message: `unknown key; known: ${[...knownKeys].join(', ')}` });
  }
  const upstreamProblem = checkUpstream(doc.upstream);
  if (upstreamProblem) problems.push({ path: 'upstream', message: upstreamProblem });
  const listen = isRecord(doc.listen) ? doc.listen : {};
  if (doc.listen !== undefined && !isRecord(doc.listen))
    problems.push({ path: 'listen', message: 'must be a mapping' });
  const host = listen.host ?? defaultHost;
  if (typeof host !== 'string' || !host)
    problems.push({ path: 'listen.host', message: 'must be a host name or address' });
  const port = listen.port ?? defaultPort;
  const portProblem = checkPort(port);
  if (portProblem) problems.push({ path: 'listen.port', message: portProblem });
  const healthPath = doc.health ?? defaultHealthPath;
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/')) {
    problems.push({ path: 'health', message: 'must be a path starting with "/"' });
  }
  const connections = doc.upstreamConnections ?? defaultUpstreamConnections;
  if (!Number.isInteger(connections) || (connections as number) < 1) {
    problems.push({ path: 'upstreamConnections', message: 'must be a positive integer' });
  }
  const config: GatewayConfig = {
    upstream: String(doc.upstream),
    host: String(host),
    port: Number(port),
    routes: readRoutes(doc.routes, baseDir, problems),
    healthPath: String(healthPath),
    forwardPreflight: readBoolean(doc.forwardPreflight, 'forwardPreflight', problems),
    trustProxy: readBoolean(doc.trustProxy, 'trustProxy', problems),
    caseSensitiveRoutes: readBoolean(doc.caseSensitiveRoutes, 'caseSensitiveRoutes', problems),
    upstreamConnections: Number(connections),
    limits: readLimits(doc.limits, problems),
    timeouts: readTimeouts(doc.timeouts, problems),
    accessLog: readAccessLog(doc.accessLog, baseDir, problems),
    ...optionalTls(readTls(doc.tls, baseDir, problems)),
    configFile: source,
  };
  if (problems.length > 0) throw new GatewayConfigError(source, problems);
  return config;
}

/** Reads and checks a gateway.yaml (or .json) file. Throws GatewayConfigError. */
export async function readGatewayConfig(file: string): Promise<GatewayConfig> {
  const path = resolve(file);
  let doc: unknown;
  try {
    doc = parseDocument(await readFile(path, 'utf8'), path);
  } catch (error) {
    throw new GatewayConfigError(path, [
      { path: '', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  return gatewayConfigFromDocument(doc, dirname(path), path);
}

export interface FlagOptions {
  readonly upstream: string;
  readonly policyFile: string;
  readonly host?: string;
  readonly port?: number;
  readonly healthPath?: string;
  readonly forwardPreflight?: boolean;
  readonly trustProxy?: boolean;
  readonly accessLog?: AccessLogTarget;
  readonly maxHeaderSize?: number;
  readonly caseSensitiveRoutes?: boolean;
  readonly tls?: TlsConfig;
  readonly timeouts?: Partial<TimeoutsConfig>;
}

/** `corskit serve --upstream URL --policy FILE`: one policy for every path. */
export function gatewayConfigFromFlags(flags: FlagOptions): GatewayConfig {
  const problems: Problems = [];
  const upstreamProblem = checkUpstream(flags.upstream);
  if (upstreamProblem) problems.push({ path: '--upstream', message: upstreamProblem });
  const port = flags.port ?? defaultPort;
  const portProblem = checkPort(port);
  if (portProblem) problems.push({ path: '--port', message: portProblem });
  if (problems.length > 0) throw new GatewayConfigError('command line', problems);
  return {
    upstream: flags.upstream,
    host: flags.host ?? defaultHost,
    port,
    routes: [{ prefix: '/', policyFile: resolve(flags.policyFile) }],
    healthPath: flags.healthPath ?? defaultHealthPath,
    forwardPreflight: flags.forwardPreflight ?? false,
    trustProxy: flags.trustProxy ?? false,
    caseSensitiveRoutes: flags.caseSensitiveRoutes ?? false,
    upstreamConnections: defaultUpstreamConnections,
    limits: { ...defaultLimits, maxHeaderSize: flags.maxHeaderSize ?? defaultLimits.maxHeaderSize },
    timeouts: { ...defaultTimeouts, ...flags.timeouts },
    accessLog: flags.accessLog ?? 'stdout',
    ...optionalTls(flags.tls),
  };
}
