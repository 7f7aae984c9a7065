import { ExitCode } from './exit-codes.js';

/**
 * An error the user can act on: printed as one line (never a stack trace) and mapped to exit 2.
 * Library errors that mean "bad input" or "cannot reach" are converted to this by the commands.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Writes `corskit <command>: <message>` and sets the exit code; the one place errors are printed. */
export function reportFailure(command: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  process.stderr.write(`corskit ${command}: ${firstLine}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : ExitCode.usage;
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
