// `corskit serve`: run the CORS gateway in front of an upstream. Argument parsing only; the
// gateway itself is src/gateway.
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { startGateway } from '../gateway/gateway.js';
import {
  configProblem,
  GatewayConfigError,
  gatewayConfigFromFlags,
  parseDuration,
  parseSize,
  readGatewayConfig,
} from '../gateway/gateway-config.js';
import { PolicyLoadError } from '../gateway/policy-store.js';
import { handleSignals } from '../gateway/process-signals.js';
import type { AccessLogTarget, GatewayConfig, TimeoutsConfig, TlsConfig } from '../gateway/types.js';
import { isGatewayWorker, isPrimaryOfWorkers, runPrimary, runWorker } from '../gateway/workers.js';
import { runExample } from './example/gateway-example.js';

interface ServeFlags {
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

function accessLogTarget(value: string | undefined): AccessLogTarget | undefined {
  if (value === undefined) return undefined;
  return value === 'stdout' || value === 'stderr' || value === 'off' ? value : { file: value };
}

function timeoutOverrides(flags: ServeFlags): Partial<TimeoutsConfig> {
  const out: Partial<Record<keyof TimeoutsConfig, number>> = {};
  if (flags.upstreamTimeout !== undefined) out.upstreamHeaders = flags.upstreamTimeout;
  if (flags.upstreamBodyTimeout !== undefined) out.upstreamBody = flags.upstreamBodyTimeout;
  if (flags.idleTimeout !== undefined) out.idle = flags.idleTimeout;
  if (flags.drainTimeout !== undefined) out.drain = flags.drainTimeout;
  return out;
}

/** `--tls-cert` and `--tls-key` go together; either replaces the config file's `tls`. */
function tlsFrom(flags: ServeFlags, fromFile: TlsConfig | undefined): { tls?: TlsConfig } {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return fromFile ? { tls: fromFile } : {};
  if (!flags.tlsCert || !flags.tlsKey) {
    throw new GatewayConfigError('command line', [
      configProblem(
        'config-incomplete-tls',
        '--tls-cert/--tls-key',
        'give both, a PEM certificate and its key',
      ),
    ]);
  }
  return { tls: { cert: resolve(flags.tlsCert), key: resolve(flags.tlsKey) } };
}

async function configFrom(flags: ServeFlags): Promise<GatewayConfig> {
  if (flags.config) {
    const fromFile = await readGatewayConfig(flags.config);
    return {
      ...fromFile,
      port: flags.port ?? fromFile.port,
      host: flags.host ?? fromFile.host,
      healthPath: flags.health ?? fromFile.healthPath,
      forwardPreflight: flags.forwardPreflight ?? fromFile.forwardPreflight,
      trustProxy: flags.trustProxy ?? fromFile.trustProxy,
      caseSensitiveRoutes: flags.caseSensitiveRoutes ?? fromFile.caseSensitiveRoutes,
      ...tlsFrom(flags, fromFile.tls),
      accessLog: accessLogTarget(flags.accessLog) ?? fromFile.accessLog,
      limits: { ...fromFile.limits, maxHeaderSize: flags.maxHeaderSize ?? fromFile.limits.maxHeaderSize },
      timeouts: { ...fromFile.timeouts, ...timeoutOverrides(flags) },
    };
  }
  if (!flags.upstream || !flags.policy) {
    throw new GatewayConfigError('command line', [
      configProblem(
        'config-missing-source',
        '',
        'give --upstream URL and --policy FILE, or --config gateway.yaml, or --example',
      ),
    ]);
  }
  return gatewayConfigFromFlags({
    upstream: flags.upstream,
    policyFile: flags.policy,
    host: flags.host,
    port: flags.port,
    healthPath: flags.health,
    forwardPreflight: flags.forwardPreflight,
    trustProxy: flags.trustProxy,
    caseSensitiveRoutes: flags.caseSensitiveRoutes,
    ...tlsFrom(flags, undefined),
    accessLog: accessLogTarget(flags.accessLog),
    maxHeaderSize: flags.maxHeaderSize,
    timeouts: timeoutOverrides(flags),
  });
}

function reportStartupError(error: unknown): void {
  if (error instanceof GatewayConfigError) {
    process.stderr.write(`corskit serve: invalid configuration (${error.source}):\n`);
    for (const p of error.problems) process.stderr.write(`  ${p.path ? `${p.path}: ` : ''}${p.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof PolicyLoadError) {
    process.stderr.write('corskit serve: invalid policy:\n');
    for (const p of error.problems) {
      process.stderr.write(
        `  ${p.source}${p.path ? ` ${p.path}` : ''}: ${p.message}${p.hint ? ` (${p.hint})` : ''}\n`,
      );
    }
    process.exitCode = 2;
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const where = /(\S+:\d+)$/.exec((error as Error).message)?.[1] ?? 'the port';
    process.stderr.write(
      `corskit serve: ${where} is already in use: stop the other process, or choose another port with --port <n> (--port 0 picks a free one)\n`,
    );
    process.exitCode = 1;
  } else {
    process.stderr.write(`corskit serve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
  // Servers started before the failure (the example's demo upstream) must not keep the process alive.
  process.exit();
}

async function serve(flags: ServeFlags): Promise<void> {
  if (flags.example) {
    const example = await runExample({ port: flags.port, host: flags.host });
    handleSignals(example.gateway, (code) => {
      void example.close().finally(() => process.exit(code));
    });
    return;
  }
  if (isGatewayWorker()) {
    await runWorker();
    return;
  }
  const config = await configFrom(flags);
  if (isPrimaryOfWorkers(flags.workers)) {
    process.exitCode = await runPrimary(flags.workers, config, { watch: flags.watch });
    return;
  }
  const gateway = await startGateway(config, { watch: flags.watch });
  handleSignals(gateway);
}

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
      try {
        await serve(flags);
      } catch (error) {
        reportStartupError(error);
      }
    });
}
