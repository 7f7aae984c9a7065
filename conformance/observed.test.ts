// The checked-in recordings (conformance/observed/*.json) cover the whole matrix, and the fetch
// sequences show on the server side what the preflight cache did: these facts come from the real
// browsers (`npm run conformance` records them), not from the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadObserved, loadScenarios } from './harness.js';
import type { Observation } from './observe.js';

const scenarios = loadScenarios();
const preflights = (browser: 'chromium' | 'firefox' | 'webkit', id: string): number =>
  loadObserved(browser)?.cases[id]?.requests.filter((hit) => hit.method === 'OPTIONS').length ?? -1;

for (const browser of ['chromium', 'firefox', 'webkit'] as const) {
  test(`${browser}: every scenario is recorded, with one observation per fetch`, () => {
    const file = loadObserved(browser);
    assert.ok(file, `conformance/observed/${browser}.json is missing`);
    for (const scenario of scenarios) {
      const o: Observation | undefined = file.cases[scenario.id];
      assert.ok(o, `${scenario.id} is not recorded`);
      assert.equal(o.followUps?.length ?? 0, scenario.followUps?.length ?? 0, scenario.id);
      // Recordings hold placeholders only, so they do not change from run to run.
      for (const hit of o.requests) assert.doesNotMatch(hit.origin ?? '', /127\.0\.0\.1/, scenario.id);
    }
  });

  test(`${browser}: the server saw one preflight for a repeated PUT with Max-Age 600, two with Max-Age 0`, () => {
    assert.equal(preflights(browser, 'cache-max-age-600'), 1);
    assert.equal(preflights(browser, 'cache-three-fetches'), 1);
    assert.equal(preflights(browser, 'cache-max-age-0'), 2);
    assert.equal(preflights(browser, 'cache-method-not-covered'), 2);
    assert.equal(preflights(browser, 'cache-header-not-covered'), 2);
  });
}

test('where the browsers differ on the cache: `*` and a credentialed entry reused by Chromium and WebKit only', () => {
  for (const id of [
    'cache-method-wildcard',
    'cache-header-wildcard',
    'cache-credentials-include-then-omit',
  ]) {
    assert.equal(preflights('chromium', id), 1, id);
    assert.equal(preflights('webkit', id), 1, id);
    assert.equal(preflights('firefox', id), 2, id);
  }
});

test('webkit: explain recognises every line real WebKit printed, or says where its reason is', async () => {
  const { explainMessage } = await import('../src/browser/explain.js');
  const file = loadObserved('webkit');
  assert.ok(file, 'conformance/observed/webkit.json is missing');
  const lines = new Set<string>();
  for (const o of Object.values(file.cases))
    for (const f of [o, ...(o.followUps ?? [])]) for (const line of f.consoleLines) lines.add(line);
  const unknown = [...lines].filter((line) => {
    const e = explainMessage(line);
    return (
      e.code === null &&
      !(e.kind === 'unknown' && e.note) &&
      !/^(Not allowed to follow a redirection|Load cannot follow)/.test(line)
    );
  });
  assert.deepEqual(unknown, []);
});

test('the model agrees with every recorded observation of the three browsers (no browser launched)', async () => {
  const { runConformance } = await import('./harness.js');
  const result = await runConformance({ fromObserved: true, write: false });
  assert.ok(result.comparisons, `the model was not compared: ${result.modelError}`);
  for (const c of result.comparisons) {
    assert.equal(c.verdict.agree, c.verdict.total, `${c.browser} verdicts`);
    assert.equal(c.messages.agree, c.messages.total, `${c.browser} messages`);
    assert.equal(c.wire.agree, c.wire.total, `${c.browser} server requests of fetch sequences`);
  }
});
