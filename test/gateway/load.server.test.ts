// Load through a gateway process: 10,000 requests at concurrency 100 with zero errors, then a
// run during which the policy file is rewritten and SIGHUP sent repeatedly: no request may fail
// and every response must still carry the CORS grant (both policies allow the origin used).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type LoadResult, runLoad } from './autocannon-run.js';
import {
  delay,
  type GatewayProcess,
  spawnGateway,
  startUpstream,
  type TestUpstream,
  tempDir,
  writePolicy,
} from './support.js';

const APP = 'https://app.example.com';

interface Counted {
  result: LoadResult;
  withoutGrant: number;
}

function load(url: string, amount: number, onTick?: () => void): Promise<Counted> {
  let withoutGrant = 0;
  const timer = onTick ? setInterval(onTick, 150) : undefined;
  return runLoad({
    url,
    connections: 100,
    amount,
    headers: { origin: APP },
    requests: [
      {
        method: 'GET',
        onResponse: (_status, _body, _context, headers) => {
          // autocannon keeps header names as sent (canonical case here).
          const name = Object.keys(headers).find((n) => n.toLowerCase() === 'access-control-allow-origin');
          if (!name || headers[name] !== APP) withoutGrant++;
        },
      },
    ],
  })
    .then((result) => ({ result, withoutGrant }))
    .finally(() => clearInterval(timer));
}

/** Zero errors, timeouts and non-2xx, every request answered 2xx and granted to APP. */
function assertEveryRequestGranted(result: LoadResult, withoutGrant: number, amount: number): void {
  const summary = JSON.stringify({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx });
  assert.equal(result.errors, 0, summary);
  assert.equal(result.timeouts, 0, summary);
  assert.equal(result.non2xx, 0, summary);
  assert.equal(result['2xx'], amount);
  assert.equal(withoutGrant, 0);
}

describe('gateway under load', { timeout: 120_000 }, () => {
  let upstream: TestUpstream;
  let gateway: GatewayProcess;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let policyFile: string;

  before(async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    dir = await tempDir();
    policyFile = await writePolicy(join(dir.dir, 'cors.json'), { origins: [APP], credentials: true });
    gateway = await spawnGateway([
      '--upstream',
      upstream.url,
      '--policy',
      policyFile,
      '--port',
      '0',
      '--access-log',
      'off',
    ]);
  });
  after(async () => {
    await gateway.stop();
    await upstream.close();
    await dir.remove();
  });

  test('10,000 requests at concurrency 100: zero errors, every response granted', async () => {
    const { result, withoutGrant } = await load(`${gateway.url}/items`, 10_000);
    process.stderr.write(`10k @ c100: ${result.requests.average} req/s, p99 ${result.latency.p99} ms\n`);
    assertEveryRequestGranted(result, withoutGrant, 10_000);
  });

  test('policy reloads under load (file rewrites and SIGHUP): no failed request', async () => {
    let version = 0;
    const policies = [
      { origins: [APP, 'https://other.example.com'], credentials: true },
      { origins: [APP], credentials: true, methods: ['PUT'] },
    ];
    const { result, withoutGrant } = await load(`${gateway.url}/items`, 10_000, () => {
      version++;
      void writePolicy(policyFile, policies[version % 2]).then(() => gateway.child.kill('SIGHUP'));
    });
    await delay(200);
    const reloads = gateway.stderr().match(/"message":"policies reloaded"/g)?.length ?? 0;
    process.stderr.write(`reloads during the run: ${reloads} (${version} rewrites)\n`);
    assert.ok(reloads >= 2, `reloads happened (${reloads})`);
    assertEveryRequestGranted(result, withoutGrant, 10_000);
  });
});
