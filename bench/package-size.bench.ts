// What `npm install <package>` brings into an empty project: packages installed and bytes on disk,
// for corskit's two packages (packed from this tree exactly as they would be published) and the
// peers a middleware user compares them with. Sizes and counts are exact and repeatable.
// Run: npm run build && node --import tsx bench/package-size.bench.ts   (writes bench/results/package-size.md)
// Needs npm's cache or registry for the tools' dependencies and the peers.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyProject, installedLock, npmInstall, packBoth } from '../test/packaging/packed-packages.js';

const packed = packBoth();
const root = new URL('..', import.meta.url).pathname;
const installedVersion = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

/** Apparent bytes of every file under a folder (what the files hold, not the disk blocks). */
function bytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    total += s.isDirectory() ? bytes(path) : s.size;
  }
  return total;
}

interface Row {
  label: string;
  packages: number;
  bytes: number;
  dependencies: number;
}

/** `name` is the package the row is about: its direct dependencies are counted. */
function measure(label: string, name: string, specs: string[], extra: string[] = []): Row {
  const project = emptyProject(packed.dir, 'size');
  npmInstall(project, specs, ['--prefer-offline', ...extra]);
  const lock = installedLock(project);
  const nodeModules = join(project, 'node_modules');
  return {
    label,
    packages: Object.keys(lock).length,
    bytes: bytes(nodeModules) - statSync(join(nodeModules, '.package-lock.json')).size,
    dependencies: Object.keys(lock[`node_modules/${name}`]?.dependencies ?? {}).length,
  };
}

const rows: Row[] = [
  measure('corskit (core)', 'corskit', [packed.core], ['--offline']),
  measure('@corskit/tools (with its core)', '@corskit/tools', [packed.core, packed.tools]),
  ...['cors', '@fastify/cors', 'hono'].map((name) => {
    const version = installedVersion(name);
    return measure(`${name} ${version}`, name, [`${name}@${version}`]);
  }),
];
packed.cleanup();

const kb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(0)} kB`);
const table = rows
  .map((r) => `| ${r.label} | ${r.packages} | ${r.dependencies} | ${kb(r.bytes)} |`)
  .join('\n');
const md = `## Package size: what \`npm install\` brings

Each package installed alone into an empty project (\`npm install <tarball or name>\`, defaults:
optional peers are not installed), counted from npm's own lockfile; size is the apparent bytes of
every file under \`node_modules\`. corskit's two packages are packed from this tree with
\`npm pack\`, exactly as they would be published; the core installs with \`--offline\`, which
proves it needs nothing from the registry. Target: the core is one package with zero dependencies.

| npm install … | packages installed | direct dependencies | size on disk |
|---|---:|---:|---:|
${table}

The core holds the policy engine, every adapter, the browser model (explain's message catalogues
in 11 languages are most of its size) and the \`corskit\` launcher; @corskit/tools adds the CLI,
doctor, scan, verify, generators, HAR, UI and the gateway with commander, picocolors, cli-table3,
yaml and undici. Before the split (one \`corskit\` package, commit a84fbe8, built and packed the
same way, measured once on 2026-11-30) \`npm install corskit\` brought everything to every user:
89 packages and 67 MB by default (its optional dependencies playwright-core and puppeteer-core,
now optional peers of the tools), 11 packages and 5.0 MB with \`--omit=optional\`.

Command: \`npm run build && node --import tsx bench/package-size.bench.ts\`.
`;
writeFileSync(new URL('results/package-size.md', import.meta.url), md);
process.stdout.write(`${md}\n`);
