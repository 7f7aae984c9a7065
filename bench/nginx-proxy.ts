// The nginx the gateway benches compare against: a reverse proxy to the same upstream with the
// same CORS answer for one allowed origin, as a user would write it by hand (map + add_header
// always, the upstream's own ACAO hidden).
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from './processes.js';

export const NGINX = '/usr/sbin/nginx';

export interface NginxProxyOptions {
  /** Temp dir for the pid, logs and nginx's temp paths. */
  dir: string;
  upstreamPort: number;
  /** The allowed origin. */
  origin: string;
  /** `listen` arguments and server-level lines (TLS certificate paths…). */
  listen: string[];
  serverLines?: string[];
  /** Answer preflights in nginx (204) rather than passing OPTIONS to the upstream. */
  answerPreflights?: boolean;
}

const PREFLIGHT = `      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Credentials $cors_credentials always;
        add_header Vary Origin always;
        return 204;
      }
`;

export function nginxProxyConfig(options: NginxProxyOptions): string {
  const { dir } = options;
  const server = [
    ...options.listen.map((l) => `    listen ${l};`),
    ...(options.serverLines ?? []).map((l) => `    ${l}`),
  ].join('\n');
  return `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # Like the gateway, never end a client connection after N requests. nginx's default (1,000) made
  # load generators pay reconnects nginx imposed, and h2load does not reopen a closed connection:
  # nginx then looked slow and failed streams (an earlier h2 run: 651 failed, gateway 1.27× nginx).
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream app { server 127.0.0.1:${options.upstreamPort}; keepalive 128; }
  map $http_origin $cors_origin { default ""; "${options.origin}" $http_origin; }
  map $http_origin $cors_credentials { default ""; "${options.origin}" "true"; }
  server {
${server}
    location / {
${options.answerPreflights ? PREFLIGHT : ''}      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $proxy_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_hide_header Access-Control-Allow-Origin;
      proxy_buffering off;
      add_header Access-Control-Allow-Origin $cors_origin always;
      add_header Access-Control-Allow-Credentials $cors_credentials always;
      add_header Vary Origin always;
      proxy_pass http://app;
    }
  }
}
`;
}

/** Writes the config into `options.dir` and starts nginx on it (in the foreground: daemon off). */
export function startNginxProxy(options: NginxProxyOptions): ChildProcess {
  const { dir } = options;
  writeFileSync(join(dir, 'nginx.conf'), nginxProxyConfig(options));
  return start(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]);
}
