// `corskit har` on HAR files recorded by the real browsers, at test time, against the live
// doctor test server: each replayed request must say what `corskit doctor --json` says about the
// same fetch live, secrets never appear in any output, and holes in a recording are named.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { analyzeHar, type HarAnalysis } from '../../src/har/index.js';
import { type DoctorServer, startDoctorServer } from '../cli/doctor-server.js';
import { runCli } from '../cli/run-cli.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import type { PageRequest } from '../support/browsers.js';
import { startPageServer } from '../support/browsers.js';
import { captureHar, type HarRecorder } from '../support/har-capture.js';

interface Case {
  readonly name: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly credentials?: boolean;
}

const TOKEN = 'Bearer tok-SECRET-1';
const COOKIE = 'sid=cookie-SECRET-2';
// The cookie is scoped to /ok, so the credentialed fetch of /star carries none: the HAR then does
// not show that credentials were asked for, and the analysis must infer it from the failure.
const SETUP = `${COOKIE}; path=/ok`;

const CASES: readonly Case[] = [
  { name: 'allowed GET with a cookie', path: '/ok?1', credentials: true },
  { name: 'allowed preflighted PUT', path: '/ok?2', method: 'PUT', headers: { Authorization: TOKEN } },
  { name: 'missing ACAO', path: '/no-cors?3' },
  { name: '500 without CORS headers', path: '/boom?4' },
  { name: 'preflight answered 401', path: '/auth?5', method: 'PUT', headers: { Authorization: TOKEN } },
  { name: 'redirected preflight', path: '/items?6', headers: { 'X-Request-Id': '1' } },
  { name: '* with credentials (no cookie)', path: '/star?7', credentials: true },
  { name: 'redirect to a dead port', path: '/to-dead?8' },
  { name: 'two ACAO values', path: '/twice?9' },
  // Served by a second origin that redirects (see startHopServer).
  { name: 'redirect within the other origin, allowed', path: '/hop-self?10' },
  { name: 'redirect on to a third origin: Origin becomes null', path: '/hop-away?11' },
];

/**
 * A second cross-origin server whose responses redirect: to itself (the fetch ends allowed), and
 * on to the doctor server (the hop leaves an origin that is already not the page's, so the browser
 * sends `Origin: null`, which the doctor server's policy does not allow).
 */
async function startHopServer(
  pageOrigin: string,
  apiBase: string,
): Promise<{ base: string; close(): Promise<void> }> {
  let base = '';
  const server = createServer((req, res) => {
    const grant = { 'Access-Control-Allow-Origin': String(req.headers.origin ?? pageOrigin), Vary: 'Origin' };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/hop-self') res.writeHead(302, { ...grant, Location: `${base}/final` }).end();
    else if (path === '/hop-away') res.writeHead(307, { ...grant, Location: `${apiBase}/ok?away` }).end();
    else res.writeHead(200, grant).end('final');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let hopBase = '';
/** The URL a case fetches. */
function urlOf(apiBase: string, path: string): string {
  return `${path.startsWith('/hop-') ? hopBase : apiBase}${path}`;
}

const SECRETS = ['tok-SECRET-1', 'cookie-SECRET-2'];

function pageRequests(base: string): PageRequest[] {
  return CASES.map((c) => ({
    url: urlOf(base, c.path),
    init: {
      method: c.method ?? 'GET',
      headers: c.headers ?? {},
      credentials: c.credentials ? 'include' : 'same-origin',
    },
  }));
}

describe('corskit har on real browsers’ HARs', () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let api: DoctorServer;
  let hops: Awaited<ReturnType<typeof startHopServer>>;
  let dir: string;
  const live = new Map<string, Awaited<ReturnType<typeof runDoctor>>['report']>();
  before(async () => {
    page = await startPageServer();
    api = await startDoctorServer(page.origin);
    hops = await startHopServer(page.origin, api.base);
    hopBase = hops.base;
    dir = await mkdtemp(join(tmpdir(), 'corskit-har-test-'));
    for (const c of CASES) {
      const { report } = await runDoctor({
        url: urlOf(api.base, c.path),
        origin: page.origin,
        method: c.method ?? 'GET',
        headers: Object.entries(c.headers ?? {}),
        credentials: c.credentials === true,
      });
      live.set(c.path, report);
    }
  });
  after(async () => {
    await api?.close();
    await hops?.close();
    await page?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byPath = (analysis: HarAnalysis, path: string) => {
    const found = analysis.requests.find((r) => r.url === urlOf(api.base, path));
    assert.ok(found, `${path} found in ${analysis.requests.map((r) => r.url).join(' ')}`);
    return found;
  };

  const recorders: Array<[HarRecorder, string]> = [
    ['chromium-devtools', CHROMIUM],
    ['firefox', FIREFOX],
  ];
  for (const [recorder, binary] of recorders) {
    const skip = requireBinary(binary).skip;
    describe(`${recorder} HAR (preflights and blocked responses recorded)`, { skip }, () => {
      let analysis: HarAnalysis;
      let harPath: string;
      before(async () => {
        const har = await captureHar(recorder, page.url, pageRequests(api.base), SETUP);
        harPath = join(dir, `${recorder}.har`);
        await writeFile(harPath, JSON.stringify(har));
        analysis = await analyzeHar(har);
      });

      test('finds every cross-origin request, and only those', () => {
        assert.equal(analysis.summary.requests, CASES.length);
        assert.ok(analysis.summary.skipped >= 1, 'the page itself is same-origin');
      });

      for (const c of CASES) {
        test(`${c.name}: same verdict, code, traps and console lines as doctor --json`, () => {
          const got = byPath(analysis, c.path);
          const want = live.get(c.path)!;
          // Firefox's BiDi events report no failure for a response blocked by the CORS check, so
          // nothing in its recording shows that the cookie-less fetch asked for credentials.
          if (recorder === 'firefox' && c.path.startsWith('/star')) {
            assert.equal(got.credentialsFrom, 'default');
            return;
          }
          assert.equal(got.replayed, true, got.cause ?? '');
          assert.equal(got.verdict, want.verdict);
          assert.equal(got.code, want.code);
          assert.deepEqual(
            got.traps.map((t) => t.id),
            want.traps.map((t) => t.id),
          );
          // The browsers refuse port 1 themselves (ERR_UNSAFE_PORT); Node's socket gets a refusal.
          if (c.path.startsWith('/to-dead')) return;
          // Firefox joins repeated header lines into one before it reports them (its network
          // events, like its HAR export, show one comma-joined line), so its own "multiple" line
          // cannot be told from a single line holding a list; Chromium joins them anyway.
          if (recorder === 'firefox' && c.path.startsWith('/twice'))
            assert.deepEqual(got.messages.chromium, want.messages.chromium);
          else assert.deepEqual(got.messages, want.messages);
        });
      }

      test('credentials are read from the cookie, or inferred from a recorded failure', () => {
        assert.equal(byPath(analysis, '/ok?1').credentialsFrom, 'cookie');
        if (recorder === 'chromium-devtools')
          assert.equal(byPath(analysis, '/star?7').credentialsFrom, 'failure');
      });

      test('failures are grouped by reason in the summary', () => {
        const reasons = analysis.summary.failures.map((f) => f.reason).sort();
        for (const expected of [
          'preflight-rejected-by-auth',
          'preflight-redirected',
          'error-status-without-cors',
        ])
          assert.ok(reasons.includes(expected), `${expected} in ${reasons}`);
        assert.equal(
          analysis.summary.failures.reduce((n, f) => n + f.entries.length, 0),
          analysis.summary.blocked,
        );
      });

      test('the CLI: text and --json redact secrets, --json is one object per request, exit 1', async () => {
        const text = await runCli(['har', harPath]);
        const json = await runCli(['har', harPath, '--json']);
        assert.equal(text.code, 1, text.stderr);
        assert.equal(json.code, 1, json.stderr);
        for (const secret of SECRETS) {
          assert.ok(!text.stdout.includes(secret), `text leaks ${secret}`);
          assert.ok(!json.stdout.includes(secret), `json leaks ${secret}`);
          assert.ok(!JSON.stringify(analysis).includes(secret), `analysis leaks ${secret}`);
        }
        assert.match(text.stdout, /\[redacted\]/);
        const lines = json.stdout.trim().split('\n');
        assert.equal(lines.length, CASES.length);
        const first = JSON.parse(lines[0]!);
        assert.equal(typeof first.verdict, 'string');
        assert.match(
          text.stdout.split('\n').slice(0, 3).join('\n'),
          recorder === 'firefox'
            ? /11 cross-origin requests: 4 allowed, 7 blocked/
            : /11 cross-origin requests: 3 allowed, 8 blocked/,
        );
      });
    });
  }

  describe("Playwright's recorder (no preflights, no blocked responses)", {
    skip: requireBinary(CHROMIUM).skip,
  }, () => {
    let analysis: HarAnalysis;
    before(async () => {
      analysis = await analyzeHar(await captureHar('playwright', page.url, pageRequests(api.base), SETUP));
    });
    test('an allowed preflighted request is replayed with the preflight inferred, and said so', () => {
      const put = byPath(analysis, '/ok?2');
      assert.equal(put.verdict, 'allowed');
      assert.equal(put.recorded.preflight, 'not-in-har');
      assert.match(put.notes.join(' '), /preflight .* is not in the HAR/);
    });
    test('a blocked request without a recorded response is not guessed: blocked, no code, the doctor command', () => {
      const blocked = byPath(analysis, '/no-cors?3');
      assert.equal(blocked.replayed, false);
      assert.equal(blocked.verdict, 'blocked');
      assert.equal(blocked.code, null);
      assert.match(
        blocked.doctorCommand,
        /^corskit doctor 'http:\/\/127\.0\.0\.1:\d+\/no-cors\?3' --origin /,
      );
      assert.equal(analysis.summary.failures.find((f) => f.reason === 'not-replayable')?.entries.length, 7);
    });
    test('a followed redirect is replayed from its recorded hops', () => {
      const hop = byPath(analysis, '/hop-self?10');
      assert.equal(hop.verdict, 'allowed');
      assert.equal(hop.redirects.length, 1);
      assert.equal(
        analysis.summary.requests,
        CASES.length,
        'the hop is part of its fetch, not a request of its own',
      );
    });
    test('a redirect whose hop failed on the network is replayed from the recorded error', () => {
      const dead = byPath(analysis, '/to-dead?8');
      assert.equal(dead.code, 'CORSDidNotSucceed');
      assert.deepEqual(dead.messages.chromium, ['Failed to load resource: net::ERR_UNSAFE_PORT']);
    });
  });
});
