// How long the built CLI takes to start, side by side with bare `node -e 0`, measured by hyperfine
// (Debian `hyperfine`). Each round runs every command a few times, one round after the other, so
// background load hits every command alike; the table reports the median over rounds of each
// round's ratio to bare node, for wall time and for CPU time (user + system, which load changes
// far less than wall time on a shared machine). `doctor` probes a server on loopback, so its
// network time is a few hundred microseconds of the figure.
//
// Run: npm run build && node --import tsx bench/cli-startup.bench.ts   (writes bench/results/cli-startup.md)
// Also: `BASE=<dir of another checkout's dist/cli/main.js>` adds that build as a "before" column.
// And: `BUNDLE=1` adds dist/cli bundled by esbuild (the options in BUNDLE_OPTIONS below, those a
// published tools package would use) as "bundled" rows, measured in the same rounds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, median, root, start, stopChildren, waitForHttp } from './processes.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const RUNS = Number(process.env.RUNS ?? 6);
const TARGET = 1.5;

const serverScript = `
require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'access-control-allow-origin': 'https://app.example.com', 'content-type': 'text/plain' });
  res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/**
 * The esbuild options measured for the bundled rows: one ESM bundle split at every `import()`, so
 * each command still loads only its own chunks; commander and picocolors (CommonJS) bundled in,
 * with `require` supplied for their `require('node:…')` calls; the heavy optional dependencies
 * left external; minified with the names kept (error classes keep their names in messages).
 */
const BUNDLE_EXTERNAL = ['undici', 'yaml', 'cli-table3', 'playwright-core', 'puppeteer-core', 'next', 'ws'];
const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  external: BUNDLE_EXTERNAL,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'error',
} as const;

/** dist/cli bundled into `dir`/dist/cli, beside a copy of package.json (the version is read from it). */
async function bundle(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(root, 'dist/cli/main.js')],
    outdir: join(dir, 'dist/cli'),
  });
  await copyFile(join(root, 'package.json'), join(dir, 'package.json'));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

interface Sample {
  wall: number;
  cpu: number;
}

function hyperfine(commands: string[], json: string): void {
  const run = spawnSync(
    'hyperfine',
    [
      '-N',
      '-i',
      '--warmup',
      '1',
      '--runs',
      String(RUNS),
      '--style',
      'none',
      '--export-json',
      json,
      ...commands,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`hyperfine exited with ${run.status}`);
}

async function measure(commands: string[], dir: string): Promise<Sample[]> {
  const json = join(dir, 'round.json');
  hyperfine(commands, json);
  const { results } = JSON.parse(await readFile(json, 'utf8')) as {
    results: Array<{ median: number; user: number; system: number }>;
  };
  return results.map((r) => ({ wall: r.median * 1000, cpu: (r.user + r.system) * 1000 }));
}

async function main(): Promise<void> {
  const main = join(root, 'dist/cli/main.js');
  if (!existsSync(main)) throw new Error('run `npm run build` first: the bench measures dist/cli/main.js');
  if (spawnSync('hyperfine', ['--version']).status !== 0) throw new Error('hyperfine is not installed');
  const dir = await mkdtemp(join(tmpdir(), 'corskit-cli-bench-'));
  const policy = join(dir, 'cors.json');
  await writeFile(policy, JSON.stringify({ origins: ['https://app.example.com'], credentials: true }));
  const port = await freePort();
  start(process.execPath, ['-e', serverScript], { PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/`);

  const message = "Reason: CORS header 'Access-Control-Allow-Origin' missing";
  const cases: Array<[string, string]> = [
    ['`corskit --version`', '--version'],
    ['`corskit --help`', '--help'],
    ['`corskit explain "…missing"`', `explain "${message}"`],
    ['`corskit check cors.json`', `check ${policy}`],
    [
      '`corskit doctor` (loopback server)',
      `doctor http://127.0.0.1:${port}/ --origin https://app.example.com`,
    ],
  ];
  // What a user's `corskit` runs since the package split (issue #20): the core's launcher, which
  // loads @corskit/tools' entry (the core-version check), which loads dist/cli/main.js.
  const launcher = join(root, 'packages/corskit/bin/corskit.js');
  const builds: Array<[string, string]> = [
    ['corskit', main],
    ['bin', launcher],
  ];
  if (process.env.BASE) builds.unshift(['before', join(process.env.BASE, 'dist/cli/main.js')]);
  if (process.env.BUNDLE) {
    const bundled = await bundle(join(dir, 'bundle'));
    builds.push(['bundled', join(bundled, 'dist/cli/main.js')]);
  }
  const node = process.execPath;
  const commands = [
    `${node} -e 0`,
    ...builds.flatMap(([, file]) => cases.map(([, args]) => `${node} ${file} ${args}`)),
  ];

  const load = loadavg()[0]!;
  const ratios: Sample[][] = commands.map(() => []);
  const absolute: Sample[][] = commands.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const samples = await measure(commands, dir);
    const bare = samples[0]!;
    samples.forEach((s, i) => {
      ratios[i]!.push({ wall: s.wall / bare.wall, cpu: s.cpu / bare.cpu });
      absolute[i]!.push(s);
    });
  }
  await stopChildren();
  await rm(dir, { recursive: true, force: true });

  const rows = commands.map((_, i) => {
    const build = i === 0 ? 'corskit' : builds[Math.floor((i - 1) / cases.length)]![0];
    const label =
      i === 0
        ? '`node -e 0`'
        : `${build === 'corskit' ? '' : `${build}: `}${cases[(i - 1) % cases.length]![0]}`;
    const wall = median(absolute[i]!.map((s) => s.wall));
    const cpu = median(absolute[i]!.map((s) => s.cpu));
    const rw = median(ratios[i]!.map((s) => s.wall));
    const rc = median(ratios[i]!.map((s) => s.cpu));
    const ok = i === 0 ? '—' : rc <= TARGET ? 'yes' : 'no';
    return `| ${label} | ${wall.toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${rw.toFixed(2)}× | ${rc.toFixed(2)}× | ${ok} |`;
  });
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  const table = `## CLI start-up

hyperfine (\`-N\`, ${RUNS} runs per command per round, ${ROUNDS} interleaved rounds) of the built CLI
(\`node dist/cli/main.js …\`) beside bare \`node -e 0\`. Ratios are medians of each round's ratio to bare
node; CPU is user + system time, the figure load disturbs least. Commands load their modules on
demand: \`--version\` is answered before commander loads; otherwise commander and the one command the
line runs (every command only for the help), the browser model only for \`explain\`/\`doctor\`, the
policy validator only for \`check\`, the config generators only for a blocked \`doctor\`, TLS only for
an https URL, YAML only for a YAML file, undici and the gateway only for \`serve\`. Target: within
${TARGET}× of bare node.
"bin" rows: the same commands through the \`corskit\` bin users run (the core package's launcher → @corskit/tools' entry, which checks the core's version → the same main.js).${process.env.BASE ? `\n"before" rows: the build in \`${process.env.BASE}\` (${process.env.BASE_LABEL ?? 'another checkout'}), measured in the same rounds.` : ''}${process.env.BUNDLE ? `\n"bundled" rows: dist/cli bundled by esbuild (${bundleSummary()}), measured in the same rounds.` : ''}

| command | wall (median) | CPU (median) | wall ÷ node | CPU ÷ node | ≤ ${TARGET}× |
|---|---:|---:|---:|---:|---|
${rows.join('\n')}

Machine: ${machine}; load average ${load.toFixed(1)} when the run started (a shared machine).
Command: \`npm run build && ${process.env.BUNDLE ? 'BUNDLE=1 ' : ''}node --import tsx bench/cli-startup.bench.ts\`.`;
  await writeFile(join(root, 'bench/results/cli-startup.md'), `${table}\n`);
  process.stdout.write(`${table}\n`);
}

function bundleSummary(): string {
  return `\`--bundle --splitting --format=esm --platform=node --minify --keep-names\`, commander and picocolors bundled in, external: ${BUNDLE_EXTERNAL.join(', ')}`;
}

main().catch(async (error: unknown) => {
  await stopChildren();
  process.stderr.write(`cli-startup bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
