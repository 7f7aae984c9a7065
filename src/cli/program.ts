// The commander program behind `corskit`: global options, help, exit codes, and the commands the
// command line needs registered (commands.ts lists them; each module is loaded on demand).
import { Command, CommanderError } from 'commander';
import { COMMANDS, type Register } from './commands.js';
import { reportFailure, wantsJson } from './output/cli-error.js';
import { ExitCode } from './output/exit-codes.js';
import { version } from './version.js';

export function createProgram(): Command {
  return (
    new Command()
      .name('corskit')
      .description('CORS done right: diagnose, scan, serve and configure CORS exactly as browsers see it.')
      .version(version)
      .option('--no-color', 'plain output (also: NO_COLOR=1)')
      // One line naming --help, not the whole help scrolling the error away.
      .showHelpAfterError("(run 'corskit --help', or 'corskit <command> --help', for usage)")
      // Usage errors must exit 2 (commander's own default is 1, which means "blocked"/"found" here).
      // Set before the subcommands are added so that they inherit it.
      .exitOverride()
      .addHelpText(
        'after',
        `
Examples:
  $ corskit doctor https://api.example.com/items --origin https://app.example.com
  $ corskit explain "Reason: CORS header 'Access-Control-Allow-Origin' missing"
  $ corskit scan https://api.example.com/me --origin https://www.example.com
  $ corskit check cors.json

Exit codes: 0 fine, 1 a CORS problem was found (blocked, finding, invalid policy), 2 bad usage or unreachable.
Every command takes --json and --help.`,
      )
  );
}

/**
 * The one command whose module the line needs, if any: `corskit [--no-color] <command> …`. Commander
 * parses the program's own options up to the command's name and hands everything after it to that
 * command alone, so the other commands change nothing. Any other line (help, no command, a
 * misspelt command that gets "did you mean", an unknown option first) needs them all.
 */
export function commandToLoad(args: readonly string[], names: readonly string[]): string | undefined {
  let i = 0;
  while (args[i] === '--no-color') i++;
  const name = args[i];
  return name !== undefined && names.includes(name) ? name : undefined;
}

/** The modules of the commands a command line needs (see `commandToLoad`), loaded. */
export function registersFor(args: readonly string[]): Promise<Register[]> {
  const names = Object.keys(COMMANDS);
  const one = commandToLoad(args, names);
  return Promise.all((one ? [one] : names).map((name) => COMMANDS[name]!()));
}

export async function runProgram(): Promise<void> {
  const program = createProgram();
  if (process.argv.includes('--no-color')) process.env.NO_COLOR = '1';

  // With --json, commander's own usage errors become a JSON object on stdout like every other error.
  // Set before the subcommands are added so that they inherit it.
  if (wantsJson()) program.configureOutput({ writeErr: () => {}, outputError: () => {} });

  for (const register of await registersFor(process.argv.slice(2))) register(program);

  /** `corskit` alone: the short help on stdout, exit 0 (commander would print it on stderr, exit 1). */
  if (process.argv.length <= 2) {
    process.stdout.write(
      `${program.helpInformation().split('\nOptions:')[0]?.trimEnd()}\n\nCommands: ${program.commands.map((c) => c.name()).join(', ')}\nRun 'corskit <command> --help' for one command's options and examples.\n`,
    );
    return;
  }
  try {
    await program.parseAsync(process.argv);
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (and the --help line); only the exit code is ours.
      const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = fine ? ExitCode.ok : ExitCode.usage;
      if (!fine && wantsJson())
        reportFailure(process.argv[2] ?? 'corskit', new Error(error.message.replace(/^error: /, '')));
      return;
    }
    // Commands report their own failures; anything reaching here is an internal error.
    reportFailure(process.argv[2] ?? 'corskit', error);
    process.exitCode = ExitCode.usage;
  }
}
