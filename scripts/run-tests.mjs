#!/usr/bin/env node
// Runs every *.test.ts in the project with Node's own test runner (through tsx, so tests
// exercise the TypeScript sources, never a stale build).
// Flags: --only-unit skips the files under conformance/ and the *.browser.test.ts / *.server.test.ts files.
//        any other argument is a substring filter on the file path.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = ['src', 'test', 'conformance', 'bench'];
const args = process.argv.slice(2);
const onlyUnit = args.includes('--only-unit');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

let files = roots.flatMap((r) => walk(join(root, r), [])).sort();
if (onlyUnit)
  files = files.filter((f) => !/\.(browser|server)\.test\.ts$/.test(f) && !f.startsWith('conformance/'));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('run-tests: no test file matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    // spec, not the default TAP when piped: it ends with every failing test and its error, so
    // the tail of a CI log (all a CI summary may keep) names what failed.
    '--test-reporter=spec',
    '--test-concurrency=2',
    '--test-timeout=600000',
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
