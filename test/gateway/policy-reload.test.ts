// Policies are swapped only after they validate: a changed file takes effect, a broken one is
// rejected with every problem logged and the previous policy stays in force.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { request } from 'undici';
import { readGatewayConfig } from '../../src/gateway/gateway-config.js';
import { PolicyLoadError } from '../../src/gateway/policy-store.js';
import {
  eventually,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  tempDir,
  testConfig,
  writePolicy,
} from './support.js';

const A = 'https://a.example.com';
const B = 'https://b.example.com';

async function acao(gateway: TestGateway, origin: string, path = '/x'): Promise<string | null> {
  const r = await request(gateway.url + path, { headers: { origin } });
  await r.body.text();
  return (r.headers['access-control-allow-origin'] as string | undefined) ?? null;
}

describe('policy reload', () => {
  let upstream: TestUpstream;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let gateway: TestGateway | undefined;
  before(async () => {
    upstream = await startUpstream((_req, res) => res.end('ok'));
    dir = await tempDir();
  });
  afterEach(async () => {
    await gateway?.drain();
    gateway = undefined;
  });
  after(async () => {
    await upstream.close();
    await dir.remove();
  });

  test('a changed policy file is picked up by the watcher', async () => {
    const file = await writePolicy(join(dir.dir, 'watched.json'), { origins: [A] });
    gateway = await startTestGateway(testConfig(upstream.url, [{ prefix: '/', policyFile: file }]), {
      watch: true,
    });
    assert.equal(await acao(gateway, A), A);
    assert.equal(await acao(gateway, B), null);
    await writePolicy(file, { origins: [B] });
    const gw = gateway;
    await eventually(async () => (await acao(gw, B)) === B);
    assert.equal(await acao(gateway, A), null);
    assert.ok(gateway.events.some((e) => e.message === 'policies reloaded' && e.reason === 'file changed'));
  });

  test('an invalid file is rejected with every problem logged; the old policy stays', async () => {
    const file = await writePolicy(join(dir.dir, 'bad.json'), { origins: [A] });
    gateway = await startTestGateway(testConfig(upstream.url, [{ prefix: '/', policyFile: file }]));
    await writePolicy(file, { origins: ['*'], credentials: true, methods: ['CONNECT'], maxAge: -5 });
    const outcome = await gateway.reload('test');
    assert.equal(outcome.status, 'rejected');
    const problems = outcome.status === 'rejected' ? outcome.problems : [];
    assert.ok(problems.length >= 2, `several problems reported at once: ${JSON.stringify(problems)}`);
    const logged = gateway.events.filter(
      (e) => e.level === 'error' && String(e.message).includes('rejected'),
    );
    assert.equal(logged.length, problems.length, 'every problem is logged');
    assert.ok(logged.every((e) => e.source === file && typeof e.path === 'string'));
    assert.equal(await acao(gateway, A), A, 'the previous policy is still in force');

    await writeFile(file, '{ "origins": [');
    assert.equal((await gateway.reload('test')).status, 'rejected', 'unparsable JSON is rejected too');
    assert.equal(await acao(gateway, A), A);

    await writePolicy(file, { origins: [B] });
    assert.equal((await gateway.reload('test')).status, 'reloaded');
    assert.equal(await acao(gateway, B), B);
    assert.equal(
      (await gateway.reload('test')).status,
      'unchanged',
      'an unchanged file is not swapped again',
    );
  });

  test('a gateway.yaml reload re-reads its routes and inline policies', async () => {
    const config = join(dir.dir, 'gateway.yaml');
    const yaml = (origin: string) =>
      `upstream: ${upstream.url}\nlisten: { port: 0 }\naccessLog: off\nroutes:\n  /:\n    policy: { origins: ["${origin}"] }\n`;
    await writeFile(config, yaml(A));
    gateway = await startTestGateway(await readGatewayConfig(config));
    assert.equal(await acao(gateway, A), A);
    await writeFile(config, yaml(B));
    assert.equal((await gateway.reload('SIGHUP')).status, 'reloaded');
    assert.equal(await acao(gateway, B), B);
    await writeFile(config, `${yaml(B)}bogus: 1\n`);
    assert.equal((await gateway.reload('SIGHUP')).status, 'rejected');
    assert.equal(await acao(gateway, B), B);
  });

  test('an invalid policy at start-up refuses to start, listing every problem', async () => {
    const file = await writePolicy(join(dir.dir, 'start.json'), {
      origins: ['https://ok.example', 'https://a.example/with/path'],
      requestHeaders: ['origin'],
      maxAge: 'soon',
    });
    await assert.rejects(
      startTestGateway(testConfig(upstream.url, [{ prefix: '/', policyFile: file }])),
      (error: unknown) => error instanceof PolicyLoadError && error.problems.length >= 2,
    );
  });
});
