// Real nginx, Apache httpd and Caddy processes for the generator tests: each runs in the
// foreground on a loopback port with its own temporary config, pid file and logs.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APACHE, CADDY, HAPROXY, NGINX } from '../../support/binaries.js';
import { freePort } from '../../support/free-port.js';

export { freePort };

export interface RunningServer {
  readonly origin: string;
  stop(): Promise<void>;
}

async function waitUntilUp(origin: string, child: ChildProcess, log: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${await log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(`${origin}/__ping`, { method: 'GET' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server at ${origin} did not come up:\n${await log()}`);
}

export async function launch(
  bin: string,
  args: string[],
  dir: string,
  port: number,
  logFile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const child = spawn(bin, args, {
    cwd: dir,
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const log = async (): Promise<string> => output + (await readFile(logFile, 'utf8').catch(() => ''));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(origin, child, log);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    origin,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `generated` is the full output of `corskit config nginx --upstream …` (http-level file). */
export async function startNginx(generated: string): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-nginx-'));
  const port = await freePort();
  const site = generated.replace('listen 80;', `listen 127.0.0.1:${port};`);
  const conf = `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  include ${dir}/site.conf;
}
`;
  await writeFile(join(dir, 'site.conf'), site);
  await writeFile(join(dir, 'nginx.conf'), conf);
  return launch(
    NGINX,
    ['-e', `${dir}/error.log`, '-p', `${dir}/`, '-c', `${dir}/nginx.conf`],
    dir,
    port,
    `${dir}/error.log`,
  );
}

export async function startApache(generated: string): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-apache-'));
  const port = await freePort();
  const mods = ['mpm_event', 'authz_core', 'headers', 'rewrite', 'setenvif', 'proxy', 'proxy_http'];
  const site = generated.replace('<VirtualHost *:80>', `<VirtualHost 127.0.0.1:${port}>`);
  const conf = `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
LogLevel warn
${mods.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
Include ${dir}/site.conf
`;
  await writeFile(join(dir, 'site.conf'), site);
  await writeFile(join(dir, 'httpd.conf'), conf);
  return launch(APACHE, ['-X', '-f', `${dir}/httpd.conf`], dir, port, `${dir}/error.log`);
}

export async function startCaddy(generated: string): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-caddy-'));
  const port = await freePort();
  const site = `{\n\tadmin off\n\tauto_https off\n\tpersist_config off\n}\n${generated.replace(':80 {', `http://127.0.0.1:${port} {`)}`;
  await writeFile(join(dir, 'Caddyfile'), site.replace('\tpersist_config off\n', ''));
  return launch(
    CADDY,
    ['run', '--config', `${dir}/Caddyfile`, '--adapter', 'caddyfile'],
    dir,
    port,
    `${dir}/none.log`,
  );
}

/** `generated` is the full output of `corskit config haproxy --upstream …`; runs in the foreground, unprivileged. */
export async function startHaproxy(generated: string): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-haproxy-'));
  const port = await freePort();
  await writeFile(join(dir, 'haproxy.cfg'), generated.replace('bind :80', `bind 127.0.0.1:${port}`));
  return launch(HAPROXY, ['-db', '-f', `${dir}/haproxy.cfg`], dir, port, `${dir}/none.log`);
}

/**
 * The upstream behind every server: `/status/<code>` answers with that status; each `?vary=` adds
 * a Vary line (several: several lines); `?public=1` makes it cacheable by shared caches; `?cors=1`
 * adds its own (wrong) CORS headers that the generated config must hide.
 */
export async function startUpstream(): Promise<{ origin: string; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const status = Number(/\/status\/(\d{3})/.exec(url.pathname)?.[1] ?? 200);
    const vary = url.searchParams.getAll('vary');
    if (vary.length > 0) res.setHeader('Vary', vary.length === 1 ? vary[0]! : vary);
    if (url.searchParams.get('public') === '1') res.setHeader('Cache-Control', 'public, max-age=60');
    if (url.searchParams.get('cors') === '1') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, DELETE, PATCH');
      res.setHeader('Access-Control-Expose-Headers', 'x-upstream');
    }
    res.setHeader('Content-Type', 'text/plain');
    res.setHeader('X-Request-Id', 'r-1');
    res.setHeader('Etag', '"e1"');
    res.writeHead(status);
    res.end(`upstream ${status} ${req.method}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { origin, url: origin, close: () => new Promise((r) => server.close(() => r())) };
}
