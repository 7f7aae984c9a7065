#!/usr/bin/env node
// Fills the two published packages from the one compiled tree in dist/ (see README, "Packages"):
//   packages/corskit  the core: policy engine, adapters, browser model and the `corskit` launcher,
//                     zero runtime dependencies;
//   packages/tools    @corskit/tools: the CLI, doctor, scan, gateway, generators, verify, UI, HAR.
// The sources stay one TypeScript project with one layering (scripts/check-layers.mjs), so a tool
// module imports the engine with a relative path. In the tools package those paths cannot leave
// the package: each one is rewritten to `corskit/internal/<path>`, the core's internal subpath,
// which only @corskit/tools of the same version uses (it refuses another version at start-up).
// Every specifier of both packages is then resolved on disk; one that points nowhere stops the
// build, so a missed rewrite can never be published.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'dist');

/** Top-level entries of dist/ that belong to the core package; everything else is a tool. */
const CORE = new Set(['policy', 'engine', 'browser', 'adapters', 'launcher', 'index', 'testing']);
/** The tool entries the core forwards (`corskit/verify` → `@corskit/tools/verify`) for old imports. */
const FORWARDED = ['gateway', 'generate', 'scan', 'doctor', 'verify'];

// tsc (NodeNext) writes every relative module specifier with its .js extension; matching only those
// keeps file names quoted in comments and JSON imports out of it.
// `from` covers `import … from` and `export … from` alike.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+\.js)\2/gm;

const topOf = (file) =>
  relative(dist, file)
    .split(sep)[0]
    .replace(/\.(d\.ts|js)$/, '');
const isCode = (name) => name.endsWith('.js') || name.endsWith('.d.ts');

/** Every .js and .d.ts file under a folder, as paths. */
const walk = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter(isCode)
    .map((name) => join(dir, name));

/** Copies one compiled file into a package, rewriting tool → core imports. */
function place(file, packageDist, rewriteCore) {
  let text = readFileSync(file, 'utf8');
  if (rewriteCore) {
    text = text.replace(SPECIFIER, (whole, lead, quote, spec) => {
      const target = resolve(dirname(file), spec);
      if (!CORE.has(topOf(target))) return whole;
      const internal = relative(dist, target).split(sep).join('/');
      return `${lead}${quote}corskit/internal/${internal}${quote}`;
    });
  }
  // Source maps point at src/, which is not published: drop the comment with the map.
  text = text.replace(/\n\/\/# sourceMappingURL=.*$/, '\n');
  const out = join(packageDist, relative(dist, file));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}

function forwarders(packageDist) {
  for (const name of FORWARDED) {
    const line = `export * from '@corskit/tools/${name}';\n`;
    const note = `// corskit/${name} lives in @corskit/tools (the core has no dependencies); kept for old imports.\n`;
    mkdirSync(join(packageDist, 'tools'), { recursive: true });
    writeFileSync(join(packageDist, 'tools', `${name}.js`), note + line);
    writeFileSync(join(packageDist, 'tools', `${name}.d.ts`), note + line);
  }
}

/** Every relative specifier must name a file of the same package; every internal one a core file. */
function unresolved(packageDir, coreDist) {
  const problems = [];
  for (const file of walk(join(packageDir, 'dist'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolve(dirname(file), match[3]);
      const candidates = file.endsWith('.d.ts') ? [target.replace(/\.js$/, '.d.ts'), target] : [target];
      if (!candidates.some(existsSync) || !target.startsWith(packageDir + sep)) {
        problems.push(`${relative(root, file)}: ${match[3]} does not resolve inside the package`);
      }
    }
    for (const match of text.matchAll(/['"]corskit\/internal\/([^'"]+)['"]/g)) {
      const target = join(coreDist, match[1]);
      const candidates = file.endsWith('.d.ts') ? [target.replace(/\.js$/, '.d.ts')] : [target];
      if (!candidates.some(existsSync))
        problems.push(`${relative(root, file)}: corskit/internal/${match[1]} is not in the core`);
    }
  }
  return problems;
}

/** Bins must stay executable: npm sets the bit when it links them, and a rebuild rewrites the files. */
function executableBins(packageDir) {
  const { bin = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  for (const file of Object.values(bin)) chmodSync(join(packageDir, file), 0o755);
}

/** The licence in both; the README in the core (the tools package has its own, checked in). */
function packageFiles(packageDir, extra) {
  cpSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
  for (const [from, to] of extra) cpSync(join(root, from), join(packageDir, to), { recursive: true });
}

export function assemblePackages() {
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` (tsc) first');
  const coreDir = join(root, 'packages', 'corskit');
  const toolsDir = join(root, 'packages', 'tools');
  for (const dir of [coreDir, toolsDir]) rmSync(join(dir, 'dist'), { recursive: true, force: true });
  for (const file of walk(dist)) {
    const core = CORE.has(topOf(file));
    place(file, join(core ? coreDir : toolsDir, 'dist'), !core);
  }
  forwarders(join(coreDir, 'dist'));
  packageFiles(coreDir, [['README.md', 'README.md']]);
  packageFiles(toolsDir, [['examples/gateway', 'examples/gateway']]);
  for (const dir of [coreDir, toolsDir]) executableBins(dir);
  return [...unresolved(coreDir, join(coreDir, 'dist')), ...unresolved(toolsDir, join(coreDir, 'dist'))];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const problems = assemblePackages();
    for (const p of problems) console.error(p);
    if (problems.length > 0) {
      console.error(
        `assemble-packages: ${problems.length} import${problems.length === 1 ? '' : 's'} would break`,
      );
      process.exit(1);
    }
    console.log('assemble-packages: packages/corskit and packages/tools are ready');
  } catch (error) {
    console.error(`assemble-packages: ${error.message}`);
    process.exit(1);
  }
}
