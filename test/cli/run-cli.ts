// Runs the real CLI as a subprocess, exactly as a user would (through tsx, on the sources).
// Asynchronous on purpose: the servers under test live in this process and must keep answering.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A one-line error: exactly one line on stderr, prefixed with the command, no stack trace. */
export function isOneLineError(run: CliRun, command: string): boolean {
  const lines = run.stderr.trimEnd().split('\n');
  return lines.length === 1 && lines[0]!.startsWith(`corskit ${command}: `) && !/\n\s+at /.test(run.stderr);
}
