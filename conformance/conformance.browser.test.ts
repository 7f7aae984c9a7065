// The conformance gate: every scenario runs in real Chromium, Firefox and WebKit (MiniBrowser) and the model must
// predict each browser's verdict and every console line exactly (100 %). Observations are not
// written here (the checked-in files change only through `npm run conformance`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserName } from '../src/browser/types.js';
import { CHROMIUM, FIREFOX, MINIBROWSER, requireBinary, XVFB_RUN } from '../test/support/binaries.js';
import { loadObserved, runConformance } from './harness.js';
import type { Observation } from './observe.js';
import { disagreementLines } from './report.js';

const chromium = requireBinary(CHROMIUM);
const firefox = requireBinary(FIREFOX);
const webkit = requireBinary(MINIBROWSER);
const xvfb = requireBinary(XVFB_RUN);

test('the model agrees with real Chromium, Firefox and WebKit on every scenario', {
  skip: chromium.skip || firefox.skip || webkit.skip || xvfb.skip,
}, async () => {
  const result = await runConformance({ write: false });
  for (const [browser, ids] of Object.entries(result.unstable))
    assert.deepEqual(ids, [], `${browser} nondeterministic`);
  // The checked-in observations must still describe these browsers; otherwise re-record them.
  for (const [browser, file] of Object.entries(result.observed)) {
    const recorded = loadObserved(browser as BrowserName);
    const changed = Object.entries(file.cases).filter(([id, o]) => {
      const r = recorded?.cases[id];
      return !r || JSON.stringify(behaviour(r)) !== JSON.stringify(behaviour(o));
    });
    // Both behaviours in the message, so a difference seen once in many runs is diagnosable from
    // the log (WebKit's redirect-301-cross-origin-star was: a 301 replayed from a disk cache that
    // MiniBrowser kept across runs, see docs/conformance.md).
    const detail = changed.map(([id, o]) => describeChange(id, recorded?.cases[id], o)).join('');
    assert.deepEqual(
      changed.map(([id]) => id),
      [],
      `${browser} now behaves differently from conformance/observed/${browser}.json: run npm run conformance${detail}`,
    );
  }
  // The doctor's requests, header for header, as each real browser sent them.
  for (const [browser, check] of Object.entries(result.requestProfile)) {
    assert.deepEqual(
      check.headers.filter((h) => h.differences.length).map((h) => `${h.method} ${h.name}: ${h.differences}`),
      [],
      `${browser} request headers`,
    );
    assert.deepEqual(
      check.verdicts.filter((v) => !v.agrees).map((v) => v.name),
      [],
      `${browser} request-sensitive servers`,
    );
  }
  assert.ok(result.comparisons, `the model was not compared: ${result.modelError}`);
  for (const c of result.comparisons) {
    const detail = disagreementLines(
      c,
      new Set(result.scenarios.filter((s) => s.exclude).map((s) => s.id)),
    ).join('\n');
    assert.equal(
      c.verdict.agree,
      c.verdict.total,
      `${c.browser} [${c.variant}] verdicts ${c.verdict.agree}/${c.verdict.total}\n${detail}`,
    );
    assert.equal(
      c.messages.agree,
      c.messages.total,
      `${c.browser} messages ${c.messages.agree}/${c.messages.total}\n${detail}`,
    );
    assert.equal(
      c.wire.agree,
      c.wire.total,
      `${c.browser} server requests of fetch sequences ${c.wire.agree}/${c.wire.total}\n${detail}`,
    );
  }
});

/** What a browser did in a scenario, for telling a browser upgrade apart: verdicts, lines, and (for sequences) what reached the server. */
function describeChange(id: string, recorded: Observation | undefined, now: Observation): string {
  const recordedText = recorded ? JSON.stringify(behaviour(recorded)) : '(none)';
  return `\n  ${id}\n    recorded: ${recordedText}\n    now:      ${JSON.stringify(behaviour(now))}`;
}

function behaviour(o: Observation): unknown {
  return [
    ...[o, ...(o.followUps ?? [])].map((f) => [f.readable, f.consoleLines]),
    o.followUps ? o.requests.map((hit) => `${hit.method} s${hit.step}`) : null,
  ];
}
