// `corskit ui` as a user starts it: flags checked, the page served, a clean stop.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isOneLineError, runCli } from '../cli/run-cli.js';

test('corskit ui: a bad port is a one-line error; --port 0 serves the page and stops on SIGTERM', async () => {
  const bad = await runCli(['ui', '--port', 'eighty']);
  assert.equal(bad.code, 2);
  assert.ok(isOneLineError(bad, 'ui'), bad.stderr);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ui', '--port', '0'], {
    cwd: root,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        const found = /corskit ui: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.on('exit', () => reject(new Error(`exited: ${out}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<label for="url">URL<\/label>/);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

test('corskit ui: a port in use is a one-line error with exit 2', async () => {
  const { createServer } = await import('node:http');
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = busy.address() as import('node:net').AddressInfo;
    const run = await runCli(['ui', '--port', String(port)]);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'ui'), run.stderr);
    assert.match(run.stderr, /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
  } finally {
    busy.close();
  }
});
