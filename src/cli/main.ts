#!/usr/bin/env node
// The `corskit` command. Each subcommand lives in its own file and only parses arguments and
// prints: the work is done by library functions that the tests call directly.
import { Command, CommanderError } from 'commander';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerConfig } from './config.js';
import { registerDoctor } from './doctor.js';
import { registerExplain } from './explain.js';
import { registerHar } from './har.js';
import { reportFailure, wantsJson } from './output/cli-error.js';
import { ExitCode } from './output/exit-codes.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerUi } from './ui.js';
import { registerVerify } from './verify.js';
import { version } from './version.js';

// A reader that stops early (`corskit doctor --help | head -1`) closes the pipe: that is not an
// error worth a stack trace, only the end of the output.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // Any other failure of the terminal itself: nothing can be printed, so only the exit code says it.
    process.exit(ExitCode.usage);
  });

const program = new Command()
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
  );

if (process.argv.includes('--no-color')) process.env.NO_COLOR = '1';

// With --json, commander's own usage errors become a JSON object on stdout like every other error.
// Set before the subcommands are added so that they inherit it.
if (wantsJson()) program.configureOutput({ writeErr: () => {}, outputError: () => {} });

for (const register of [
  registerDoctor,
  registerExplain,
  registerScan,
  registerCheck,
  registerServe,
  registerConfig,
  registerHar,
  registerUi,
  registerCompile,
  registerVerify,
]) {
  register(program);
}

/** `corskit` alone: the short help on stdout, exit 0 (commander would print it on stderr, exit 1). */
if (process.argv.length <= 2) {
  process.stdout.write(
    `${program.helpInformation().split('\nOptions:')[0]?.trimEnd()}\n\nCommands: ${program.commands.map((c) => c.name()).join(', ')}\nRun 'corskit <command> --help' for one command's options and examples.\n`,
  );
} else {
  program.parseAsync(process.argv).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // Commander already printed the message (and the --help line); only the exit code is ours.
      const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = fine ? ExitCode.ok : ExitCode.usage;
      if (!fine && wantsJson())
        reportFailure(process.argv[2] ?? 'corskit', new Error(error.message.replace(/^error: /, '')));
      if (!fine) process.exitCode = ExitCode.usage;
      return;
    }
    // Commands report their own failures; anything reaching here is an internal error.
    reportFailure(process.argv[2] ?? 'corskit', error);
    process.exitCode = ExitCode.usage;
  });
}
