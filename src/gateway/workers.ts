// `--workers N`: the primary forks N copies of the same command; each worker runs a complete
// gateway on the shared listening socket (node:cluster distributes connections). The policy is
// stateless, so workers never need to talk to each other.
import cluster, { type Worker } from 'node:cluster';

export interface WorkerPoolLog {
  event(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

/** Runs in the primary: forks, restarts crashed workers, relays SIGHUP, drains all on SIGTERM. */
export function runPrimary(count: number, log: WorkerPoolLog): Promise<number> {
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) {
        if (workers.size === 0) finish(0);
        return;
      }
      log.event('error', 'worker exited; starting a new one', { pid: worker.process.pid, code, signal });
      setTimeout(fork, 1000).unref();
    });
  };
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  for (let i = 0; i < count; i++) fork();
  log.event('info', 'primary started workers', { workers: count, pid: process.pid });
  process.on('SIGHUP', () => {
    for (const worker of workers) worker.process.kill('SIGHUP');
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.event('info', `${signal} received: draining workers`, { workers: workers.size });
    if (workers.size === 0) finish(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return done;
}

export const isPrimaryOfWorkers = (count: number): boolean => count > 1 && cluster.isPrimary;
