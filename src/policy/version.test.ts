import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { VERSION } from './version.js';

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const manifest = (path: string): Manifest =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Manifest;

// One version for the workspace, the core and the tools: they are released together, and the tools
// refuse a core of another version (src/tools-release/core-version.ts).
test('VERSION equals every package.json of the repository', () => {
  for (const path of ['package.json', 'packages/corskit/package.json', 'packages/tools/package.json'])
    assert.equal(manifest(path).version, VERSION, path);
});

test('the tools depend on the core of exactly that version, and the core accepts only those tools', () => {
  const tools = manifest('packages/tools/package.json');
  const core = manifest('packages/corskit/package.json');
  assert.equal(tools.dependencies?.corskit, VERSION);
  assert.equal(core.peerDependencies?.['@corskit/tools'], VERSION);
});
