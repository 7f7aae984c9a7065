import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { VERSION } from './version.js';

const versionOf = (manifest: string) =>
  (JSON.parse(readFileSync(new URL(`../../${manifest}`, import.meta.url), 'utf8')) as { version: string })
    .version;

// One version for the workspace, the core and the tools: they are released together, and the tools
// refuse a core of another version (src/tools-release/core-version.ts).
test('VERSION equals every package.json of the repository', () => {
  for (const manifest of ['package.json', 'packages/corskit/package.json', 'packages/tools/package.json'])
    assert.equal(versionOf(manifest), VERSION, manifest);
});

test('the tools depend on the core of exactly that version, and the core accepts only those tools', () => {
  const tools = JSON.parse(
    readFileSync(new URL('../../packages/tools/package.json', import.meta.url), 'utf8'),
  );
  const core = JSON.parse(
    readFileSync(new URL('../../packages/corskit/package.json', import.meta.url), 'utf8'),
  );
  assert.equal(tools.dependencies.corskit, VERSION);
  assert.equal(core.peerDependencies['@corskit/tools'], VERSION);
});
