// `corskit serve`, once its arguments are parsed: the gateway, its config and the example.
// Loaded by serve.ts only when the command runs, so other commands start without the gateway,
// undici, YAML and cluster.
import { resolve } from 'node:path';
import { startGateway } from '../gateway/gateway.js';
import {
  configProblem,
  GatewayConfigError,
  gatewayConfigFromFlags,
  readGatewayConfig,
} from '../gateway/gateway-config.js';
import { PolicyLoadError } from '../gateway/policy-store.js';
import { handleSignals } from '../gateway/process-signals.js';
import type { AccessLogTarget, GatewayConfig, TimeoutsConfig, TlsConfig } from '../gateway/types.js';
import { isGatewayWorker, isPrimaryOfWorkers, runPrimary, runWorker } from '../gateway/workers.js';
import { runExample } from './example/gateway-example.js';

import type { ServeFlags } from './serve.js';

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

export async function serve(flags: ServeFlags): Promise<void> {
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

export function reportStartupError(error: unknown): void {
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
