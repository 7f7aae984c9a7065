#!/usr/bin/env node
// The published entry of the `corskit` command (@corskit/tools' bin and its `./cli` export, which
// the core's launcher loads). It checks the installed core's version before the command's modules
// are even linked: they import the core's internals, and a core of another version could fail
// while linking, with a stack trace instead of the one line that says how to fix it.
import { coreVersionMismatch } from '../tools-release/core-version.js';

const mismatch = coreVersionMismatch();
if (mismatch) {
  const json = process.argv.slice(2).includes('--json');
  if (json)
    process.stdout.write(
      `${JSON.stringify({ error: { code: mismatch.code, message: mismatch.message, exitCode: 2 } }, null, 2)}\n`,
    );
  else process.stderr.write(`corskit: ${mismatch.message}\n`);
  process.exitCode = 2;
} else {
  await import('./main.js');
}
