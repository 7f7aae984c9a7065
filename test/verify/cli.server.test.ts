// `corskit verify` end to end: the real CLI against real servers in this process.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import expressCors from 'cors';
import express from 'express';
import { cors as corskitNode } from '../../src/adapters/node.js';
import type { VerifyReport } from '../../src/verify/index.js';
import { isOneLineError, runCli } from '../cli/run-cli.js';
import { freePort } from '../generate/support/web-servers.js';

const policy = { origins: ['https://app.example.com'], credentials: true, methods: ['PUT'] };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('corskit verify (CLI)', () => {
  let dir: string;
  let good: Server;
  let bad: Server;
  let goodUrl: string;
  let badUrl: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corskit-verify-'));
    await writeFile(join(dir, 'cors.json'), JSON.stringify(policy));
    await writeFile(
      join(dir, 'cors.yaml'),
      'origins:\n  - https://app.example.com\ncredentials: true\nmethods: [PUT]\n',
    );
    await writeFile(join(dir, 'invalid.json'), JSON.stringify({ origins: ['https://app.example.com/path'] }));
    const handle = corskitNode(policy);
    good = createServer((req, res) => {
      if (!handle(req, res)) res.end('ok');
    });
    const app = express();
    app.use(expressCors({ origin: true, credentials: true }));
    app.all('/{*any}', (_req, res) => {
      res.send('x');
    });
    bad = createServer(app);
    goodUrl = await listen(good);
    badUrl = await listen(bad);
  });
  after(async () => {
    good.close();
    bad.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a conforming server: exit 0, one line saying so', async () => {
    const run = await runCli([
      'verify',
      goodUrl,
      '--policy',
      join(dir, 'cors.yaml'),
      '--path',
      '/a',
      '--path',
      '/b',
    ]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /answers as the policy says/);
    assert.match(run.stdout, /2 path\(s\) \(\/a, \/b\)/);
  });

  test('a leaking server: exit 1 and a table naming the leak and the origin', async () => {
    const run = await runCli(['verify', `${badUrl}/items`, '--policy', join(dir, 'cors.json')]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /deviates from the policy: \d+ leak/);
    assert.match(run.stdout, /LEAK/);
    assert.match(run.stdout, /https:\/\/evilapp\.example\.com/);
    assert.match(run.stdout, /policy says/);
  });

  test('--json: the same report as the library, parseable', async () => {
    const run = await runCli(['verify', `${badUrl}/items`, '--policy', join(dir, 'cors.json'), '--json']);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as VerifyReport;
    assert.equal(report.conforms, false);
    assert.ok(report.counts.leak > 0);
    assert.equal(
      report.deviations.length,
      Object.values(report.counts).reduce((a, b) => a + b, 0),
    );
    assert.ok(report.deviations.every((d) => d.request.method && d.problems.length > 0));
  });

  test('unreachable server: exit 2, one line', async () => {
    const port = await freePort();
    const run = await runCli(['verify', `http://127.0.0.1:${port}/`, '--policy', join(dir, 'cors.json')]);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'verify'), run.stderr);
    assert.match(run.stderr, /cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  });

  test('bad usage: exit 2 with one line each', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['verify', goodUrl, '--policy', join(dir, 'missing.json')],
        /cannot read .*missing\.json: no such file/,
      ],
      [['verify', goodUrl, '--policy', join(dir, 'invalid.json')], /invalid policy .*origins\[0\]/],
      [
        ['verify', goodUrl, '--policy', join(dir, 'cors.json'), '--path', 'relative'],
        /--path "relative" must start/,
      ],
      [['verify', 'ftp://example.com/', '--policy', join(dir, 'cors.json')], /only http:\/\/ and https:\/\//],
      [['verify', 'not a url', '--policy', join(dir, 'cors.json')], /is not a URL/],
      [['verify', goodUrl, '--policy', join(dir, 'cors.json'), '--timeout', '0'], /--timeout/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(isOneLineError(run, 'verify'), run.stderr);
      assert.match(run.stderr, message);
    }
    const missing = await runCli(['verify', goodUrl]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--policy/);
  });
});
