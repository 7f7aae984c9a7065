// `corskit doctor --real` end to end: the CLI drives the installed Chromium and Firefox against a
// loopback server over http, and over HTTP/2 with a self-signed certificate (-k), and reports
// what they did beside the model's prediction.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { RealReport } from '../../src/cli/doctor-real.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import { selfSignedCertificate } from '../support/tls-cert.js';
import { isOneLineError, runCli } from './run-cli.js';

const chromium = requireBinary(CHROMIUM);
const firefox = requireBinary(FIREFOX);
const PAGE = 'http://localhost:5173';
const SECURE_PAGE = 'https://localhost:5173';

/** Answers /ok with the page's origin, /twice with two lower-case ACAO lines, /waf 403 without a User-Agent. */
function answer(path: string, userAgent: string | undefined): Array<string> | null {
  if (path === '/waf' && !userAgent) return null;
  if (path === '/twice')
    return [
      'access-control-allow-origin',
      'https://a.example',
      'access-control-allow-origin',
      'https://b.example',
    ];
  return ['access-control-allow-origin', '*'];
}

describe('doctor --real', { skip: chromium.skip || firefox.skip }, () => {
  let http: ReturnType<typeof createServer>;
  let h2: ReturnType<typeof createSecureServer>;
  let httpBase = '';
  let h2Base = '';
  before(async () => {
    http = createServer((req, res) => {
      const headers = answer(new URL(req.url ?? '/', 'http://x').pathname, req.headers['user-agent']);
      res.writeHead(headers ? 200 : 403, headers ?? []).end('body');
    });
    h2 = createSecureServer({ ...selfSignedCertificate(), allowHTTP1: true }, (req, res) => {
      const headers = answer(new URL(req.url ?? '/', 'https://x').pathname, req.headers['user-agent']);
      // The compatibility API takes the same flat list at run time; its typings only know objects.
      res.writeHead(headers ? 200 : 403, (headers ?? []) as unknown as Record<string, string>).end('body');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
    httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    h2Base = `https://127.0.0.1:${(h2.address() as AddressInfo).port}`;
  });
  after(() => {
    http.closeAllConnections();
    http.close();
    h2.close();
  });

  const real = async (args: string[]): Promise<RealReport> => {
    const run = await runCli(['doctor', ...args, '--real', '--json']);
    assert.ok(run.stdout.startsWith('{'), run.stderr);
    return JSON.parse(run.stdout) as RealReport;
  };

  test('loopback http behind a WAF: both real browsers read it, as the model says', async () => {
    const report = await real([`${httpBase}/waf`, '--origin', PAGE]);
    assert.equal(report.verdict, 'allowed');
    for (const browser of ['chromium', 'firefox'] as const) {
      assert.equal(report.observed[browser]?.verdict, 'allowed', JSON.stringify(report.observed[browser]));
      assert.equal(report.observed[browser]?.status, 200);
    }
    assert.deepEqual(report.disagreements, []);
  });

  test('HTTP/2 with a self-signed certificate (-k): two lower-case ACAO lines, each browser as predicted', async () => {
    const report = await real([`${h2Base}/twice`, '--origin', SECURE_PAGE, '-k']);
    assert.equal(report.actual?.response?.protocol, 'h2');
    assert.equal(report.verdict, 'blocked');
    assert.deepEqual(report.disagreements, []);
    assert.match(
      report.observed.firefox?.lines[0] ?? '',
      /does not match ‘https:\/\/a\.example, https:\/\/b\.example’/,
    );
    assert.match(report.observed.chromium?.lines[0] ?? '', /contains multiple values/);
    assert.deepEqual(report.observed.chromium?.lines, report.messages.chromium);
  });

  test('text output shows each real browser beside the prediction', async () => {
    const run = await runCli(['doctor', `${httpBase}/ok`, '--origin', PAGE, '--real', 'firefox']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Real browsers \(--real\)/);
    assert.match(
      run.stdout,
      /Firefox \(Firefox [\d.]+(esr)?\): allowed \(status 200\) {2}✓ as the model predicted/,
    );
    assert.doesNotMatch(run.stdout, /Chromium \(/);
  });

  test('an executable that does not exist: one line, exit 2', async () => {
    const run = await runCli([
      'doctor',
      `${httpBase}/ok`,
      '--origin',
      PAGE,
      '--real',
      'firefox',
      '--firefox-path',
      '/no/such/firefox',
    ]);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'doctor'), run.stderr);
    assert.match(run.stderr, /\/no\/such\/firefox is not an executable file/);
  });
});
