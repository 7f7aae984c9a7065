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
import { ExitCode } from './output/exit-codes.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerUi } from './ui.js';
import { registerVerify } from './verify.js';
import { version } from './version.js';

const program = new Command()
  .name('corskit')
  .description('CORS done right: diagnose, scan, serve and configure CORS exactly as browsers see it.')
  .version(version)
  .option('--no-color', 'plain output (also: NO_COLOR=1)')
  .showHelpAfterError()
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

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander already printed the message (and the help); only the exit code is ours.
    const fine = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
    process.exitCode = fine ? ExitCode.ok : ExitCode.usage;
    return;
  }
  // Commands report their own failures; anything reaching here is an internal error.
  process.stderr.write(`corskit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = ExitCode.usage;
});
