// `corskit --version` is answered before commander loads (start-up): it must print exactly what
// commander prints for the same option, with the same exit code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from './run-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('--version and -V alone print what commander prints for them, exit 0', async () => {
  // `--no-color` first sends the line through commander, which then prints the version itself.
  const byCommander = await runCli(['--no-color', '--version']);
  assert.deepEqual(byCommander, { code: 0, stdout: `${version}\n`, stderr: '' });
  for (const flag of ['--version', '-V']) assert.deepEqual(await runCli([flag]), byCommander, flag);
});
