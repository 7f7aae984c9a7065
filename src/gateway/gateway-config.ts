// Builds a GatewayConfig from a gateway.yaml/json file or from command-line flags, reporting every
// mistake at once with where it is, instead of stopping at the first.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { hasBrand } from '../policy/error-brand.js';
import type { PolicyOptions, Problem } from '../policy/types.js';
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

/** Stable codes of gateway-config problems (docs/gateway.md); tests key on them, not on wording. */
const CONFIG_HINTS = {
  'config-unreadable': 'fix the file: it must be valid YAML or JSON',
  'config-not-mapping': 'write key: value pairs here',
  'config-unknown-key': 'remove the key or fix its spelling',
  'config-invalid-upstream': 'write the backend as http://host:port',
  'config-invalid-host': 'e.g. 127.0.0.1 or 0.0.0.0',
  'config-invalid-port': 'a whole number from 0 to 65535',
  'config-invalid-health-path': 'e.g. /healthz',
  'config-invalid-connections': 'a whole number ≥ 1, e.g. 128',
  'config-routes-missing': 'e.g. routes: { "/api/": { policyFile: cors.json } }',
  'config-invalid-prefix': 'a path prefix starts and ends with "/", e.g. /api/',
  'config-route-needs-one-policy': 'give the route either policy: {…} or policyFile: path, not both',
  'config-invalid-policy-file': 'a path to a JSON or YAML policy file',
  'config-invalid-duration': 'e.g. 500ms, 30s, 5m',
  'config-invalid-size': 'e.g. 16kb',
  'config-invalid-access-log': 'stdout, stderr, off or a file path',
  'config-invalid-boolean': 'write true or false',
  'config-missing-source': 'e.g. corskit serve --upstream http://127.0.0.1:3000 --policy cors.json',
  'config-unknown-limit': 'known limits: maxHeaderSize, maxHeaderCount, maxQueued, bodyBuffer, minBodyRate',
  'config-invalid-limit': 'see docs/gateway.md for each limit and its unit',
  'config-invalid-tls': 'tls: { cert: cert.pem, key: key.pem }',
  'config-incomplete-tls': 'give both --tls-cert and --tls-key (or tls.cert and tls.key)',
} as const;

export type GatewayConfigCode = keyof typeof CONFIG_HINTS;
export const GATEWAY_CONFIG_CODES = Object.keys(CONFIG_HINTS) as readonly GatewayConfigCode[];

/** One gateway-config problem, in the same shape as a policy issue. */
export type ConfigProblem = Problem<GatewayConfigCode>;

export function configProblem(code: GatewayConfigCode, path: string, message: string): ConfigProblem {
  return { code, path, message, hint: CONFIG_HINTS[code], severity: 'error' };
}

const GATEWAY_CONFIG_ERROR_BRAND = Symbol.for('corskit.GatewayConfigError');

export class GatewayConfigError extends Error {
  /** Branded: `instanceof` holds across duplicate copies of corskit (see error-brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, GATEWAY_CONFIG_ERROR_BRAND);
  }
  readonly [GATEWAY_CONFIG_ERROR_BRAND] = true;
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
    problems.push(
      configProblem(
        'config-routes-missing',
        'routes',
        'must map at least one path prefix to a policy or policyFile',
      ),
    );
    return [];
  }
  const routes: RouteConfig[] = [];
  for (const [prefix, entry] of Object.entries(raw)) {
    const at = `routes["${prefix}"]`;
    const prefixProblem = checkPrefix(prefix);
    if (prefixProblem) problems.push(configProblem('config-invalid-prefix', at, prefixProblem));
    if (!isRecord(entry) || 'policy' in entry === 'policyFile' in entry) {
      problems.push(
        configProblem(
          'config-route-needs-one-policy',
          at,
          'needs exactly one of `policy` (inline options) or `policyFile` (a path)',
        ),
      );
      continue;
    }
    if ('policyFile' in entry) {
      if (typeof entry.policyFile !== 'string' || !entry.policyFile) {
        problems.push(configProblem('config-invalid-policy-file', `${at}.policyFile`, 'must be a file path'));
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
    problems.push(configProblem('config-not-mapping', 'timeouts', 'must be a mapping'));
    return defaultTimeouts;
  }
  const out: Record<string, number> = { ...defaultTimeouts };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in defaultTimeouts)) {
      problems.push(
        configProblem(
          'config-unknown-key',
          `timeouts.${key}`,
          `unknown; known: ${Object.keys(defaultTimeouts).join(', ')}`,
        ),
      );
      continue;
    }
    const ms = parseDuration(value);
    if (ms === undefined)
      problems.push(
        configProblem('config-invalid-duration', `timeouts.${key}`, `"${String(value)}" is not a duration`),
      );
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
    problems.push(configProblem('config-not-mapping', 'limits', 'must be a mapping'));
    return defaultLimits;
  }
  const out: Record<string, number> = { ...defaultLimits };
  for (const [key, value] of Object.entries(raw)) {
    const reader = limitReaders[key as keyof LimitsConfig];
    if (!reader) {
      problems.push(
        configProblem(
          'config-unknown-limit',
          `limits.${key}`,
          `unknown; known: ${Object.keys(limitReaders).join(', ')}`,
        ),
      );
      continue;
    }
    const parsed = reader.read(value);
    if (parsed === undefined || parsed < reader.min)
      problems.push(configProblem('config-invalid-limit', `limits.${key}`, `must be ${reader.says}`));
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
    problems.push(
      configProblem('config-invalid-tls', 'tls', 'must be a mapping with `cert` and `key` (PEM file paths)'),
    );
    return undefined;
  }
  return { cert: resolve(baseDir, raw.cert), key: resolve(baseDir, raw.key) };
}

function readAccessLog(raw: unknown, baseDir: string, problems: Problems): AccessLogTarget {
  if (raw === undefined || raw === 'stdout' || raw === true) return 'stdout';
  if (raw === 'stderr' || raw === 'off') return raw;
  if (raw === false) return 'off';
  if (typeof raw === 'string' && raw) return { file: resolve(baseDir, raw) };
  problems.push(
    configProblem('config-invalid-access-log', 'accessLog', 'must be stdout, stderr, off or a file path'),
  );
  return 'stdout';
}

function readBoolean(raw: unknown, path: string, problems: Problems): boolean {
  if (raw === undefined) return false;
  if (typeof raw === 'boolean') return raw;
  problems.push(configProblem('config-invalid-boolean', path, 'must be true or false'));
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
  if (!isRecord(doc))
    throw new GatewayConfigError(source, [configProblem('config-not-mapping', '', 'must be a mapping')]);
  for (const key of Object.keys(doc)) {
    if (!knownKeys.has(key))
      problems.push(
        configProblem('config-unknown-key', key, `unknown key; known: ${[...knownKeys].join(', ')}`),
      );
  }
  const upstreamProblem = checkUpstream(doc.upstream);
  if (upstreamProblem) problems.push(configProblem('config-invalid-upstream', 'upstream', upstreamProblem));
  const listen = isRecord(doc.listen) ? doc.listen : {};
  if (doc.listen !== undefined && !isRecord(doc.listen))
    problems.push(configProblem('config-not-mapping', 'listen', 'must be a mapping'));
  const host = listen.host ?? defaultHost;
  if (typeof host !== 'string' || !host)
    problems.push(configProblem('config-invalid-host', 'listen.host', 'must be a host name or address'));
  const port = listen.port ?? defaultPort;
  const portProblem = checkPort(port);
  if (portProblem) problems.push(configProblem('config-invalid-port', 'listen.port', portProblem));
  const healthPath = doc.health ?? defaultHealthPath;
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/')) {
    problems.push(configProblem('config-invalid-health-path', 'health', 'must be a path starting with "/"'));
  }
  const connections = doc.upstreamConnections ?? defaultUpstreamConnections;
  if (!Number.isInteger(connections) || (connections as number) < 1) {
    problems.push(
      configProblem('config-invalid-connections', 'upstreamConnections', 'must be a positive integer'),
    );
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
      configProblem('config-unreadable', '', error instanceof Error ? error.message : String(error)),
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
  if (upstreamProblem) problems.push(configProblem('config-invalid-upstream', '--upstream', upstreamProblem));
  const port = flags.port ?? defaultPort;
  const portProblem = checkPort(port);
  if (portProblem) problems.push(configProblem('config-invalid-port', '--port', portProblem));
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
