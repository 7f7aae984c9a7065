// `corskit check` end to end on real files.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isOneLineError, runCli } from './run-cli.js';

describe('corskit check', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corskit-check-'));
    await writeFile(
      file('good.json'),
      JSON.stringify({ origins: ['https://app.example.com'], credentials: true }),
    );
    await writeFile(file('warn.yaml'), 'origins:\n  - https://app.example.com\nmaxAge: 8000\n');
    await writeFile(
      file('bad.yml'),
      'origins: ["https://app.example.com/", "http://evil.example.com"]\ncredentials: true\nmethods: [TRACE]\nmaxAge: 100000\n',
    );
    await writeFile(file('broken.json'), '{"origins": [');
    await writeFile(file('broken.yaml'), 'origins: [a, b\n  c: :\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('valid JSON policy: exit 0', async () => {
    const run = await runCli(['check', file('good.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /valid policy/);
  });

  test('warnings only: exit 0, warnings printed with path and hint', async () => {
    const run = await runCli(['check', file('warn.yaml')]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /1 warning/);
    assert.match(run.stdout, /maxAge/);
    assert.match(run.stdout, /7200/);
  });

  test('every problem with its path and hint: exit 1', async () => {
    const run = await runCli(['check', file('bad.yml'), '--json']);
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout) as {
      valid: boolean;
      issues: Array<{ code: string; path: string; hint: string; severity: string }>;
    };
    assert.equal(out.valid, false);
    const found = out.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);
    for (const p of [
      'origin-trailing-slash origins[0]',
      'insecure-origin-with-credentials origins[1]',
      'method-forbidden methods[0]',
      'max-age-invalid maxAge',
    ])
      assert.ok(found.includes(p), `${p} in ${found}`);
    for (const issue of out.issues) assert.ok(issue.hint.length > 0);
    const text = await runCli(['check', file('bad.yml')]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /problems/);
    assert.match(text.stdout, /origins\[0\]/);
  });

  for (const [name, args, message] of [
    ['missing file', ['check', '/nonexistent/cors.json'], /cannot read .*no such file/],
    ['a directory', ['check', '/tmp'], /cannot (read|parse)/],
    [
      'broken JSON',
      ['check', 'BROKEN_JSON'],
      /cannot parse .* as JSON at line \d+, column \d+: .+\n {2}\d+ \| .*\n +\^\n$/,
    ],
    [
      'broken YAML',
      ['check', 'BROKEN_YAML'],
      /cannot parse .* as YAML at line \d+, column \d+: .+\n {2}\d+ \| .*\n +\^\n$/,
    ],
  ] as const) {
    test(`unreadable: ${name} → one error line (and the offending line), exit 2`, async () => {
      const real = args.map((a) =>
        a === 'BROKEN_JSON' ? file('broken.json') : a === 'BROKEN_YAML' ? file('broken.yaml') : a,
      );
      const run = await runCli(real);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      const broken = name.startsWith('broken');
      assert.ok(broken || isOneLineError(run, 'check'), run.stderr);
      assert.ok(run.stderr.startsWith('corskit check: ') && !/\n\s+at /.test(run.stderr), run.stderr);
      assert.match(run.stderr, message);
    });
  }

  test('--json: an unreadable or unparseable file is one problem of the same shape, exit 2', async () => {
    for (const [target, code] of [
      ['/nonexistent/cors.json', 'policy-file-unreadable'],
      [file('broken.json'), 'policy-file-unparseable'],
    ] as const) {
      const run = await runCli(['check', target, '--json']);
      assert.equal(run.code, 2, run.stderr);
      const out = JSON.parse(run.stdout) as { valid: boolean; issues: Array<Record<string, string>> };
      assert.equal(out.valid, false);
      assert.deepEqual(Object.keys(out.issues[0]!).sort(), ['code', 'hint', 'message', 'path', 'severity']);
      assert.equal(out.issues[0]!.code, code);
    }
  });

  test('--help has examples', async () => {
    const run = await runCli(['check', '--help']);
    assert.match(run.stdout, /Examples:/);
    assert.equal(run.code, 0);
  });
});
