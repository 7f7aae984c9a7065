// `corskit har` usage errors: one line, exit 2, no stack trace.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOneLineError, runCli } from '../cli/run-cli.js';

test('corskit har: a missing file, invalid JSON and a non-HAR are one-line errors with exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-har-cli-'));
  try {
    const broken = join(dir, 'broken.har');
    await writeFile(broken, '{"log": ');
    const other = join(dir, 'other.json');
    await writeFile(other, '{"name": "not a har"}');
    for (const [file, message] of [
      [join(dir, 'missing.har'), /cannot read .*missing\.har: ENOENT/],
      [broken, /not a HAR file: invalid JSON/],
      [other, /not a HAR file: expected/],
    ] as const) {
      const run = await runCli(['har', file]);
      assert.equal(run.code, 2, run.stderr);
      assert.ok(isOneLineError(run, 'har'), run.stderr);
      assert.match(run.stderr, message);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('corskit har: a HAR with no cross-origin request exits 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'corskit-har-cli-'));
  try {
    const file = join(dir, 'empty.har');
    await writeFile(file, JSON.stringify({ log: { version: '1.2', entries: [] } }));
    const run = await runCli(['har', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^0 cross-origin requests/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
