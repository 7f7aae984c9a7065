// Issue #20: a middleware user installs the middleware only. The packed core tarball goes into an
// empty project with npm's --offline (a dependency would need the registry, so the install itself
// proves there is none), brings exactly one package, and every adapter imports and runs with no
// tool dependency present.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { installedPackages, type Packed, packedProject, repoRoot, runBin, runIn } from './packed-packages.js';

let packed: Packed;
let project: string;

before(() => {
  ({ packed, project } = packedProject('core-only', (p) => [p.core], ['--offline']));
});
after(() => packed.cleanup());

test('the core manifest declares no dependency of any kind that npm would install', () => {
  const m = packed.coreManifest;
  assert.equal(m.name, 'corskit');
  assert.equal(m.dependencies, undefined);
  assert.equal(m.optionalDependencies, undefined);
  const peersMeta = (m.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
  for (const peer of Object.keys((m.peerDependencies ?? {}) as object))
    assert.equal(peersMeta[peer]?.optional, true, `peer ${peer} must be optional`);
});

test('installing the core brings one package', () => {
  assert.deepEqual(installedPackages(project), ['corskit']);
});

/** Subpaths of the core's exports, as a user would import them. */
function subpaths(): string[] {
  const exports = packed.coreManifest.exports as Record<string, unknown>;
  return Object.keys(exports)
    .filter((key) => !key.includes('*') && key !== './package.json')
    .map((key) => (key === '.' ? 'corskit' : `corskit/${key.slice(2)}`));
}

test('every entry imports with no tool dependency; peers and tools fail naming what to install', () => {
  const run = runIn(
    project,
    `const out = {};
     for (const s of ${JSON.stringify(subpaths())}) {
       try { const m = await import(s); out[s] = 'ok:' + Object.keys(m).length; }
       catch (e) { out[s] = 'missing:' + (String(e.message).match(/Cannot find package '([^']+)'/)?.[1] ?? e.message); }
     }
     console.log(JSON.stringify(out));`,
  );
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as Record<string, string>;
  const toolEntries = ['gateway', 'generate', 'scan', 'doctor', 'verify'].map((t) => `corskit/${t}`);
  for (const [entry, outcome] of Object.entries(result)) {
    // Next.js is the one framework the adapter imports at run time (NextResponse.next()).
    if (entry === 'corskit/next') assert.equal(outcome, 'missing:next');
    else if (toolEntries.includes(entry)) assert.equal(outcome, 'missing:@corskit/tools', entry);
    else assert.match(outcome, /^ok:[1-9]/, `${entry}: ${outcome}`);
  }
  for (const adapter of ['node', 'express', 'fastify', 'koa', 'hono', 'fetch', 'edge', 'compat'])
    assert.ok(result[`corskit/${adapter}`]?.startsWith('ok:'), adapter);
});

test('the installed core answers a real request over loopback', () => {
  const run = runIn(
    project,
    `import { createServer } from 'node:http';
     import { createPolicy } from 'corskit';
     import { cors } from 'corskit/node';
     const handle = cors(createPolicy({ origins: ['https://app.example'], credentials: true }));
     const server = createServer((req, res) => { if (handle(req, res) !== true) res.end('ok'); });
     await new Promise((r) => server.listen(0, '127.0.0.1', r));
     const url = 'http://127.0.0.1:' + server.address().port + '/';
     const allowed = await fetch(url, { headers: { origin: 'https://app.example' } });
     const refused = await fetch(url, { headers: { origin: 'https://evil.example' } });
     console.log(JSON.stringify({
       allowed: allowed.headers.get('access-control-allow-origin'),
       credentials: allowed.headers.get('access-control-allow-credentials'),
       vary: allowed.headers.get('vary'),
       refused: refused.headers.get('access-control-allow-origin'),
     }));
     server.closeAllConnections(); server.close();`,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    allowed: 'https://app.example',
    credentials: 'true',
    vary: 'Origin',
    refused: null,
  });
});

test('the corskit command without the tools says how to get them (CORSKIT_NO_FETCH=1)', () => {
  const run = runBin(project, 'corskit', ['--version'], { CORSKIT_NO_FETCH: '1' });
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    /^corskit: the command-line tools are in @corskit\/tools: npm install --save-dev @corskit\/tools@0\.1\.0/,
  );
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
});

// In a fresh clone npm links the workspaces' bins during `npm ci`, before `prepare` builds dist/,
// and it skips a bin whose file does not exist yet: `npx corskit` then says "not found".
test('every bin is a checked-in file outside dist/, so npm links it in a fresh clone', () => {
  for (const dir of ['packages/corskit', 'packages/tools']) {
    const { bin } = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    for (const file of Object.values(bin)) {
      assert.doesNotMatch(file, /(^|\/)dist\//, `${dir}: ${file}`);
      const tracked = spawnSync('git', ['ls-files', '--error-unmatch', join(dir, file)], { cwd: repoRoot });
      assert.equal(tracked.status, 0, `${dir}/${file} is not tracked by git`);
    }
  }
});
