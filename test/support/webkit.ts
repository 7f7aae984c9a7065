// Real WebKit for tests: WebKitGTK's MiniBrowser under Xvfb. Its WebDriver offers no BiDi and so no
// console, so the browser is driven from the page instead: MiniBrowser is launched once, at a page
// of a loopback control server; the page's driver script (driver.js) long-polls the control server
// for its next command (go to a URL, run a fetch), runs it and posts the result back. Console lines
// come from MiniBrowser's own output (`--enable-write-console-messages-to-stdout`), stdout and
// stderr merged into one line-buffered pipe so they stay in order; the driver script prints a
// marker before and after each fetch, and every line between a fetch's markers is that fetch's.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MINIBROWSER, XVFB_RUN } from './binaries.js';

/** The query parameter that asks a test page server to include the driver script. */
export const DRIVER_PARAM = 'corskit-driver';

/**
 * The driver script a page under test must load: `<script src="…">` for a page URL that carries
 * `?corskit-driver=<control origin>`. Only a loopback control origin is accepted (the page servers
 * never echo arbitrary bytes into a page).
 */
export function driverScriptFor(pageUrl: string): string | null {
  const value = new URL(pageUrl, 'http://127.0.0.1/').searchParams.get(DRIVER_PARAM);
  if (!value || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(value)) return null;
  return `${value}/driver.js`;
}

/** A page URL with the driver parameter added. */
export function withDriver(pageUrl: string, control: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set(DRIVER_PARAM, control);
  return url.toString();
}

/** One fetch as driver.js runs it (the same shape as browsers.ts's in-page fetch). */
export interface WebKitFetch {
  url: string;
  init?: Record<string, unknown>;
}

export interface WebKitFetchResult {
  readable: boolean;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  error: string | null;
  /** Console lines printed between this fetch's markers. */
  consoleLines: string[];
}

export interface WebKitSession {
  readonly version: string;
  /** Navigates the (single) window to a page that loads driver.js (see DRIVER_PARAM). */
  goto(pageUrl: string): Promise<void>;
  runFetch(request: WebKitFetch, settleMs: number): Promise<WebKitFetchResult>;
  close(): Promise<void>;
}

type CommandBody = { type: 'goto'; url: string } | { type: 'fetch'; request: WebKitFetch; settleMs: number };
type Command = { id: number } & CommandBody;

const MARK = 'corskit-mark';
const LAUNCH_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 20_000;

// Runs in the page, as plain JS (served as text): poll, run, report, repeat.
const DRIVER_JS = `(() => {
  const control = new URL(document.currentScript.src).origin;
  const post = (body) => fetch(control + '/result', { method: 'POST', body: JSON.stringify(body) });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function run(request) {
    try {
      const response = await fetch(request.url, request.init);
      const readable = response.type === 'basic' || response.type === 'cors';
      const headers = {};
      response.headers.forEach((value, name) => { headers[name] = value; });
      const body = readable ? await response.text() : null;
      return { readable, status: response.status, headers, body, error: null };
    } catch (error) {
      return { readable: false, status: null, headers: null, body: null, error: String(error) };
    }
  }
  async function loop(hello) {
    for (let first = hello; ; first = false) {
      const command = await (await fetch(control + '/next' + (first ? '?hello=1' : ''))).json();
      if (command.type === 'goto') { location.href = command.url; return; }
      console.log('${MARK}:begin:' + command.id);
      const result = await run(command.request);
      await sleep(command.settleMs);
      console.log('${MARK}:end:' + command.id);
      await post({ id: command.id, result });
    }
  }
  loop(true);
})();
`;

const START_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>corskit webkit driver</title><script src="/driver.js"></script></head><body></body></html>`;

/** A console line as MiniBrowser writes it: `[url:line:col: ]CONSOLE <SOURCE> <LEVEL> <text>`. */
const CONSOLE_LINE =
  /^(?:\S+:\d+:\d+: )?CONSOLE (?:(?!LOG )[A-Z]+ )?(?:LOG|ERROR|WARN|WARNING|INFO|DEBUG) (.*)$/;

export function parseConsoleLine(line: string): string | null {
  return CONSOLE_LINE.exec(line)?.[1] ?? null;
}

export async function launchWebKit(): Promise<WebKitSession> {
  const control = await startControlServer();
  const profile = freshProfile();
  const child = spawn(
    'stdbuf',
    [
      '-oL',
      '-eL',
      'sh',
      '-c',
      'exec "$@" 2>&1',
      'sh',
      XVFB_RUN,
      '-a',
      MINIBROWSER,
      '--enable-write-console-messages-to-stdout=true',
      '--enable-developer-extras=false',
      // Wire variants over TLS use a self-signed certificate (Chromium and Firefox accept it by flag too).
      '--ignore-tls-errors',
      `${control.origin}/start`,
    ],
    // Accept-Language follows the system language: en-US, as the request profile records it.
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
      env: { ...process.env, ...profile.env, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US', LC_ALL: '' },
    },
  );
  const consoleLog = new ConsoleLog(child);
  // A test that dies without close() must not leave Xvfb and MiniBrowser behind.
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {}
    profile.remove();
  };
  process.once('exit', killGroup);
  try {
    await withTimeout(control.hello(), LAUNCH_TIMEOUT_MS, 'MiniBrowser did not load the driver page');
  } catch (error) {
    await stop(child);
    await control.close();
    profile.remove();
    throw new Error(`${(error as Error).message}; its output: ${consoleLog.raw.slice(-20).join('\n')}`);
  }
  const version = `WebKitGTK ${await webkitGtkVersion()}`;
  return {
    version,
    async goto(pageUrl) {
      const hello = control.hello();
      control.send({ type: 'goto', url: withDriver(pageUrl, control.origin) });
      await withTimeout(hello, COMMAND_TIMEOUT_MS, `WebKit did not load ${pageUrl} with its driver script`);
    },
    async runFetch(request, settleMs) {
      const id = control.nextId();
      const ended = consoleLog.waitFor(`${MARK}:end:${id}`);
      const result = control.send({ type: 'fetch', request, settleMs }, id);
      const [value] = await withTimeout(
        Promise.all([result, ended]),
        COMMAND_TIMEOUT_MS,
        `WebKit did not finish fetch ${request.url}; its output: ${consoleLog.raw.slice(-10).join('\n')}`,
      );
      return { ...(value as Omit<WebKitFetchResult, 'consoleLines'>), consoleLines: consoleLog.between(id) };
    },
    async close() {
      process.off('exit', killGroup);
      await stop(child);
      await control.close();
      profile.remove();
    },
  };
}

/**
 * A profile of its own for each MiniBrowser, as Chromium and Firefox get: otherwise WebKitGTK keeps
 * its disk cache, HSTS and cookies in ~/.cache and ~/.local/share across runs, and a page or a 301
 * cached for a loopback port in one run is replayed when a later run's server gets that port.
 * (`--private` would do it, but MiniBrowser then writes no console message to stdout.)
 */
function freshProfile(): { env: NodeJS.ProcessEnv; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'corskit-webkit-'));
  return {
    env: {
      // xvfb-run's own temp dir (its Xauthority file) too: killed with its group, it cannot
      // remove it itself.
      TMPDIR: dir,
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** MiniBrowser's merged output, split at this driver's markers. */
class ConsoleLog {
  readonly raw: string[] = [];
  private readonly messages: string[] = [];
  private readonly waiters = new Map<string, () => void>();
  private readonly seen = new Set<string>();

  constructor(child: ChildProcess) {
    if (!child.stdout) throw new Error('MiniBrowser has no output pipe');
    createInterface({ input: child.stdout }).on('line', (line) => this.add(line));
  }

  private add(line: string): void {
    this.raw.push(line);
    if (process.env.CORSKIT_WEBKIT_DEBUG) process.stderr.write(`webkit| ${line}\n`);
    if (this.raw.length > 200) this.raw.shift();
    const text = parseConsoleLine(line);
    if (text === null) return;
    this.messages.push(text);
    if (text.startsWith(`${MARK}:`)) {
      this.seen.add(text);
      this.waiters.get(text)?.();
    }
  }

  waitFor(marker: string): Promise<void> {
    if (this.seen.has(marker)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(marker, resolve));
  }

  /** The lines between fetch `id`'s markers (then forgotten). */
  between(id: number): string[] {
    const begin = this.messages.indexOf(`${MARK}:begin:${id}`);
    const end = this.messages.indexOf(`${MARK}:end:${id}`);
    const lines = begin >= 0 && end > begin ? this.messages.slice(begin + 1, end) : [];
    this.messages.splice(0, end + 1);
    this.seen.delete(`${MARK}:begin:${id}`);
    this.seen.delete(`${MARK}:end:${id}`);
    this.waiters.delete(`${MARK}:end:${id}`);
    return lines;
  }
}

interface ControlServer {
  origin: string;
  nextId(): number;
  /** Resolves when a page's driver script next says hello (a page finished loading). */
  hello(): Promise<void>;
  /** Queues a command; resolves with the page's result for it. */
  send(command: CommandBody, id?: number): Promise<unknown>;
  close(): Promise<void>;
}

async function startControlServer(): Promise<ControlServer> {
  let lastId = 0;
  const queue: Command[] = [];
  let waitingPoll: ServerResponse | null = null;
  let helloWaiters: Array<() => void> = [];
  const results = new Map<number, (value: unknown) => void>();

  const deliver = (): void => {
    if (!waitingPoll || queue.length === 0) return;
    const res = waitingPoll;
    waitingPoll = null;
    reply(res, 200, 'application/json', JSON.stringify(queue.shift()));
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'GET' && path === '/start') return reply(res, 200, 'text/html', START_PAGE);
    if (req.method === 'GET' && path === '/driver.js') return reply(res, 200, 'text/javascript', DRIVER_JS);
    if (req.method === 'GET' && path.startsWith('/next')) {
      if (path.includes('hello=1')) {
        const waiters = helloWaiters;
        helloWaiters = [];
        for (const w of waiters) w();
      }
      waitingPoll = res;
      return deliver();
    }
    if (req.method === 'POST' && path === '/result') return readResult(req, res, results);
    reply(res, 404, 'text/plain', 'not found');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    nextId: () => ++lastId,
    hello: () => new Promise((resolve) => helloWaiters.push(resolve)),
    send(command, id = ++lastId) {
      const promise = new Promise<unknown>((resolve) => results.set(id, resolve));
      queue.push({ ...command, id } as Command);
      deliver();
      return promise;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readResult(
  req: IncomingMessage,
  res: ServerResponse,
  results: Map<number, (value: unknown) => void>,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { id, result } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      id: number;
      result: unknown;
    };
    results.get(id)?.(result);
    results.delete(id);
    reply(res, 204, 'text/plain', '');
  });
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  // Every page under test is another origin: the control server lets them all read it.
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  res.end(body);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The whole group: xvfb-run, Xvfb, MiniBrowser and WebKit's web and network processes.
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await withTimeout(exited, 5000, 'MiniBrowser did not exit').catch(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  });
}

/** The installed WebKitGTK version (Debian's package), e.g. `2.50.6`; `unknown` elsewhere. */
async function webkitGtkVersion(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('dpkg-query', ['-W', 'libwebkit2gtk-4.1-0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', () => resolve('unknown'));
    // `libwebkit2gtk-4.1-0:amd64\t2.50.6-1~deb12u2`
    child.on('close', () => resolve(/\t([\d.]+)/.exec(out)?.[1] ?? 'unknown'));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
