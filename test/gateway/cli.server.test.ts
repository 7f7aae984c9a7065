// `corskit serve` as a user runs it: a real process, real signals. SIGHUP reloads, SIGTERM
// drains in-flight requests before exiting 0, --workers forks, --example self-checks, and bad
// configuration exits 2 with every problem listed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { freePort } from '../support/free-port.js';
import { writeSelfSignedCertificate } from '../support/tls-cert.js';
import {
  eventually,
  repoRoot,
  spawnGateway,
  startUpstream,
  type TestUpstream,
  tempDir,
  writePolicy,
} from './support.js';

const A = 'https://a.example.com';
const B = 'https://b.example.com';

async function acao(url: string, origin: string): Promise<string | null> {
  const r = await request(url, { headers: { origin } });
  await r.body.text();
  return (r.headers['access-control-allow-origin'] as string | undefined) ?? null;
}

describe('corskit serve', { timeout: 120_000 }, () => {
  let upstream: TestUpstream;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    upstream = await startUpstream((req, res) => {
      const wait = Number(new URL(req.url!, 'http://x').searchParams.get('wait') ?? 0);
      setTimeout(() => res.end(`pid-agnostic answer after ${wait} ms`), wait);
    });
    dir = await tempDir();
  });
  after(async () => {
    await upstream.close();
    await dir.remove();
  });

  test('SIGHUP reloads the policy file (watching off); a bad file is rejected and logged', async () => {
    const policy = await writePolicy(join(dir.dir, 'hup.json'), { origins: [A] });
    const gw = await spawnGateway([
      '--upstream',
      upstream.url,
      '--policy',
      policy,
      '--port',
      '0',
      '--no-watch',
    ]);
    try {
      assert.equal(await acao(`${gw.url}/x`, A), A);
      await writePolicy(policy, { origins: [B] });
      assert.equal(await acao(`${gw.url}/x`, B), null, 'not reloaded without a signal');
      gw.child.kill('SIGHUP');
      await eventually(async () => (await acao(`${gw.url}/x`, B)) === B);
      await writePolicy(policy, { origins: [B], maxAge: 999_999 });
      gw.child.kill('SIGHUP');
      await eventually(() => gw.stderr().includes('policy reload rejected'));
      assert.equal(await acao(`${gw.url}/x`, B), B);
      assert.match(gw.stderr(), /"path":"maxAge"/);
      assert.match(gw.stdout(), /"cors":"actual","allowed":true/, 'access log lines on stdout');
    } finally {
      await gw.stop();
    }
  });

  test('SIGTERM drains: an in-flight request completes, then the process exits 0', async () => {
    const policy = await writePolicy(join(dir.dir, 'term.json'), { origins: [A] });
    const gw = await spawnGateway(['--upstream', upstream.url, '--policy', policy, '--port', '0']);
    const inFlight = request(`${gw.url}/slow?wait=800`, { headers: { origin: A } });
    await eventually(() => gw.stdout() === '' && upstream.openSockets() > 0);
    const code = gw.stop('SIGTERM');
    const response = await inFlight;
    assert.equal(response.statusCode, 200);
    assert.match(await response.body.text(), /after 800 ms/);
    assert.equal(response.headers['access-control-allow-origin'], A);
    assert.equal(await code, 0);
    assert.match(gw.stderr(), /draining/);
    await assert.rejects(request(`${gw.url}/x`), 'no longer accepting');
  });

  test('--workers 2 with --config: two workers serve, SIGTERM stops them all', async () => {
    const config = join(dir.dir, 'gateway.yaml');
    await writeFile(
      config,
      `upstream: ${upstream.url}\nlisten: { port: 0 }\nhealth: /_health\nroutes:\n  /public/:\n    policy: { origins: "*" }\n  /api/:\n    policy: { origins: ["${A}"], credentials: true }\n`,
    );
    // Port 0 would give each worker its own port under cluster; pick one first.
    const port = String(await freePort());
    const gw = await spawnGateway(['--config', config, '--port', port, '--workers', '2']);
    try {
      await eventually(() => (gw.stderr().match(/gateway listening/g)?.length ?? 0) === 2, 20_000);
      assert.equal(await acao(`${gw.url}/public/a`, B), '*');
      assert.equal(await acao(`${gw.url}/api/a`, A), A);
      assert.equal(await acao(`${gw.url}/api/a`, B), null);
      const health = await request(`${gw.url}/_health`);
      assert.equal(health.statusCode, 200);
      await health.body.text();
    } finally {
      assert.equal(await gw.stop('SIGTERM'), 0);
    }
    assert.equal(gw.stderr().match(/gateway stopped/g)?.length, 2, 'both workers drained');
  });

  test('--workers 2 after a bad policy edit: restarted workers serve the last good policy', async () => {
    const policy = await writePolicy(join(dir.dir, 'workers-cors.json'), { origins: [A] });
    const port = String(await freePort());
    const gw = await spawnGateway([
      '--upstream',
      upstream.url,
      '--policy',
      policy,
      '--port',
      port,
      '--workers',
      '2',
    ]);
    const listening = () => gw.stderr().match(/"message":"gateway listening"/g)?.length ?? 0;
    const killWorkers = async () => {
      const before = listening();
      const pid = gw.child.pid!;
      const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/);
      assert.equal(children.length, 2, 'two workers');
      for (const child of children) process.kill(Number(child), 'SIGKILL');
      await eventually(() => listening() === before + 2, 30_000);
    };
    try {
      await eventually(() => listening() === 2, 20_000);
      await writeFile(policy, '{ "origins": ["not an origin"] ');
      // The primary and both workers reject the edit and keep the policy they have.
      await eventually(() => (gw.stderr().match(/policy reload rejected/g)?.length ?? 0) >= 3, 10_000);
      await killWorkers();
      assert.equal(await acao(`${gw.url}/x`, A), A, 'new workers serve the last good policy');
      assert.match(gw.stderr(), /"message":"worker exited".*"signal":"SIGKILL"/);
      // A good edit reaches the primary too: workers started after it serve the new policy.
      await writePolicy(policy, { origins: [B] });
      await eventually(() => (gw.stderr().match(/policies reloaded/g)?.length ?? 0) >= 3, 10_000);
      await killWorkers();
      assert.equal(await acao(`${gw.url}/x`, B), B);
      assert.equal(await acao(`${gw.url}/x`, A), null);
    } finally {
      assert.equal(await gw.stop('SIGTERM'), 0);
    }
  });

  test('--workers 2 with TLS: a worker that cannot start exits, the primary backs off, then recovers', async () => {
    const policy = await writePolicy(join(dir.dir, 'tls-cors.json'), { origins: [A] });
    const tls = writeSelfSignedCertificate(dir.dir);
    const tlsArgs = ['--tls-cert', tls.cert, '--tls-key', tls.key];
    const port = String(await freePort());
    const gw = await spawnGateway([
      '--upstream',
      upstream.url,
      '--policy',
      policy,
      '--port',
      port,
      '--workers',
      '2',
      ...tlsArgs,
    ]);
    const count = (pattern: RegExp) => gw.stderr().match(pattern)?.length ?? 0;
    try {
      await eventually(() => count(/"message":"gateway listening"/g) === 2, 20_000);
      const key = await readFile(tls.key);
      await rm(tls.key);
      const pid = gw.child.pid!;
      const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/);
      process.kill(Number(children[0]), 'SIGKILL');
      // The replacement cannot read its key: it exits, and the primary waits longer each time.
      await eventually(() => count(/"message":"worker failed to start"/g) >= 2, 20_000);
      assert.match(gw.stderr(), /"message":"worker cannot start, exiting".*ENOENT/);
      const delays = [
        ...gw
          .stderr()
          .matchAll(
            /"message":"worker failed to start","pid":\d+,"code":1,"signal":null,"restartInMs":(\d+)/g,
          ),
      ].map((m) => Number(m[1]));
      assert.deepEqual(delays.slice(0, 2), [1_000, 2_000], gw.stderr());
      await writeFile(tls.key, key);
      await eventually(() => count(/"message":"gateway listening"/g) === 3, 20_000);
    } finally {
      assert.equal(await gw.stop('SIGTERM'), 0);
    }
  });

  test('--example starts the demo upstream and the gateway, and its self-check passes', async () => {
    const gw = await spawnGateway(['--example', '--port', '0']);
    try {
      await eventually(() => gw.stdout().includes('Access log'), 30_000);
      const out = gw.stdout();
      assert.match(out, /Try it from a browser/);
      assert.equal(out.match(/ ✓ /g)?.length, 4, out);
      assert.doesNotMatch(out, /UNEXPECTED/);
      const items = await request(`${gw.url}/api/items`, { headers: { origin: 'http://localhost:5173' } });
      assert.equal(items.headers['access-control-allow-origin'], 'http://localhost:5173');
      assert.ok(Array.isArray(((await items.body.json()) as { items: unknown[] }).items));
    } finally {
      assert.equal(await gw.stop(), 0);
    }
  });

  test('invalid configuration exits 2 listing every problem', async () => {
    const policy = await writePolicy(join(dir.dir, 'bad.json'), {
      origins: ['*'],
      credentials: true,
      maxAge: -1,
    });
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'serve', ...args], {
        encoding: 'utf8',
        timeout: 20_000,
      });
    const badPolicy = run(['--upstream', upstream.url, '--policy', policy, '--port', '0']);
    assert.equal(badPolicy.status, 2);
    assert.match(badPolicy.stderr, /invalid policy/);
    assert.ok(badPolicy.stderr.split('\n').filter((l) => l.includes(policy)).length >= 2, badPolicy.stderr);
    const config = join(dir.dir, 'broken.yaml');
    await writeFile(
      config,
      'upstream: ftp://x\nlisten: { port: 99999 }\nroutes: {}\ntimeouts: { idle: soon }\n',
    );
    const badConfig = run(['--config', config]);
    assert.equal(badConfig.status, 2);
    for (const where of ['upstream', 'listen.port', 'routes', 'timeouts.idle'])
      assert.match(badConfig.stderr, new RegExp(where));
    const missing = run([]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--upstream URL and --policy FILE/);
  });
});
