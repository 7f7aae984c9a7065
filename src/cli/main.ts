#!/usr/bin/env node
// The `corskit` command. Each subcommand lives in its own file and only parses arguments and
// prints: the work is done by library functions that the tests call directly.
//
// Start-up is most of what a command costs (`corskit check` in a CI loop, `corskit explain` at a
// prompt), so this file loads only what the command line needs: `--version` is answered before
// commander loads, and a command's module only when that command runs (src/cli/commands.ts).
// See docs/performance.md, "CLI start-up".
import { ExitCode } from './output/exit-codes.js';
import { version } from './version.js';

// A reader that stops early (`corskit doctor --help | head -1`) closes the pipe: that is not an
// error worth a stack trace, only the end of the output.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // Any other failure of the terminal itself: nothing can be printed, so only the exit code says it.
    process.exit(ExitCode.usage);
  });

const args = process.argv.slice(2);
// What commander prints for `--version` alone (exit 0), without loading it.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${version}\n`);
// Not awaited at the top level: a command that keeps running (serve) must not hold up module evaluation.
else void import('./program.js').then(({ runProgram }) => runProgram());
