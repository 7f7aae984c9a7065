// The doctor's fix, end to end, on one misconfigured server per stack, each with its real CORS
// library: Chromium is blocked; the doctor detects the stack from the responses and writes the
// fix with that stack's generator; the fix is applied (the server restarted with it); the doctor
// then says allowed, and Chromium is allowed too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { cors } from '../../src/adapters/express.js';
import type { DoctorReport } from '../../src/doctor/doctor-report.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import type { StackName } from '../../src/doctor/stack-detection.js';
import { generateConfig, type ServerKind } from '../../src/generate/index.js';
import type { PolicyOptions } from '../../src/policy/types.js';
import { GoParityProgram, STACK_BINARY, START_STACK } from '../generate/support/stack-apps.js';
import {
  type RunningServer,
  startApache,
  startCaddy,
  startNginx,
  startUpstream,
} from '../generate/support/web-servers.js';
import { APACHE, CADDY, CHROMIUM, NGINX, requireBinary } from '../support/binaries.js';
import { type BrowserSession, launchBrowser, startPageServer } from '../support/browsers.js';

/** The misconfiguration: the library is there, but the page's origin is not in its list. */
const WRONG: PolicyOptions = {
  origins: ['https://other.example'],
  methods: ['PUT'],
  requestHeaders: ['x-token'],
};
const REQUEST = { method: 'PUT', headers: [['X-Token', '1']] as [string, string][] };
const PATH = '/status/200';

type Upstream = Awaited<ReturnType<typeof startUpstream>>;

interface ZooStack {
  readonly stack: StackName;
  readonly binary: string;
  /** Starts the server with the config the policy generates (or, for Express, the adapter). */
  start(policy: PolicyOptions, upstream: Upstream): Promise<RunningServer>;
  /** Applies the doctor's fix: restarts with exactly the lines the doctor printed for this stack. */
  applyFix(report: DoctorReport, upstream: Upstream): Promise<RunningServer>;
  /** Go has no Server header: the test names it with --stack. */
  readonly override?: boolean;
}

/** The piece of the doctor's fix whose `where` starts with `prefix`. */
function piece(report: DoctorReport, prefix: string): string {
  const part = report.stack.fixes?.[0]?.parts.find((p) => p.where.startsWith(prefix));
  assert.ok(part, `the fix has a part for ${prefix}: ${JSON.stringify(report.stack.fixes?.[0])}`);
  return part.text;
}

function framework(
  stack: Exclude<StackName, 'nginx' | 'apache' | 'caddy' | 'express' | 'go'>,
  where: string,
): ZooStack {
  const start = START_STACK[stack];
  const pick = (text: string, parts: ReadonlyArray<{ where: string; text: string }>) =>
    parts.find((p) => p.where.startsWith(where))?.text ?? text;
  return {
    stack,
    binary: STACK_BINARY[stack],
    start: (policy) => {
      const out = generateConfig(stack, policy);
      return start(pick(out.text, out.parts));
    },
    applyFix: (report) => start(where === '' ? report.stack.fixes![0]!.text : piece(report, where)),
  };
}

/** nginx, Apache and Caddy proxy the upstream: the fix's lines are checked, then applied in its site form. */
function webServer(
  stack: ServerKind & StackName,
  binary: string,
  run: (c: string) => Promise<RunningServer>,
): ZooStack {
  return {
    stack,
    binary,
    start: (policy, upstream) => run(generateConfig(stack, policy, { upstream: upstream.origin }).text),
    applyFix: (report, upstream) => {
      assert.equal(
        report.stack.fixes![0]!.text,
        generateConfig(stack, report.fix!.policy as never).text.trimEnd(),
      );
      return run(generateConfig(stack, report.fix!.policy as never, { upstream: upstream.origin }).text);
    },
  };
}

async function startExpress(policy: PolicyOptions | null): Promise<RunningServer> {
  const app = express();
  if (policy) app.use(cors(policy));
  app.use((_req: express.Request, res: express.Response) => {
    res.type('text/plain').send('express');
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let goProgramDirs: GoParityProgram[] = [];
async function startGo(corsGo: string): Promise<RunningServer> {
  const program = await GoParityProgram.build([corsGo]);
  goProgramDirs.push(program);
  return program.start(0);
}

const ZOO: readonly ZooStack[] = [
  webServer('nginx', NGINX, startNginx),
  webServer('apache', APACHE, startApache),
  webServer('caddy', CADDY, startCaddy),
  {
    stack: 'express',
    binary: process.execPath,
    // The misconfigured Express app has no CORS middleware at all.
    start: () => startExpress(null),
    applyFix: (report) => {
      assert.match(report.stack.fixes![0]!.text, /app\.use\(cors\(/);
      return startExpress(report.fix!.policy as unknown as PolicyOptions);
    },
  },
  framework('django', ''),
  framework('flask', ''),
  framework('fastapi', ''),
  framework('rack', 'config.ru'),
  framework('php', 'cors.php'),
  {
    stack: 'go',
    binary: STACK_BINARY.go,
    override: true,
    start: (policy) => startGo(generateConfig('go', policy).parts[0]!.text),
    applyFix: (report) => startGo(piece(report, 'cors.go')),
  },
];

describe('the doctor fixes each stack (real servers, real libraries, Chromium)', {
  concurrency: false,
}, () => {
  const chromium = requireBinary(CHROMIUM);
  let page: Awaited<ReturnType<typeof startPageServer>>;
  let upstream: Upstream;
  let browser: BrowserSession | undefined;
  before(async () => {
    page = await startPageServer();
    upstream = await startUpstream();
    if (!chromium.skip) browser = await launchBrowser('chromium');
  });
  after(async () => {
    await browser?.close();
    await upstream?.close();
    await page?.close();
    for (const p of goProgramDirs) await p.remove();
    goProgramDirs = [];
  });

  const fetchInChromium = async (server: RunningServer, tag: string): Promise<boolean> => {
    const [result] = await browser!.fetchFrom(page.url, [
      { url: `${server.origin}${PATH}?${tag}`, init: { method: 'PUT', headers: { 'X-Token': '1' } } },
    ]);
    return result!.readable;
  };

  for (const zoo of ZOO) {
    const bin = requireBinary(zoo.binary);
    test(`${zoo.stack}: blocked, diagnosed, fixed, allowed`, {
      skip: chromium.skip || bin.skip,
    }, async () => {
      const doctor = (server: RunningServer) =>
        runDoctor({
          url: `${server.origin}${PATH}`,
          origin: page.origin,
          ...REQUEST,
          ...(zoo.override ? { stack: zoo.stack } : {}),
        });
      const broken = await zoo.start(WRONG, upstream);
      let report: DoctorReport;
      try {
        assert.equal(
          await fetchInChromium(broken, 'before'),
          false,
          'Chromium blocks the misconfigured server',
        );
        ({ report } = await doctor(broken));
      } finally {
        await broken.stop();
      }
      assert.equal(report.verdict, 'blocked');
      const first = report.stack.fixes?.[0];
      assert.equal(first?.stack, zoo.stack, `detected ${JSON.stringify(report.stack.detected)}`);
      if (zoo.override) assert.equal(first.because, `you chose --stack ${zoo.stack}`);
      else assert.equal(report.stack.detected[0]?.stack, zoo.stack);
      assert.ok(first.text.includes(page.origin), 'the fix lists the page origin');

      const fixed = await zoo.applyFix(report, upstream);
      try {
        const after = await doctor(fixed);
        assert.equal(after.report.verdict, 'allowed', JSON.stringify(after.report.cause));
        assert.equal(await fetchInChromium(fixed, 'after'), true, 'Chromium allows the fixed server');
      } finally {
        await fixed.stop();
      }
    });
  }
});
