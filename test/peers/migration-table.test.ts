// docs/migrating.md's tables are the ported suites' divergence data: regenerate them when it changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentTables, generatedTables, SUITES } from './migration-table.js';

test('docs/migrating.md lists exactly the divergences the ported suites check', () => {
  assert.equal(
    currentTables(),
    generatedTables(),
    'docs/migrating.md is stale: run `node --import tsx test/peers/migration-table.ts --write`',
  );
});

test('every divergence says what differs, why, and what a migrating user must change', () => {
  for (const suite of SUITES)
    for (const c of suite.cases) {
      const d = c.divergence;
      if (!d) continue;
      for (const field of ['input', 'peer', 'corskit', 'change'] as const)
        assert.ok(d[field].trim().length > 0, `${suite.peer} / ${c.title}: empty ${field}`);
    }
});
