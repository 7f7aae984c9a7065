// `npm run bench [name…]`: runs each bench/<name>.bench.ts in its own process, one after the other
// (so suites never compete for the two cores), then rebuilds BENCHMARKS.md from bench/results/*.md.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const allSuites = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const suites = allSuites.filter((name) => wanted.length === 0 || wanted.includes(name));
const unknown = wanted.filter((name) => !allSuites.includes(name));
if (unknown.length) {
  process.stderr.write(`bench: no suite named ${unknown.join(', ')} (names: ${allSuites.join(', ')})\n`);
  process.exit(2);
}

let failed = false;
for (const name of suites) {
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.bench.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed = true;
    process.stderr.write(`bench ${name} exited with ${run.status}\n`);
  }
}

const resultsDir = join(here, 'results');
const parts = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(join(resultsDir, f), 'utf8').trim());
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
writeFileSync(
  join(here, '..', 'BENCHMARKS.md'),
  `# corskit benchmarks\n\nAll figures are ratios measured side by side in one process or one run, never timed unit tests.\nReproduce everything with \`npm run bench\`, or one suite with \`npm run bench -- <name>\` (names: ${allSuites.join(', ')}).\nLast assembled on: ${machine}.\n\n${parts.join('\n\n')}\n`,
);
process.exit(failed ? 1 : 0);
