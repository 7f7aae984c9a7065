// The CLI's rough edges from issue 12, each through the real CLI as a subprocess.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'corskit-rough-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

/** The CLI piped into `head -1`, as a shell runs it: the pipe closes after the first line. */
function pipedToHead(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const cli = ['node', '--import', 'tsx', 'src/cli/main.ts', ...args].join(' ');
    const child = spawn('sh', ['-c', `${cli} | head -1; exit \${PIPESTATUS:-0}`], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('CLI rough edges', () => {
  test('`corskit doctor --help | head -1` prints one line and no EPIPE stack trace', async () => {
    const run = await pipedToHead(['doctor', '--help']);
    assert.equal(run.stdout, 'Usage: corskit doctor [options] <url>\n');
    assert.equal(run.stderr, '');
  });

  test('`corskit` alone prints the short help on stdout, exit 0', async () => {
    const run = await runCli([]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Usage: corskit/);
    assert.match(run.stdout, /Commands: doctor, explain, scan, check, serve, config/);
  });

  test('a usage error prints the error and one line naming --help, exit 2', async () => {
    for (const args of [['doctor', 'http://x.test/'], ['bogus'], ['explain', '--nope', 'x']]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, args.join(' '));
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, run.stderr);
      assert.match(lines[0] ?? '', /^error: /);
      assert.match(lines[1] ?? '', /--help/);
    }
  });

  test('`corskit config` with no server names the missing argument', async () => {
    const run = await runCli(['config']);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'corskit config: missing argument <server>: one of nginx, apache, caddy, haproxy, django, flask, fastapi, rack, go, php\n',
    );
  });

  test('--json: every command that can fail reports errors as one JSON object on stdout, same exit code', async () => {
    const policy = file('cors.json', '{"origins": ["https://app.example.com"]}');
    const cases: Array<[string[], number]> = [
      [['doctor', 'http://x.test/', '--json'], 2],
      [['doctor', 'localhost:3000', '--origin', 'http://localhost:3000', '--json'], 2],
      [['config', '--json'], 2],
      [['config', 'iis', '--policy', policy, '--json'], 2],
      [['check', join(dir, 'missing.json'), '--json'], 2],
      [['explain', '--json', ' '], 2],
      [['scan', 'notaurl', '--json'], 2],
    ];
    for (const [args, exitCode] of cases) {
      const run = await runCli(args);
      assert.equal(run.code, exitCode, args.join(' '));
      assert.equal(run.stderr, '', args.join(' '));
      const out = JSON.parse(run.stdout) as { error: { message: string; exitCode: number } };
      assert.equal(out.error.exitCode, exitCode);
      assert.ok(out.error.message.length > 0);
    }
    const ok = await runCli(['config', 'nginx', '--policy', policy, '--json']);
    assert.equal(ok.code, 0);
    assert.match((JSON.parse(ok.stdout) as { config: string }).config, /\$http_origin/);
  });

  test('check: did-you-mean for a misspelled key, and a file type it cannot read is refused', async () => {
    const typo = await runCli(['check', file('typo.json', '{"orgins": ["https://a.example"]}'), '--json']);
    assert.equal(typo.code, 1);
    const out = JSON.parse(typo.stdout) as { issues: Array<{ path: string; hint: string }> };
    assert.match(out.issues.find((i) => i.path === 'orgins')?.hint ?? '', /orgins → origins/);
    const toml = await runCli(['check', file('cors.toml', 'origins = ["https://a.example"]')]);
    assert.equal(toml.code, 2);
    assert.equal(
      toml.stderr,
      'corskit check: cannot read .toml files: a policy is JSON (.json) or YAML (.yaml, .yml)\n',
    );
  });

  test('check: the table fits the terminal width', async () => {
    const policy = file('wide.json', '{"orgins": ["https://a.example"], "methodz": ["GET"]}');
    const run = await runCli(['check', policy], { COLUMNS: '72' });
    const widths = run.stdout.split('\n').map((l) => [...l].length);
    assert.ok(Math.max(...widths) <= 72, run.stdout);
    assert.match(run.stdout, /did you mean/);
  });

  test('serve --example on a busy port exits with a message suggesting --port', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as { port: number };
    try {
      const run = await runCli(['serve', '--example', '--port', String(port)]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        `corskit serve: 127.0.0.1:${port} is already in use: stop the other process, or choose another port with --port <n> (--port 0 picks a free one)\n`,
      );
    } finally {
      busy.close();
    }
  });

  test('serve --example prints its banner before the JSON log lines', async () => {
    // One pipe for stdout and stderr, so the order is the order a terminal shows.
    const child = spawn(
      'sh',
      ['-c', 'exec node --import tsx src/cli/main.ts serve --example --port 0 2>&1'],
      { cwd: root },
    );
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d;
        if (/Ctrl-C drains and stops\.\n[\s\S]*"gateway listening"/.test(output)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGTERM');
    const banner = output.indexOf('corskit gateway — built-in example');
    assert.ok(banner >= 0, output);
    assert.ok(output.indexOf('{"time"') > banner, output);
  });

  test('doctor --timeout takes units (5s, 300ms)', async () => {
    const ok = await runCli([
      'doctor',
      'http://127.0.0.1:9/',
      '--origin',
      'http://localhost:3000',
      '--timeout',
      '300ms',
      '--json',
    ]);
    assert.equal(ok.code, 2);
    assert.doesNotMatch(ok.stdout, /invalid timeout/);
    const bad = await runCli([
      'doctor',
      'http://127.0.0.1:9/',
      '--origin',
      'http://localhost:3000',
      '--timeout',
      '5 parsecs',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid timeout "5 parsecs": a duration between 1ms and 10m, e\.g\. 5s/);
  });
});
