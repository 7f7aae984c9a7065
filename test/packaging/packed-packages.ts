// Shared by the packaging tests: packs the two workspace packages exactly as `npm publish` would
// (from the built packages/*/dist) and installs tarballs into empty projects in a temp folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../../', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Packed {
  readonly dir: string;
  readonly core: string;
  readonly tools: string;
  /** Manifests as packed, read back from the tarballs' package.json. */
  readonly coreManifest: Record<string, unknown>;
  readonly toolsManifest: Record<string, unknown>;
  cleanup(): void;
}

export function packBoth(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'corskit-pack-'));
  const out = execFileSync(
    npm,
    [
      'pack',
      '--workspace',
      'packages/corskit',
      '--workspace',
      'packages/tools',
      '--pack-destination',
      dir,
      '--json',
    ],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const [core, tools] = (JSON.parse(out) as { filename: string }[]).map((p) => join(dir, p.filename));
  if (!core || !tools) throw new Error(`npm pack produced ${out}`);
  const manifest = (tarball: string) =>
    JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  return {
    dir,
    core,
    tools,
    coreManifest: manifest(core),
    toolsManifest: manifest(tools),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An empty ESM project in a fresh folder. */
export function emptyProject(parent: string, name: string): string {
  const dir = mkdtempSync(join(parent, `${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

export function npmInstall(project: string, specs: readonly string[], extra: readonly string[] = []): void {
  const run = spawnSync(npm, ['install', ...specs, '--no-audit', '--no-fund', '--loglevel=error', ...extra], {
    cwd: project,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed:\n${run.stderr}`);
}

/** Every package installed under node_modules, by name, from npm's own hidden lockfile. */
export function installedPackages(project: string): string[] {
  return Object.keys(installedLock(project))
    .map((path) => path.replace(/^.*node_modules\//, ''))
    .sort();
}

/** npm's hidden lockfile of a project: each installed package by its node_modules path. */
export function installedLock(project: string): Record<string, { dependencies?: Record<string, string> }> {
  return (
    JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    }
  ).packages;
}

/** Runs an ESM snippet inside the project (so imports resolve from its node_modules). */
export function runIn(project: string, code: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(project, `snippet-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return spawnSync(process.execPath, [file], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
}

/** Runs a bin of the project (node_modules/.bin/NAME) the way npx would. */
export function runBin(project: string, name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(join(project, 'node_modules', '.bin', name), args, {
    cwd: project,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
}

/** Packs both packages and installs the chosen tarballs into one empty project; for before(). */
export function packedProject(
  name: string,
  pick: (packed: Packed) => string[],
  extra: readonly string[],
): { packed: Packed; project: string } {
  const packed = packBoth();
  const project = emptyProject(packed.dir, name);
  npmInstall(project, pick(packed), extra);
  return { packed, project };
}
