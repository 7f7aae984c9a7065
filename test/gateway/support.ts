// Real pieces for gateway tests: upstream servers on loopback, gateways in-process or as a child
// process (to measure its memory), a raw HTTP client for bytes no polite client would send.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, type StartOptions, startGateway } from '../../src/gateway/gateway.js';
import type { AccessEntry } from '../../src/gateway/gateway-log.js';
import type { GatewayConfig, RouteConfig } from '../../src/gateway/types.js';
import { defaultLimits, defaultTimeouts } from '../../src/gateway/types.js';
import type { PolicyOptions } from '../../src/policy/types.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;

export interface TestUpstream {
  readonly url: string;
  readonly server: Server;
  /** Sockets the upstream currently holds open. */
  openSockets(): number;
  close(): Promise<void>;
}

export async function startUpstream(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestUpstream> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    openSockets: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestGateway extends Gateway {
  readonly access: AccessEntry[];
  readonly events: Array<Record<string, unknown>>;
}

export function testConfig(
  upstream: string,
  routes: RouteConfig[],
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return {
    upstream,
    host: '127.0.0.1',
    port: 0,
    routes,
    healthPath: '/healthz',
    forwardPreflight: false,
    trustProxy: false,
    caseSensitiveRoutes: false,
    upstreamConnections: 32,
    limits: defaultLimits,
    timeouts: defaultTimeouts,
    accessLog: 'off',
    ...overrides,
  };
}

/** A gateway in this process whose access and event lines are collected for assertions. */
export async function startTestGateway(
  config: GatewayConfig,
  options: StartOptions = {},
): Promise<TestGateway> {
  const access: AccessEntry[] = [];
  const events: Array<Record<string, unknown>> = [];
  const gateway = await startGateway(config, {
    watch: false,
    ...options,
    logSinks: {
      access: (line) => access.push(JSON.parse(line) as AccessEntry),
      events: (line) => events.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  return { ...gateway, access, events };
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-gateway-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writePolicy(path: string, policy: PolicyOptions | unknown): Promise<string> {
  await writeFile(path, JSON.stringify(policy, null, 2));
  return path;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers keep every value. */
  readonly headers: Map<string, string[]>;
  readonly body: string;
  /** Everything the server sent, for responses that are not HTTP at all. */
  readonly raw: string;
}

/** Sends exact bytes and reads until the server closes (send `Connection: close`). */
export function rawExchange(url: string, request: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('raw exchange timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.on('close', finish);
    socket.write(request);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      resolve(parseRawResponse(Buffer.concat(chunks).toString('latin1')));
    }
  });
}

export function parseRawResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  let body = end === -1 ? '' : raw.slice(end + 4);
  if (headers.get('transfer-encoding')?.[0] === 'chunked') body = dechunk(body);
  return { status, headers, body, raw };
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(text.slice(at, lineEnd), 16);
    if (!size) break;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return out;
}

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** stdout so far (the access log). */
  stdout(): string;
  stderr(): string;
  /** Resident set size of the gateway process, in bytes, read from /proc. */
  rss(): Promise<number>;
  /** Peak resident set size since the process started (VmHWM), in bytes. */
  peakRss(): Promise<number>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `corskit serve ARGS` in a child process (through tsx, so the sources are what run). */
export async function spawnGateway(args: string[], env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'serve', ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${err}`)), 40_000);
    child.stderr!.on('data', (chunk) => {
      err += chunk;
      const m = /"message":"gateway listening","url":"([^"]+)"/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${err}`));
    });
  });
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    rss: () => procStatus(child.pid!, 'VmRSS'),
    peakRss: () => procStatus(child.pid!, 'VmHWM'),
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true or the time is up. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(25);
  }
}

async function procStatus(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
}
