// `corskit doctor` end to end: the CLI as a subprocess against a real local API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { type DoctorServer, startDoctorServer } from './doctor-server.js';
import { isOneLineError, runCli } from './run-cli.js';

const PAGE = 'http://localhost:5173';

async function doctorJson(
  args: string[],
): Promise<{ code: number | null; report: DoctorReport; stderr: string }> {
  const run = await runCli(['doctor', ...args, '--origin', PAGE, '--json']);
  assert.ok(run.stdout.trim().startsWith('{'), `JSON expected, got: ${run.stdout}${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as DoctorReport, stderr: run.stderr };
}

describe('corskit doctor', () => {
  let api: DoctorServer;
  before(async () => {
    api = await startDoctorServer(PAGE);
  });
  after(async () => {
    await api.close();
  });

  test('allowed: exit 0, JSON has exactly the documented keys, no messages', async () => {
    const { code, report } = await doctorJson([`${api.base}/ok`, '--credentials']);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(report).sort(), [
      'actual',
      'browsers',
      'cause',
      'code',
      'exchanges',
      'fix',
      'messages',
      'origin',
      'preflight',
      'redirects',
      'requestProfile',
      'stack',
      'traps',
      'url',
      'verdict',
      'whatToCheck',
    ]);
    assert.equal(report.verdict, 'allowed');
    assert.equal(report.code, null);
    assert.deepEqual(report.messages, { firefox: null, chromium: null, webkit: null });
    assert.equal(report.preflight, null);
    assert.equal(report.actual?.response?.status, 200);
    assert.deepEqual(
      report.actual?.request.headers.find(([n]) => n.toLowerCase() === 'origin'),
      ['Origin', PAGE],
    );
  });

  test('a preflighted PUT with Authorization is allowed by the corskit server', async () => {
    const { code, report } = await doctorJson([
      `${api.base}/ok`,
      '-X',
      'PUT',
      '-H',
      'Authorization: Bearer t',
    ]);
    assert.equal(code, 0, JSON.stringify(report));
    assert.equal(report.preflight?.request.method, 'OPTIONS');
    assert.equal(report.preflight?.response?.status, 204);
    assert.equal(report.actual?.request.method, 'PUT');
  });

  test('missing ACAO: blocked, exit 1, both browsers’ lines, a fix with policy/nginx/Apache/Express', async () => {
    const { code, report } = await doctorJson([`${api.base}/no-cors`]);
    assert.equal(code, 1);
    assert.equal(report.verdict, 'blocked');
    assert.equal(report.code, 'CORSMissingAllowOrigin');
    assert.ok(report.messages.firefox?.some((l) => l.includes('Access-Control-Allow-Origin’ missing')));
    assert.ok(
      report.messages.chromium?.some((l) => l.includes("No 'Access-Control-Allow-Origin' header is present")),
    );
    // doctor --json carries Safari's (WebKit's) lines too.
    assert.deepEqual(report.messages.webkit, [
      `Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200`,
      `Fetch API cannot load ${api.base}/no-cors due to access control checks.`,
    ]);
    assert.ok(report.cause && report.cause.length > 10);
    assert.ok(report.fix);
    assert.match(report.fix.nginx, /add_header/);
    assert.match(report.fix.apache, /Header/);
    assert.match(report.fix.express, /app\.use\(cors\(/);
    assert.deepEqual(report.traps, []);
  });

  test('text output: traps first, timeline with the failing header, both browsers, cause, fix', async () => {
    const run = await runCli(['doctor', `${api.base}/boom`, '--origin', PAGE]);
    assert.equal(run.code, 1);
    const out = run.stdout;
    const order = [
      'BLOCKED',
      '! Trap: The real problem is a server error (HTTP 500)',
      'Exchange',
      '< 500',
      'access-control-allow-origin: (missing)   ← here',
      'Firefox prints:',
      'Chromium prints:',
      'Cause',
      'What to check',
      'Fix',
      'nginx:',
      'Apache:',
      'Express:',
    ];
    let at = -1;
    for (const piece of order) {
      const next = out.indexOf(piece, at + 1);
      assert.ok(next > at, `"${piece}" after position ${at} in:\n${out}`);
      at = next;
    }
  });

  const traps: Array<[string, string[], string, RegExp]> = [
    [
      'error status without CORS headers',
      [`/boom`],
      'error-status-without-cors',
      /The real problem is a server error/,
    ],
    [
      'preflight rejected by auth middleware',
      ['/auth', '-X', 'PUT', '-H', 'Authorization: Bearer t'],
      'preflight-rejected-by-auth',
      /preflight was rejected by authentication \(HTTP 401\)/,
    ],
    [
      'preflight redirected HTTP→HTTPS',
      ['/to-https', '-X', 'DELETE'],
      'preflight-redirected',
      /redirected from HTTP to HTTPS/,
    ],
    [
      'preflight redirected to add a trailing slash',
      ['/items', '-H', 'X-Request-Id: 1'],
      'preflight-redirected',
      /trailing slash/,
    ],
    [
      '* with credentials',
      ['/star', '--credentials'],
      'wildcard-with-credentials',
      /cannot be used with credentials/,
    ],
    ['two ACAO values', ['/twice'], 'multiple-allow-origin', /Two Access-Control-Allow-Origin values/],
  ];
  for (const [name, [path, ...rest], id, cause] of traps) {
    test(`trap: ${name}`, async () => {
      const { code, report } = await doctorJson([`${api.base}${path}`, ...rest]);
      assert.equal(code, 1, JSON.stringify(report));
      assert.equal(report.verdict, 'blocked');
      assert.equal(report.traps[0]?.id, id, JSON.stringify(report.traps));
      assert.match(report.cause ?? '', cause);
      assert.ok(report.messages.firefox?.length && report.messages.chromium?.length);
    });
  }

  const badInput: Array<[string, string[], RegExp]> = [
    ['unreachable host', ['http://127.0.0.1:1/x', '--origin', PAGE], /connection refused/],
    ['invalid URL', ['http//nope', '--origin', PAGE], /invalid URL/],
    ['non-HTTP URL', ['ftp://127.0.0.1/file', '--origin', PAGE], /cannot probe ftp/],
    [
      'invalid origin (trailing slash)',
      ['http://127.0.0.1:1/x', '--origin', 'http://localhost:5173/'],
      /invalid origin/,
    ],
    ['invalid origin (not a URL)', ['http://127.0.0.1:1/x', '--origin', 'localhost'], /invalid origin/],
    ['invalid header', ['http://127.0.0.1:1/x', '--origin', PAGE, '-H', 'no colon'], /invalid header/],
    ['invalid method', ['http://127.0.0.1:1/x', '--origin', PAGE, '-X', 'GE T'], /invalid method/],
    ['missing --origin', ['http://127.0.0.1:1/x'], /required option/],
  ];
  for (const [name, args, message] of badInput) {
    test(`bad input: ${name} → one line, exit 2`, async () => {
      const run = await runCli(['doctor', ...args]);
      assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      if (!name.startsWith('missing')) assert.ok(isOneLineError(run, 'doctor'), run.stderr);
    });
  }

  test('a redirect to an unreachable server is a diagnosis (exit 1), not a usage error', async () => {
    const { code, report } = await doctorJson([`${api.base}/to-dead`]);
    assert.equal(code, 1);
    assert.equal(report.verdict, 'blocked');
    assert.equal(report.redirects.length, 1);
    assert.equal(report.redirects[0]?.response, null);
    assert.equal(report.code, 'CORSDidNotSucceed');
  });

  test('timeout → one line naming the timeout, exit 2', async () => {
    const run = await runCli(['doctor', `${api.base}/hang`, '--origin', PAGE, '--timeout', '300']);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'doctor'), run.stderr);
    assert.match(run.stderr, /no response within 300 ms/);
  });

  test('--help has examples and exit codes', async () => {
    const run = await runCli(['doctor', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Examples:[\s\S]*corskit doctor/);
    assert.match(run.stdout, /Exit codes: 0 allowed, 1 blocked, 2/);
  });
});
