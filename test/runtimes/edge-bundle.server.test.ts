// corskit/edge end to end, as a Worker author uses it: `corskit compile` writes the policy, esbuild
// bundles a Worker importing it with corskit/edge, and real workerd serves it on loopback. The
// bundle must answer like the engine and must not contain the validator or the Public Suffix List.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build, type Metafile } from 'esbuild';
import { send } from '../adapters/support/http-client.js';
import { runCli } from '../cli/run-cli.js';
import { type RunningRuntime, scratch, startWorkerd } from './support/runtimes.js';

const APP = 'https://app.example.com';
const POLICY = { origins: [APP, 'https://*.preview.example.com'], credentials: true, methods: ['PUT'] };
const EDGE = new URL('../../src/adapters/edge.ts', import.meta.url).pathname;
const WORKER = `import compiled from './cors.compiled.json';
import { cors } from ${JSON.stringify(EDGE)};
export default { fetch: cors(compiled)(() => new Response('hello')) };
`;

let dir = '';
let removeScratch: () => Promise<void> = async () => {};
let worker: RunningRuntime | undefined;
let meta: Metafile | undefined;

before(async () => {
  ({ dir, remove: removeScratch } = await scratch());
  await writeFile(join(dir, 'cors.json'), JSON.stringify(POLICY));
  const run = await runCli(['compile', join(dir, 'cors.json'), '--out', join(dir, 'cors.compiled.json')]);
  assert.equal(run.code, 0, run.stderr);
  await writeFile(join(dir, 'worker.js'), WORKER);
  const result = await build({
    entryPoints: [join(dir, 'worker.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    outfile: join(dir, 'out.js'),
    metafile: true,
    logLevel: 'silent',
  });
  meta = result.metafile;
  worker = await startWorkerd(join(dir, 'out.js'));
});

after(async () => {
  await worker?.close();
  await removeScratch();
});

describe('a Worker bundled with corskit/edge and a compiled policy', () => {
  test('leaves the validator and the Public Suffix List out of the bundle', () => {
    const inputs = Object.keys(meta!.inputs);
    for (const left of ['public-suffix-data.ts', 'validate.ts', 'create-policy.ts'])
      assert.ok(!inputs.some((i) => i.endsWith(left)), `${left} is in the bundle`);
  });

  test('grants an allowed credentialed request', async () => {
    const res = await send(`${worker!.origin}/x`, { headers: { origin: 'https://a.preview.example.com' } });
    assert.equal(res.headers['access-control-allow-origin'], 'https://a.preview.example.com');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.body, 'hello');
  });

  test('answers an allowed preflight and refuses another method', async () => {
    const ok = await send(`${worker!.origin}/x`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'PUT' },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-methods'], 'PUT');
    const refused = await send(`${worker!.origin}/x`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'DELETE' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  test('refuses an origin the policy does not list', async () => {
    const res = await send(`${worker!.origin}/x`, {
      headers: { origin: 'https://preview.example.com.evil.net' },
    });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });
});

describe('corskit compile', () => {
  test('refuses an invalid policy with its problems, exit 1, writing nothing', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ origins: '*', credentials: true }));
    const run = await runCli(['compile', join(dir, 'bad.json'), '--out', join(dir, 'bad.compiled.json')]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /credentials/);
    await assert.rejects(readFile(join(dir, 'bad.compiled.json')), { code: 'ENOENT' });
  });

  test('writes an ES module for a .js output', async () => {
    const run = await runCli(['compile', join(dir, 'cors.json'), '--out', join(dir, 'cors-policy.js')]);
    assert.equal(run.code, 0, run.stderr);
    const mod = (await import(join(dir, 'cors-policy.js'))) as { default: { corskit: string } };
    assert.equal(typeof mod.default.corskit, 'string');
  });
});
