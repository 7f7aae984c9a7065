// `corskit scan` end to end: the CLI as a subprocess against real local servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ScanReport } from '../../src/scan/types.js';
import { TRUSTED, ZOO } from '../scan-zoo/zoo.js';
import { listen, type RunningServer } from '../scan-zoo/zoo-server.js';
import { isOneLineError, runCli } from './run-cli.js';

const reflecting = ZOO.find((a) => a.expected.includes('reflect-any-origin'))!;
const correct = ZOO.find((a) => a.expected.length === 0)!;
const missingVary = ZOO.find((a) => a.expected.includes('missing-vary-origin'))!;

describe('corskit scan', () => {
  let bad: RunningServer;
  let good: RunningServer;
  let vary: RunningServer;
  let silent: RunningServer;
  before(async () => {
    bad = await reflecting.start();
    good = await correct.start();
    vary = await missingVary.start();
    silent = await listen(() => {
      // Never answers: the timeout test.
    });
  });
  after(async () => {
    for (const s of [bad, good, vary, silent]) await s.close();
  });

  test('reflect-any with credentials: high finding, exit 1, text names the class and the fix', async () => {
    const run = await runCli(['scan', bad.url, '--origin', TRUSTED]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /HIGH\s+Any origin is reflected\s+\[reflect-any-origin\]/);
    assert.match(run.stdout, /< Access-Control-Allow-Origin: https:\/\/attacker\.test/i);
    assert.match(run.stdout, /Fix: /);
  });

  test('--json: the report with evidence headers', async () => {
    const run = await runCli(['scan', bad.url, '--origin', TRUSTED, '--json']);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.worst, 'high');
    assert.equal(report.findings[0]!.class, 'reflect-any-origin');
    assert.equal(report.findings[0]!.probeOrigin, 'https://attacker.test');
    assert.equal(report.findings[0]!.credentials, true);
    assert.ok(report.requestsSent > 40);
  });

  test('correct corskit server: nothing found, exit 0', async () => {
    const run = await runCli(['scan', good.url, '--origin', TRUSTED]);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /no CORS misconfiguration found/);
  });

  test('missing Vary (medium) exits 1', async () => {
    const run = await runCli(['scan', vary.url, '--origin', TRUSTED, '--json']);
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stdout) as ScanReport).worst, 'medium');
  });

  test('without --origin the URL origin is trusted, and the report warns it gets no grant', async () => {
    const run = await runCli(['scan', good.url]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /itself gets no CORS grant/);
  });

  for (const [name, args] of [
    ['invalid URL', ['scan', 'not a url']],
    ['non-HTTP URL', ['scan', 'ftp://127.0.0.1/x']],
    ['invalid origin', ['scan', 'http://127.0.0.1:1/', '--origin', 'https://www.example.com/']],
    ['unreachable host', ['scan', 'http://127.0.0.1:1/api', '--origin', TRUSTED]],
  ] as const) {
    test(`bad input: ${name} → one line, exit 2`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.ok(isOneLineError(run, 'scan'), run.stderr);
      assert.equal(run.stdout, '');
    });
  }

  test('timeout → one line naming the timeout, exit 2', async () => {
    const run = await runCli(['scan', silent.url, '--origin', TRUSTED, '--timeout', '300']);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'scan'), run.stderr);
    assert.match(run.stderr, /no response within 300 ms/);
  });

  test('--help shows examples and exit codes', async () => {
    const run = await runCli(['scan', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Examples:/);
    assert.match(run.stdout, /Exit codes:/);
  });
});
