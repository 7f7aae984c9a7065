// A translated Firefox: a sample of the matrix runs in real Firefox with its UI in Spanish (es-ES)
// and in Chromium started with --lang=es-ES; the model, asked for `firefoxLocale: 'es-ES'`, must
// predict every line (Firefox's translated, Chromium's still English). Needs Debian's
// firefox-esr-l10n-es-es language pack: required on CI, skipped loudly elsewhere.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { simulate } from '../src/browser/index.js';
import type { BrowserName } from '../src/browser/types.js';
import { CHROMIUM, FIREFOX, requireBinary } from '../test/support/binaries.js';
import { launchBrowser } from '../test/support/browsers.js';
import { compareBrowser, type Model } from './compare.js';
import { loadScenarios } from './harness.js';
import { observe } from './observe.js';
import { disagreementLines } from './report.js';
import { type ConformanceServers, startConformanceServers } from './servers.js';

const LANGPACK = '/usr/lib/firefox-esr/browser/extensions/langpack-es-ES@firefox-esr.mozilla.org.xpi';
const SAMPLE = [
  'acao-missing-get-omit',
  'acao-star-get-include',
  'acao-other-port-get-omit',
  'acao-two-headers-get-omit',
  'acac-missing-get',
  'preflight-status-500',
  'acam-missing-put-omit',
  'acah-missing-omit',
  'redirect-307-cross-origin-star',
  'network-closed-port-get',
];

function langpack(): false | string {
  if (existsSync(LANGPACK)) return false;
  if (process.env.CI)
    throw new Error(`${LANGPACK} is required on CI: apt-get install firefox-esr-l10n-es-es`);
  const message = `SKIPPED: ${LANGPACK} is missing (apt-get install firefox-esr-l10n-es-es)`;
  process.stderr.write(`\n!!! ${message}\n\n`);
  return message;
}

const skip = requireBinary(CHROMIUM).skip || requireBinary(FIREFOX).skip || langpack();
const spanish: Model = {
  simulate: (desc, transport, options) =>
    simulate(desc, transport, {
      firefoxLocale: 'es-ES',
      ...(options?.preflightCache ? { preflightCache: options.preflightCache as never } : {}),
    }),
  newPreflightCache: () => undefined,
};
const scenarios = loadScenarios().filter((s) => SAMPLE.includes(s.id));
let servers: ConformanceServers;
before(async () => {
  if (!skip) servers = await startConformanceServers(scenarios);
});
after(() => servers?.close());

test('the sample names only scenarios that exist', () => {
  assert.deepEqual(scenarios.map((s) => s.id).sort(), [...SAMPLE].sort());
});

for (const browser of ['firefox', 'chromium'] as BrowserName[]) {
  test(`${browser} with its UI in es-ES prints what the model predicts`, { skip }, async () => {
    const session = await launchBrowser(browser, { locale: 'es-ES' });
    try {
      const observed = await observe(session, servers, scenarios);
      const c = await compareBrowser(browser, session.version, scenarios, observed, spanish);
      const detail = disagreementLines(c).join('\n');
      assert.equal(c.verdict.agree, SAMPLE.length, detail);
      assert.equal(c.messages.agree, SAMPLE.length, detail);
      const lines = Object.values(observed).flatMap((o) => o.consoleLines);
      if (browser === 'firefox') {
        // Not vacuous: the browser really printed Spanish.
        assert.ok(
          lines.some((l) => l.startsWith('Solicitud desde otro origen bloqueada')),
          lines.join('\n'),
        );
      } else {
        assert.ok(
          lines.some((l) => l.includes('has been blocked by CORS policy')),
          lines.join('\n'),
        );
      }
    } finally {
      await session.close();
    }
  });
}
