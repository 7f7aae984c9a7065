// `corskit config <stack>` and `corskit doctor --stack` as a user runs them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './run-cli.js';

test('config <stack> prints the stack config; a bad stack or option is a clear error, no stack trace', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'corskit-stack-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'cors.json');
  writeFileSync(file, JSON.stringify({ origins: ['https://app.example.com', 'https://*.example.com'] }));
  const django = await runCli(['config', 'django', '--policy', file]);
  assert.equal(django.code, 0, django.stderr);
  assert.match(django.stdout, /CORS_ALLOWED_ORIGIN_REGEXES = \[/);
  assert.match(django.stdout, /r"\^\(\?:https:\/\/app\\\.example\\\.com\)\\Z"/);
  const bad = await runCli(['config', 'rails', '--policy', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown server "rails"; use one of .*django, flask, fastapi, rack, go, php/);
  const upstream = await runCli(['config', 'go', '--policy', file, '--upstream', 'http://127.0.0.1:3000']);
  assert.equal(upstream.code, 1);
  assert.match(upstream.stderr, /--upstream and --location are for nginx, Apache and Caddy/);
  assert.ok(!/\n\s+at /.test(bad.stderr + upstream.stderr));
});

test('doctor --stack refuses an unknown stack before any request', async () => {
  const run = await runCli([
    'doctor',
    'http://127.0.0.1:9/x',
    '--origin',
    'https://a.example',
    '--stack',
    'cobol',
  ]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /--stack must be one of nginx, apache, caddy, express, django, flask, fastapi, rack, go, php/,
  );
});
