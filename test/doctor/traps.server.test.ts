// The doctor's traps on the misconfigurations met on real servers (issue 12): real nginx and
// Apache processes and a real Express app on loopback, probed by the real CLI.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import cors from 'cors';
import express from 'express';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { runCli } from '../cli/run-cli.js';
import { startApache, startNginx } from '../generate/support/web-servers.js';
import { APACHE, NGINX, requireBinary } from '../support/binaries.js';

const PAGE = 'http://localhost:3000';

async function doctor(args: string[]): Promise<{ code: number | null; report: DoctorReport; text: string }> {
  const json = await runCli(['doctor', ...args, '--json']);
  assert.equal(json.stderr, '', json.stderr);
  const text = await runCli(['doctor', ...args]);
  return { code: json.code, report: JSON.parse(json.stdout) as DoctorReport, text: text.stdout };
}

const trapIds = (report: DoctorReport) => report.traps.map((t) => t.id);

describe('doctor traps on a real Express app', () => {
  let base = '';
  let close: () => Promise<void>;
  before(async () => {
    const app = express();
    // CORS on the preflight only: the classic `app.options('/me', cors())` without app.use.
    app.options('/me', cors({ origin: PAGE, credentials: true }));
    app.put('/me', (_req, res) => {
      res.json({ me: 1 });
    });
    app.get('/items', (_req, res) => res.redirect(301, '/items/'));
    app.get('/account', (_req, res) => res.redirect(302, '/login?next=/account'));
    app.get('/session', (_req, res) => {
      res.status(401).json({ error: 'no session' });
    });
    // An origin reflected without Vary: Origin; an error status the page may read; a header it may not.
    app.get('/echo', (req, res) => {
      res.set('Access-Control-Allow-Origin', req.headers.origin ?? '');
      res.set('X-Total-Count', '42');
      res.status(500).send('boom');
    });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
  });
  after(() => close());

  test('CORS on the preflight only: named, with where the middleware goes', async () => {
    const { code, report, text } = await doctor([
      `${base}/me`,
      '--origin',
      PAGE,
      '-X',
      'PUT',
      '--credentials',
    ]);
    assert.equal(code, 1);
    assert.deepEqual(trapIds(report), ['cors-on-preflight-only']);
    assert.match(text, /CORS is done for the preflight only/);
    assert.match(text, /app\.use\(cors\(options\)\)/);
  });

  test('a 301 to the trailing-slash URL and a 302 to a login page, with their targets', async () => {
    const slash = await doctor([`${base}/items`, '--origin', PAGE]);
    assert.equal(slash.code, 1);
    assert.deepEqual(trapIds(slash.report), ['request-redirected']);
    assert.match(slash.text, new RegExp(`trailing slash \\(301 to ${base}/items/\\)`));
    const login = await doctor([`${base}/account`, '--origin', PAGE]);
    assert.match(login.text, new RegExp(`login page \\(302 to ${base}/login\\?next=/account\\)`));
    assert.match(login.text, /session is missing or expired/);
  });

  test('a 401 is worded as a missing session or token, a 404 as a wrong route', async () => {
    const session = await doctor([`${base}/session`, '--origin', PAGE]);
    assert.match(session.text, /Trap: The real problem is HTTP 401: the request is not authenticated/);
    assert.doesNotMatch(session.text, /server error/);
    const missing = await doctor([`${base}/nowhere`, '--origin', PAGE]);
    assert.match(missing.text, /HTTP 404: the URL or route is wrong/);
  });

  test('an allowed verdict still says: no Vary: Origin, an error status, an unexposed header', async () => {
    const { code, report, text } = await doctor([
      `${base}/echo`,
      '--origin',
      PAGE,
      '--read-header',
      'X-Total-Count',
      '--read-header',
      'X-Missing',
    ]);
    assert.equal(code, 0);
    assert.equal(report.verdict, 'allowed');
    assert.deepEqual(trapIds(report), [
      'echo-without-vary',
      'allowed-error-status',
      'header-not-exposed',
      'header-not-exposed',
    ]);
    assert.match(text, /! Warning: Allowed, but the response names the origin .* without Vary: Origin/);
    assert.match(text, /the page will read the error/);
    assert.match(text, /cannot read the response header X-Total-Count/);
    assert.match(text, /no X-Missing header at all/);
  });
});

describe('doctor input that looks fine but is not what a browser does', () => {
  let base = '';
  let close: () => Promise<void>;
  before(async () => {
    const app = express();
    app.use(cors({ origin: PAGE, methods: ['GET', 'PUT'] }));
    app.all('/ok', (_req, res) => {
      res.send('ok');
    });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
  });
  after(() => close());

  test('a Cookie header warns and points to --credentials; -X OPTIONS gets a hint', async () => {
    const cookie = await runCli(['doctor', `${base}/ok`, '--origin', PAGE, '-H', 'Cookie: sid=1']);
    assert.equal(cookie.code, 0, cookie.stderr);
    assert.match(cookie.stdout, /^! Warning: Cookie is a forbidden header[\s\S]*--credentials/);
    const json = await runCli(['doctor', `${base}/ok`, '--origin', PAGE, '-H', 'Cookie: sid=1', '--json']);
    assert.match((JSON.parse(json.stdout) as { warnings: string[] }).warnings[0] ?? '', /--credentials/);
    const options = await runCli(['doctor', `${base}/ok`, '--origin', PAGE, '-X', 'OPTIONS']);
    assert.match(options.stdout, /browsers send the OPTIONS preflight themselves/);
  });

  test('a body that stalls after the headers is reported as such, not as "no response"', async () => {
    const stalling = createServer((req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin ?? '', Vary: 'Origin' });
      res.write('{"partial":');
      // …and nothing more: the body never ends.
    });
    await new Promise<void>((r) => stalling.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}/stream`;
    try {
      const run = await runCli(['doctor', url, '--origin', PAGE, '--timeout', '500ms']);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /no response/);
      assert.match(run.stdout, /The response headers arrived \(200\), then the body stalled/);
    } finally {
      stalling.closeAllConnections();
      stalling.close();
    }
  });

  test('`doctor localhost:3000` suggests http://localhost:3000, exit 2', async () => {
    const run = await runCli(['doctor', 'localhost:3000', '--origin', PAGE]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /did you mean http:\/\/localhost:3000 \?/);
  });

  test('repeatable --origin and -X give a compact matrix', async () => {
    const args = ['doctor', `${base}/ok`, '-o', PAGE, '-o', 'https://evil.example', '-X', 'GET', '-X', 'PUT'];
    const run = await runCli(args);
    assert.equal(run.code, 1);
    const rows = run.stdout.split('\n').filter((l) => /^ {2}(http|https):/.test(l));
    assert.equal(rows.length, 4, run.stdout);
    assert.match(rows[0] ?? '', /localhost:3000\s+GET\s+✓ allowed/);
    assert.match(rows[3] ?? '', /evil\.example\s+PUT\s+✗ CORS/);
    const json = JSON.parse((await runCli([...args, '--json'])).stdout) as {
      matrix: Array<{ origin: string; method: string }>;
    };
    assert.deepEqual(
      json.matrix.map((m) => `${m.origin} ${m.method}`),
      [`${PAGE} GET`, `${PAGE} PUT`, 'https://evil.example GET', 'https://evil.example PUT'],
    );
  });
});

describe('doctor traps on real nginx and Apache', () => {
  test("nginx: an add_header in the OPTIONS `if` block cancels the server's ACAO", async (t) => {
    const bin = requireBinary(NGINX);
    if (bin.skip) return t.skip(bin.skip);
    const nginx = await startNginx(`server {
  listen 80;
  add_header Access-Control-Allow-Origin ${PAGE} always;
  location /api {
    if ($request_method = OPTIONS) {
      add_header Access-Control-Allow-Methods "GET, PUT, DELETE";
      add_header Access-Control-Allow-Headers "content-type";
      return 204;
    }
    return 200 "ok";
  }
}
`);
    try {
      const { code, report, text } = await doctor([`${nginx.origin}/api`, '--origin', PAGE, '-X', 'PUT']);
      assert.equal(code, 1);
      assert.equal(trapIds(report)[0], 'nginx-add-header-inheritance');
      assert.match(text, /add_header in the OPTIONS block cancels the inherited ones/);
      assert.match(text, /Repeat every\s+CORS add_header inside\s+that block/);
    } finally {
      await nginx.stop();
    }
  });

  test('Apache: `Header set` + `Header always set` give two values; the fix says remove the old lines', async (t) => {
    const bin = requireBinary(APACHE);
    if (bin.skip) return t.skip(bin.skip);
    const root = await mkdtemp(join(tmpdir(), 'corskit-apache-root-'));
    await writeFile(join(root, 'api.txt'), 'ok');
    const apache = await startApache(`<VirtualHost *:80>
  DocumentRoot ${root}
  <Directory ${root}>
    Require all granted
  </Directory>
  Header set Access-Control-Allow-Origin "${PAGE}"
  Header always set Access-Control-Allow-Origin "${PAGE}"
</VirtualHost>
`);
    try {
      const { code, report, text } = await doctor([`${apache.origin}/api.txt`, '--origin', PAGE]);
      assert.equal(code, 1);
      assert.equal(report.code, 'CORSMultipleAllowOriginNotAllowed');
      assert.ok(trapIds(report).includes('multiple-allow-origin'));
      assert.match(text, /Apache's `Header set` and `Header always set` both add it/);
      assert.match(text, /Remove the old `Header set Access-Control-\*`/);
      // …and so does the Apache fix itself.
      assert.match(
        text,
        /Apache:\n\s+# needs mod_headers\n\s+# remove every older "Header set Access-Control-\*" line/,
      );
    } finally {
      await apache.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
