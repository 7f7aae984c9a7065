// What the gateway benches share: free ports, child processes they own (and stop), waiting for a
// server to answer, medians.
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';

export const root = new URL('..', import.meta.url).pathname;

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { freePort } from '../test/support/free-port.js';

export const children: ChildProcess[] = [];

/** Starts a child process in the repository root; its stderr is drained, stdout ignored. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => {});
  children.push(child);
  return child;
}

export async function stopChildren(): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await delay(300);
}

export async function waitForHttp(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = httpRequest(url, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(true));
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await delay(100);
  }
  throw new Error(`${url} never answered`);
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The built gateway as users run it (`corskit serve`), access log and file watching off. */
export function startGatewayProcess(
  cli: string,
  { upstream, policy, port }: { upstream: string; policy: string; port: number },
  extra: string[] = [],
): ChildProcess {
  const args = ['serve', '--upstream', upstream, '--policy', policy, '--port', String(port)];
  return start(process.execPath, [cli, ...args, '--access-log', 'off', '--no-watch', ...extra]);
}
