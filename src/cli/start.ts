#!/usr/bin/env node
// The published entry of the `corskit` command (@corskit/tools' bin and its `./cli` export, which
// the core's launcher loads). It checks the installed core's version before the command's modules
// are even linked: they import the core's internals, and a core of another version could fail
// while linking, with a stack trace instead of the one line that says how to fix it.
import { coreVersionMismatch } from '../tools-release/core-version.js';
import { wantsJson } from './output/cli-error.js';
import { ExitCode } from './output/exit-codes.js';

const mismatch = coreVersionMismatch();
if (mismatch) {
  const { code, message } = mismatch;
  if (wantsJson())
    process.stdout.write(
      `${JSON.stringify({ error: { code, message, exitCode: ExitCode.usage } }, null, 2)}\n`,
    );
  else process.stderr.write(`corskit: ${message}\n`);
  process.exitCode = ExitCode.usage;
} else {
  await import('./main.js');
}
