// The scenario matrix is data: these tests keep the checked-in JSON in sync with its generator and
// make sure every scenario is well formed (unique ids, redirects that land on a defined step).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { toPlaceholders } from './observe.js';
import { fill, type Origins, parseCasePath, type Scenario } from './scenario.js';
import { buildScenarios, serializeCases } from './scenarios/generate.js';

const checkedIn = JSON.parse(readFileSync(new URL('scenarios/cases.json', import.meta.url), 'utf8')) as {
  count: number;
  scenarios: Scenario[];
};
const origins: Origins = {
  page: 'http://127.0.0.1:5001',
  api: 'http://127.0.0.1:5002',
  other: 'http://127.0.0.1:5003',
  closed: 'http://127.0.0.1:5004',
};

test('cases.json is exactly what generate.ts produces', () => {
  assert.equal(
    readFileSync(new URL('scenarios/cases.json', import.meta.url), 'utf8'),
    serializeCases(buildScenarios()),
  );
});

test('the matrix has at least 300 scenarios with unique, path-safe ids', () => {
  assert.ok(checkedIn.scenarios.length >= 300, `${checkedIn.scenarios.length} scenarios`);
  assert.equal(checkedIn.count, checkedIn.scenarios.length);
  const ids = checkedIn.scenarios.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.deepEqual(parseCasePath(`/c/${id}`), { id, step: 0 });
});

test('the matrix covers every group the issue asks for', () => {
  const groups = new Set(checkedIn.scenarios.map((s) => s.group));
  for (const group of [
    'acao',
    'acac',
    'status',
    'preflight-status',
    'acam',
    'acah',
    'redirect',
    'expose',
    'safelist',
    'network',
    'null-origin',
    'same-origin',
    'cache',
  ]) {
    assert.ok(groups.has(group), group);
  }
});

test('every redirect lands on a step the scenario defines (or on the closed port)', () => {
  for (const scenario of checkedIn.scenarios) {
    for (const step of scenario.steps) {
      for (const reply of [step.preflight, step.actual]) {
        for (const [name, value] of reply?.headers ?? []) {
          if (name.toLowerCase() !== 'location') continue;
          const url = new URL(fill(value, origins, scenario.id));
          if (url.origin === origins.closed) continue;
          const target = parseCasePath(url.pathname);
          assert.equal(target?.id, scenario.id, `${scenario.id}: ${value}`);
          assert.ok(scenario.steps[target!.step], `${scenario.id}: step ${target!.step} is not defined`);
        }
      }
    }
  }
});

test('placeholders survive a round trip through real origins, whatever the ports', () => {
  const token = fc.constantFrom(
    '{page}',
    '{api}',
    '{other}',
    '{closed}',
    '{PAGE}',
    '{pageHost}',
    '{apiHost}',
    '{otherHost}',
  );
  // Origins in real messages are always followed by a delimiter, never by a digit.
  const literal = fc.stringMatching(/^[a-z '.,:/()-]{1,8}$/);
  const ports = fc.uniqueArray(fc.integer({ min: 1024, max: 65535 }), { minLength: 4, maxLength: 4 });
  fc.assert(
    fc.property(ports, fc.array(fc.tuple(token, literal), { maxLength: 8 }), (p, parts) => {
      const o: Origins = {
        page: `http://127.0.0.1:${p[0]}`,
        api: `http://127.0.0.1:${p[1]}`,
        other: `http://127.0.0.1:${p[2]}`,
        closed: `http://127.0.0.1:${p[3]}`,
      };
      const template = parts.map(([t, l]) => t + l).join('');
      assert.equal(toPlaceholders(fill(template, o, 'x'), o), template);
    }),
  );
});
