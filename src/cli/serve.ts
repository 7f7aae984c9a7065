// `corskit serve`: run the CORS gateway in front of an upstream. Argument parsing only; the
// gateway itself is src/gateway.
import { type Command, InvalidArgumentError } from 'commander';
import { parseDuration, parseSize } from '../gateway/units.js';

export interface ServeFlags {
  upstream?: string;
  policy?: string;
  config?: string;
  example?: boolean;
  port?: number;
  host?: string;
  workers: number;
  health?: string;
  forwardPreflight?: boolean;
  trustProxy?: boolean;
  accessLog?: string;
  maxHeaderSize?: number;
  upstreamTimeout?: number;
  upstreamBodyTimeout?: number;
  idleTimeout?: number;
  drainTimeout?: number;
  watch: boolean;
  tlsCert?: string;
  tlsKey?: string;
  caseSensitiveRoutes?: boolean;
}

const integer = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be ${min}-${max}`);
  return n;
};
const duration = (value: string) => {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 30s, 500ms or 2m');
  return ms;
};
const size = (value: string) => {
  const bytes = parseSize(value);
  if (bytes === undefined || bytes < 1024) throw new InvalidArgumentError('expected a size ≥ 1kb, e.g. 16kb');
  return bytes;
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run a CORS gateway: a reverse proxy that applies a corskit policy in front of a fixed upstream',
    )
    .option('--upstream <url>', 'the service behind the gateway, e.g. http://127.0.0.1:8080')
    .option(
      '--policy <file>',
      'CORS policy (JSON or YAML) applied to every path; reloaded on change and SIGHUP',
    )
    .option('--config <file>', 'gateway.yaml: upstream, listen address, per-path policies, limits, timeouts')
    .option(
      '--example',
      'run the built-in example: a demo upstream, a policy and the gateway (what `npm start` runs)',
    )
    .option(
      '--port <port>',
      'port to listen on (default 8787; 0 picks a free one)',
      integer('--port', 0, 65535),
    )
    .option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 in a container)')
    .option('--workers <n>', 'processes sharing the port (node:cluster)', integer('--workers', 1, 256), 1)
    .option('--health <path>', 'health check path answered by the gateway itself (default /healthz)')
    .option('--no-watch', 'do not watch policy files; reload only on SIGHUP')
    .option('--forward-preflight', 'send allowed preflights on to the upstream instead of answering them')
    .option(
      '--trust-proxy',
      'keep X-Forwarded-* from the client (only behind a load balancer that sets them)',
    )
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS, HTTP/2 by ALPN with HTTP/1.1 fallback')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option(
      '--case-sensitive-routes',
      'match route prefixes case-sensitively (default: /ADMIN is /admin, as most upstreams route it)',
    )
    .option('--access-log <target>', 'stdout (default), stderr, off, or a file path')
    .option('--max-header-size <size>', 'largest request head accepted, e.g. 16kb (larger gets 431)', size)
    .option(
      '--upstream-timeout <duration>',
      'wait this long for upstream response headers, then 504 (default 30s)',
      duration,
    )
    .option(
      '--upstream-body-timeout <duration>',
      'longest pause in the upstream response body (default 30s)',
      duration,
    )
    .option('--idle-timeout <duration>', 'close client connections idle this long (default 60s)', duration)
    .option(
      '--drain-timeout <duration>',
      'on SIGTERM, wait this long for in-flight requests (default 30s)',
      duration,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  corskit serve --upstream http://127.0.0.1:8080 --policy cors.json\n  corskit serve --config gateway.yaml --workers 2\n  corskit serve --example\n\nExit codes: 0 stopped by SIGTERM/SIGINT after draining, 1 runtime failure (e.g. port in use), 2 invalid arguments, configuration or policy.',
    )
    .action(async (flags: ServeFlags) => {
      const run = await import('./serve-run.js');
      try {
        await run.serve(flags);
      } catch (error) {
        run.reportStartupError(error);
      }
    });
}
