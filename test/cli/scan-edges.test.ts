// `corskit scan`'s rough edges from issue 12, through the real CLI against real servers: the fix
// follows the server's stack, "https" only for https targets, an overall deadline, progress on a
// terminal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express from 'express';
import type { ScanReport } from '../../src/scan/types.js';
import { findBinary } from '../support/binaries.js';
import { runCli } from './run-cli.js';

const closers: Array<() => void> = [];
after(() => {
  for (const close of closers) close();
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

async function scanJson(args: string[]): Promise<ScanReport> {
  const run = await runCli(['scan', ...args, '--json']);
  assert.equal(run.stderr, '', run.stderr);
  return JSON.parse(run.stdout) as ScanReport;
}

const reflectAll: RequestListener = (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.end('{}');
};

describe('corskit scan', () => {
  test('the fix follows the detected stack: the `cors` package only for Express', async () => {
    const app = express();
    app.use(cors({ origin: true }));
    app.get('/api', (_req, res) => {
      res.json({});
    });
    const onExpress = await scanJson([await serve(app), '--origin', 'https://app.example.com']);
    assert.equal(onExpress.stack, 'express');
    const expressFix = onExpress.findings.find((f) => f.class === 'reflect-any-origin')?.fix ?? '';
    assert.match(expressFix, /`cors` package/);
    const plain = await scanJson([await serve(reflectAll), '--origin', 'https://app.example.com']);
    assert.equal(plain.stack, null);
    assert.doesNotMatch(
      plain.findings.find((f) => f.class === 'reflect-any-origin')?.fix ?? '',
      /`cors` package/,
    );
  });

  test('"https site" only for an https target', async () => {
    const trustsHttp = await serve((req, res) => {
      const origin = req.headers.origin ?? '';
      if (origin === 'https://app.example.com' || origin === 'http://app.example.com')
        res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.end('{}');
    });
    const report = await scanJson([trustsHttp, '--origin', 'https://app.example.com']);
    const finding = report.findings.find((f) => f.class === 'http-origin-trusted');
    assert.ok(finding, JSON.stringify(report.findings.map((f) => f.class)));
    assert.equal(finding.title, 'An http:// origin is trusted');
    assert.doesNotMatch(`${finding.title} ${finding.description}`, /https site/);
  });

  test('--deadline stops the scan and says the findings are partial', async () => {
    const slow = await serve((req, res) => {
      setTimeout(() => reflectAll(req, res), 150);
    });
    const run = await runCli(['scan', slow, '--origin', 'https://app.example.com', '--deadline', '400ms']);
    assert.match(run.stdout, /the --deadline passed before every probe was sent/);
    const report = await scanJson([slow, '--origin', 'https://app.example.com', '--deadline', '400ms']);
    assert.equal(report.timedOut, true);
  });

  test('progress on a terminal, none when piped', async (t) => {
    const script = findBinary('/usr/bin/script');
    if (!script) return t.skip('util-linux `script` (a pseudo-terminal) is not installed');
    const url = await serve(reflectAll);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const cmd = `node --import tsx src/cli/main.ts scan ${url} --origin https://app.example.com`;
    const output = await new Promise<string>((resolve) => {
      const child = spawn(script, ['-qec', cmd, '/dev/null'], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.on('close', () => resolve(out));
    });
    assert.match(output, /\rscanning… \d+\/\d+ requests/);
    const piped = await runCli(['scan', url, '--origin', 'https://app.example.com']);
    assert.doesNotMatch(piped.stderr + piped.stdout, /scanning…/);
  });
});
