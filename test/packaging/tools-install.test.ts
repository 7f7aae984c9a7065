// Issue #20: the tools package beside the core. Both packed tarballs go into an empty project (the
// tools' own dependencies come from npm's cache or registry; `corskit` must resolve to the packed
// core, never to the registry); the `corskit` command, the tool libraries and the old
// `corskit/<tool>` imports work; a core of another version is refused with a clear message; and
// without the tools, the launcher asks npm for exactly @corskit/tools@<same version>.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  emptyProject,
  installedPackages,
  npmInstall,
  type Packed,
  packedProject,
  repoRoot,
  runBin,
  runIn,
} from './packed-packages.js';

let packed: Packed;
let project: string;

before(() => {
  ({ packed, project } = packedProject('with-tools', (p) => [p.core, p.tools], ['--prefer-offline']));
});
after(() => packed.cleanup());

test('the tools depend on the core of exactly their own version, and nothing heavy is installed by default', () => {
  const m = packed.toolsManifest;
  assert.equal(m.name, '@corskit/tools');
  assert.equal(m.version, packed.coreManifest.version);
  assert.equal((m.dependencies as Record<string, string>).corskit, m.version);
  assert.equal(
    m.optionalDependencies,
    undefined,
    'browser drivers are optional peers, installed only for --real',
  );
  const installed = installedPackages(project);
  assert.ok(installed.includes('corskit') && installed.includes('@corskit/tools'));
  for (const heavy of ['playwright-core', 'puppeteer-core']) assert.ok(!installed.includes(heavy), heavy);
  // The core that npm placed is the packed one (one copy, at the top), not a registry download.
  assert.ok(!existsSync(join(project, 'node_modules', '@corskit', 'tools', 'node_modules', 'corskit')));
});

test('the corskit command runs from the core launcher through the installed tools', () => {
  const version = runBin(project, 'corskit', ['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), packed.coreManifest.version);
  writeFileSync(
    join(project, 'cors.json'),
    JSON.stringify({ origins: ['https://app.example.com'], credentials: true }),
  );
  const check = runBin(project, 'corskit', ['check', 'cors.json']);
  assert.equal(check.status, 0, check.stderr);
  const explain = runBin(project, 'corskit', [
    'explain',
    "Reason: CORS header 'Access-Control-Allow-Origin' missing",
  ]);
  assert.equal(explain.status, 0, explain.stderr);
  assert.match(explain.stdout, /CORSMissingAllowOrigin/);
  // The gateway example's files travel with the tools (`corskit serve --example`).
  for (const file of ['gateway.yaml', 'api-cors.json', 'demo-page.html'])
    assert.ok(
      existsSync(join(project, 'node_modules', '@corskit', 'tools', 'examples', 'gateway', file)),
      file,
    );
});

test('tool libraries import from @corskit/tools and through the old corskit/<tool> names', () => {
  const run = runIn(
    project,
    `const a = await import('@corskit/tools/verify');
     const b = await import('corskit/verify');
     const g = await import('corskit/generate');
     const { createPolicy } = await import('corskit');
     const text = g.generateConfig('nginx', createPolicy({ origins: ['https://app.example.com'] })).text;
     console.log(JSON.stringify({ same: a.verifyServer === b.verifyServer, nginx: text.includes('https://app') }));`,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { same: true, nginx: true });
});

// The tools' declaration files import the core's internal ones (rewritten paths): a TypeScript user
// must get every type, with the library check on. The frameworks' and Node's @types come from this
// repository (linked), as a user's project would have them.
test('a strict TypeScript project type-checks against both packages, skipLibCheck off', () => {
  symlinkSync(join(repoRoot, 'node_modules', '@types'), join(project, 'node_modules', '@types'), 'dir');
  writeFileSync(
    join(project, 'use.ts'),
    `import type { RequestHandler } from 'express';
import { createPolicy } from 'corskit';
import { cors } from 'corskit/express';
import { verifyServer } from '@corskit/tools/verify';
import { verifyServer as forwarded } from 'corskit/verify';
import { generateConfig } from '@corskit/tools/generate';
import { startGateway } from '@corskit/tools/gateway';
import { runDoctor } from '@corskit/tools/doctor';
import { scan } from '@corskit/tools/scan';
const policy = createPolicy({ origins: ['https://app.example.com'] });
const handler: RequestHandler = cors(policy);
const same: typeof verifyServer = forwarded;
const text: string = generateConfig('nginx', policy).text;
// @ts-expect-error a wrong argument must be an error: the types are real, not any
generateConfig('nginx', 42);
export { handler, same, text, startGateway, runDoctor, scan };
`,
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['use.ts'],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('a core of another version is refused with the versions to install, by the command and the libraries', () => {
  const other = emptyProject(packed.dir, 'mismatch');
  cpSync(join(project, 'node_modules'), join(other, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  // What a forced install of another core release leaves on disk: its manifest and its constant.
  const core = join(other, 'node_modules', 'corskit');
  const manifest = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8'));
  writeFileSync(join(core, 'package.json'), JSON.stringify({ ...manifest, version: '0.0.9' }));
  const versionFile = join(core, 'dist', 'policy', 'version.js');
  writeFileSync(versionFile, readFileSync(versionFile, 'utf8').replace(/'\d+\.\d+\.\d+[^']*'/, "'0.0.9'"));
  const v = packed.toolsManifest.version as string;
  const command = runBin(other, 'corskit', [
    'doctor',
    'http://127.0.0.1:9/x',
    '--origin',
    'https://a.example',
  ]);
  assert.equal(command.status, 2);
  assert.equal(
    command.stderr,
    `corskit: @corskit/tools ${v} needs corskit ${v} (the two are released together), but the installed corskit is 0.0.9. Install matching versions: npm install corskit@${v} @corskit/tools@${v}\n`,
  );
  const json = runBin(other, 'corskit', ['check', 'x.json', '--json']);
  assert.equal(json.status, 2);
  assert.equal(JSON.parse(json.stdout).error.code, 'core-version-mismatch');
  const library = runIn(
    other,
    `try { await import('@corskit/tools/gateway'); } catch (e) { console.log(e.code, e.name); }`,
  );
  assert.equal(library.stdout.trim(), 'core-version-mismatch CoreVersionError');
});

test('without the tools, the launcher asks the registry for exactly @corskit/tools@<its version>', async () => {
  const coreOnly = emptyProject(packed.dir, 'fetch');
  npmInstall(coreOnly, [packed.core], ['--offline']);
  // A loopback registry that has nothing: it records what npm asks for.
  const asked: string[] = [];
  const registry = createServer((req, res) => {
    asked.push(decodeURIComponent(req.url ?? ''));
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const { port } = registry.address() as AddressInfo;
  try {
    const child = spawn(join(coreOnly, 'node_modules', '.bin', 'corskit'), ['--version'], {
      cwd: coreOnly,
      env: {
        ...process.env,
        npm_config_registry: `http://127.0.0.1:${port}/`,
        npm_config_cache: join(coreOnly, '.npm-cache'),
        npm_config_fetch_retries: '0',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.notEqual(status, 0);
    const v = packed.coreManifest.version as string;
    assert.match(
      stderr,
      new RegExp(
        `^corskit: the command-line tools are a separate package; running @corskit/tools@${v.replaceAll('.', '\\.')} through npm exec`,
      ),
    );
    assert.ok(
      asked.some((path) => path === '/@corskit/tools'),
      `npm asked for ${asked.join(', ')}`,
    );
  } finally {
    registry.close();
  }
});
