// `corskit serve`: run the CORS gateway in front of an upstream. Argument parsing only; the
// gateway itself is src/gateway.
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
import type { AccessLogTarget, GatewayConfig, TimeoutsConfig } from '../gateway/types.js';
import { isPrimaryOfWorkers, runPrimary } from '../gateway/workers.js';
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
      accessLog: accessLogTarget(flags.accessLog) ?? fromFile.accessLog,
      limits: { maxHeaderSize: flags.maxHeaderSize ?? fromFile.limits.maxHeaderSize },
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
  } else {
    process.stderr.write(`corskit serve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

async function serve(flags: ServeFlags): Promise<void> {
  if (flags.example) {
    const example = await runExample({ port: flags.port, host: flags.host });
    handleSignals(example.gateway, (code) => {
      void example.close().finally(() => process.exit(code));
    });
    return;
  }
  const config = await configFrom(flags);
  if (isPrimaryOfWorkers(flags.workers)) {
    // Validate once in the primary so a bad policy fails fast instead of in every worker.
    const { loadRoutes } = await import('../gateway/route-policies.js');
    const loaded = await loadRoutes(config.routes);
    if (!loaded.ok) throw new PolicyLoadError(loaded.problems);
    const log = {
      event: (level: string, message: string, fields?: object) =>
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`,
        ),
    };
    process.exitCode = await runPrimary(flags.workers, log);
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
