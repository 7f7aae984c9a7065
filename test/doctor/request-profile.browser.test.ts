// The doctor sends what the browser sends: against servers that look at the request (a WAF, a
// Fetch-Metadata gate, content negotiation, a Referer check, a per-browser answer) its verdict
// and console lines equal real Chromium's and Firefox's, and its requests carry the same header
// names, values and order as the ones the real browsers sent to the same server, over HTTP/1.1
// and HTTP/2. The procedure is shared with the conformance harness (test/support/request-profile-check.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import { type BrowserKind, launchBrowser } from '../support/browsers.js';
import {
  checkRequestProfile,
  HEADER_CASES,
  type ProfileCheck,
  VERDICT_CASES,
} from '../support/request-profile-check.js';

const binaries: Record<Exclude<BrowserKind, 'webkit'>, string> = { chromium: CHROMIUM, firefox: FIREFOX };

for (const kind of ['chromium', 'firefox'] as const) {
  const binary = requireBinary(binaries[kind]);
  describe(`the doctor asks what ${kind} asks`, { skip: binary.skip }, () => {
    let check: ProfileCheck;
    before(async () => {
      const session = await launchBrowser(kind, { ignoreCertificateErrors: true });
      try {
        check = await checkRequestProfile(session);
      } finally {
        await session.close();
      }
    });
    for (const c of VERDICT_CASES) {
      test(`verdict and console lines: ${c.name}`, () => {
        const v = check.verdicts.find((x) => x.name === c.name)!;
        assert.equal(v.browserReadable, v.modelVerdict === 'allowed');
        assert.deepEqual(v.browserLines, v.modelLines);
      });
    }
    for (const c of HEADER_CASES) {
      test(`request headers: ${c.name}`, () => {
        const requests = check.headers.filter((h) => h.name === c.name);
        assert.ok(requests.length >= 1);
        for (const r of requests) assert.deepEqual(r.differences, [], `${r.method} ${c.name}`);
      });
    }
  });
}
