// `--workers N`: the primary forks N copies of the gateway; each worker runs a complete gateway
// on the shared listening socket (node:cluster distributes connections). The primary holds the
// last policies that validated and hands them to every worker it starts, so a worker started after
// a bad edit serves the last good policies instead of failing. A worker that cannot start exits;
// the primary logs it and waits longer before each new attempt, so a persistent failure does not
// become a fork loop.
import cluster, { type Worker } from 'node:cluster';
import { type Gateway, startGateway } from './gateway.js';
import { createGatewayLog, type GatewayLog } from './gateway-log.js';
import { type PolicySnapshot, PolicyStore } from './policy-store.js';
import { handleSignals } from './process-signals.js';
import type { GatewayConfig } from './types.js';

/** Environment variable through which a worker receives its start-up facts from the primary. */
const workerEnv = 'CORSKIT_GATEWAY_WORKER';

interface WorkerStart {
  readonly config: GatewayConfig;
  readonly snapshot: PolicySnapshot;
  readonly watch: boolean;
}

export interface PrimaryOptions {
  /** Watch policy files (the primary and every worker). */
  readonly watch: boolean;
}

/** First and longest wait before starting a worker again after one failed to start. */
const firstBackoffMs = 1_000;
const maxBackoffMs = 30_000;

/** How long to wait before the next start, after `failures` workers in a row failed to start. */
export function restartDelay(failures: number): number {
  if (failures <= 0) return firstBackoffMs;
  return Math.min(maxBackoffMs, firstBackoffMs * 2 ** (failures - 1));
}

/**
 * Runs in the primary: validates and holds the policies, forks, restarts workers with backoff,
 * relays SIGHUP, drains all on SIGTERM. Throws PolicyLoadError when the policies are invalid.
 */
export async function runPrimary(
  count: number,
  config: GatewayConfig,
  options: PrimaryOptions,
): Promise<number> {
  const log = createGatewayLog('off');
  const store = await PolicyStore.open(config, log);
  if (options.watch) store.watch();
  let stopping = false;
  let failures = 0;
  const workers = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  const fork = () => {
    if (stopping) return;
    const start: WorkerStart = { config, snapshot: store.snapshot(), watch: options.watch };
    const worker = cluster.fork({ [workerEnv]: JSON.stringify(start) });
    let listening = false;
    workers.add(worker);
    worker.once('listening', () => {
      listening = true;
      failures = 0;
    });
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) {
        if (workers.size === 0) finish(0);
        return;
      }
      if (!listening) failures++;
      const delay = restartDelay(failures);
      log.event('error', listening ? 'worker exited' : 'worker failed to start', {
        pid: worker.process.pid,
        code,
        signal,
        restartInMs: delay,
      });
      // Not unref()ed: with every worker gone, this timer is what keeps the primary alive.
      const timer = setTimeout(() => {
        restarts.delete(timer);
        fork();
      }, delay);
      restarts.add(timer);
    });
  };
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  for (let i = 0; i < count; i++) fork();
  log.event('info', 'primary started workers', { workers: count, pid: process.pid });
  process.on('SIGHUP', () => {
    void store.reload('SIGHUP');
    for (const worker of workers) worker.process.kill('SIGHUP');
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    store.unwatch();
    for (const timer of restarts) clearTimeout(timer);
    log.event('info', `${signal} received: draining workers`, { workers: workers.size });
    if (workers.size === 0) finish(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return done;
}

export const isPrimaryOfWorkers = (count: number): boolean => count > 1 && cluster.isPrimary;

/** True in a process the primary forked. */
export const isGatewayWorker = (): boolean => cluster.isWorker && process.env[workerEnv] !== undefined;

/**
 * Runs in a worker: starts the gateway from the primary's policies. On any failure to start, the
 * worker says why and exits, instead of lingering on its IPC channel without listening.
 */
export async function runWorker(): Promise<Gateway | undefined> {
  let gateway: Gateway;
  try {
    const start = JSON.parse(process.env[workerEnv]!) as WorkerStart;
    gateway = await startGateway(start.config, { watch: start.watch, snapshot: start.snapshot });
  } catch (error) {
    failAndExit(createGatewayLog('off'), error);
    return undefined;
  }
  handleSignals(gateway);
  // The files may have changed since the primary's snapshot; a bad edit is only logged here.
  void gateway.reload('worker start');
  return gateway;
}

function failAndExit(log: GatewayLog, error: unknown): void {
  log.event('error', 'worker cannot start, exiting', {
    pid: process.pid,
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
}
