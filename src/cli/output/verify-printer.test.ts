// The verify table: merged credential rows, the meaning column, and no raw control bytes from a
// hostile server reaching the terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pc from 'picocolors';
import type { Deviation, VerifyReport } from '../../verify/verify-report.js';
import { renderVerify } from './verify-printer.js';

const plain = pc.createColors(false);

function leak(credentials: boolean, acao: string): Deviation {
  return {
    kind: 'leak',
    path: '/items',
    request: { method: 'GET', url: 'http://s.test/items', headers: [['origin', 'https://evil.test']] },
    fetch: {
      origin: 'https://evil.test',
      why: 'an unrelated origin',
      method: 'GET',
      headers: [],
      credentials,
      policyAllows: false,
    },
    expected: { headers: { vary: 'Origin' } },
    actual: { status: 200, headers: { 'access-control-allow-origin': acao } },
    problems: ['readable'],
    browser: {
      expected: 'blocked',
      actual: 'allowed',
      chromium: null,
      firefox: null,
      summary:
        'LEAK: a page at https://evil.test (an unrelated origin) can read the response to GET, which the policy refuses',
    },
  };
}

function report(deviations: Deviation[]): VerifyReport {
  return {
    url: 'http://s.test/items',
    paths: ['/items'],
    conforms: deviations.length === 0,
    requests: 10,
    fetches: 5,
    counts: { leak: deviations.length, blocked: 0, cache: 0, order: 0, status: 0, headers: 0 },
    deviations,
  };
}

test('conforming: two lines, no table', () => {
  const lines = renderVerify(report([]), plain);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /answers as the policy says/);
});

test('rows differing only in credentials are merged; control bytes are escaped', () => {
  const out = renderVerify(
    report([leak(false, 'https://evil.test\x1b[2J'), leak(true, 'https://evil.test\x1b[2J')]),
    plain,
  ).join('\n');
  assert.match(out, /deviates from the policy: 2 leak/);
  assert.equal(out.match(/│ LEAK │/g)?.length, 1, 'one merged row');
  assert.match(out, /with and without credentials/);
  assert.ok(!out.includes('\x1b'), 'no raw ESC');
  assert.match(out, /\\x1b\[2J/);
});
