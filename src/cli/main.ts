#!/usr/bin/env node
// The `corskit` command. Each subcommand lives in its own file and only parses arguments and
// prints: the work is done by library functions that the tests call directly.
import { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerConfig } from './config.js';
import { registerDoctor } from './doctor.js';
import { registerExplain } from './explain.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { version } from './version.js';

const program = new Command()
  .name('corskit')
  .description('CORS done right: diagnose, scan, serve and configure CORS exactly as browsers see it.')
  .version(version)
  .showHelpAfterError();

for (const register of [registerDoctor, registerExplain, registerScan, registerCheck, registerServe, registerConfig]) {
  register(program);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  // Commands report their own failures; anything reaching here is a usage or internal error.
  process.stderr.write(`corskit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
