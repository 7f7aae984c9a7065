// The generated pieces the parity run does not execute, checked by the language itself: the Rails
// initializer (Rails is not packaged next to rack-cors here) with `ruby -c`, for every policy of
// the shared table. The config.ru form with the same `allow` block runs in stack-parity.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requestTable } from '../../src/engine/request-table.js';
import { generateConfig } from '../../src/generate/index.js';
import { requireBinary } from '../support/binaries.js';
import { RUBY } from './support/stack-apps.js';
import { policiesOf } from './support/table-policies.js';

const ruby = requireBinary(RUBY);
test('rack: the Rails initializer is valid Ruby for every policy of the table', { skip: ruby.skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'corskit-rails-'));
  for (const [i, options] of policiesOf(requestTable).entries()) {
    const part = generateConfig('rack', options).parts.find((p) => p.where.includes('initializers'));
    assert.ok(part);
    assert.match(part.text, /Rails\.application\.config\.middleware\.insert_before 0, Rack::Cors do/);
    const file = join(dir, `cors${i}.rb`);
    writeFileSync(file, part.text);
    const check = spawnSync(RUBY, ['-c', file], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${JSON.stringify(options)}:\n${check.stderr}`);
  }
});
