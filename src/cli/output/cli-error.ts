import { ExitCode } from './exit-codes.js';

/**
 * An error the user can act on: printed as one line (never a stack trace) and mapped to exit 2.
 * Library errors that mean "bad input" or "cannot reach" are converted to this by the commands.
 */
export class CliError extends Error {
  readonly exitCode: number;
  /** Lines printed under the message, e.g. the offending line of a file with a caret. */
  readonly detail: readonly string[];
  constructor(message: string, exitCode: number = ExitCode.usage, detail: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.detail = detail;
  }
}

/** Whether the user asked for JSON: then errors are JSON too, on stdout, with the same exit code. */
export const wantsJson = (argv: readonly string[] = process.argv) => argv.slice(2).includes('--json');

/**
 * Writes `corskit <command>: <message>` (or, with --json, `{"error": …}` on stdout) and sets the
 * exit code; the one place errors are printed.
 */
export function reportFailure(command: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  const exitCode = error instanceof CliError ? error.exitCode : ExitCode.usage;
  const detail = error instanceof CliError ? error.detail : [];
  if (wantsJson())
    process.stdout.write(
      `${JSON.stringify({ error: { command, message: firstLine, exitCode, ...(detail.length ? { detail } : {}) } }, null, 2)}\n`,
    );
  else process.stderr.write(`corskit ${command}: ${firstLine}\n${detail.map((l) => `${l}\n`).join('')}`);
  process.exitCode = exitCode;
}

/** Wraps a command action so that every failure ends as one line on stderr and exit code 2. */
export function guarded<Args extends unknown[]>(
  command: string,
  action: (...args: Args) => Promise<number> | number,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      process.exitCode = await action(...args);
    } catch (error) {
      reportFailure(command, error);
    }
  };
}
