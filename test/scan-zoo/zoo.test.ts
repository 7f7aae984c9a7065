// Every planted flaw is found with its exact class, and the correct corskit server yields nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHttpTransport } from '../../src/doctor/http-transport.js';
import { scan } from '../../src/scan/index.js';
import { atLeast } from '../../src/scan/severity.js';
import { TRUSTED, ZOO } from './zoo.js';
import type { RunningServer } from './zoo-server.js';

describe('scan zoo', () => {
  const servers = new Map<string, RunningServer>();
  before(async () => {
    for (const animal of ZOO) servers.set(animal.name, await animal.start());
  });
  after(async () => {
    for (const server of servers.values()) await server.close();
  });

  for (const animal of ZOO) {
    test(animal.name, async () => {
      const server = servers.get(animal.name)!;
      const report = await scan({
        url: server.url,
        trustedOrigin: TRUSTED,
        transport: createHttpTransport({ timeoutMs: 5000 }).transport,
      });
      const classes = report.findings.map((f) => f.class).sort();
      assert.deepEqual(classes, [...animal.expected].sort(), JSON.stringify(report.findings, null, 2));
      assert.equal(report.trustedOriginAllowed, true);
      for (const f of report.findings) {
        assert.ok(f.evidence.length > 0, `${f.class} has evidence headers`);
        assert.ok(f.fix.length > 20);
        // Credentials raise every origin-acceptance class to medium or high.
        if (f.credentials && f.class !== 'wildcard-with-credentials' && f.class !== 'multiple-allow-origin')
          assert.ok(atLeast(f.severity, 'medium'), `${f.class} with credentials is ${f.severity}`);
      }
      if (animal.expected.length === 0) assert.equal(report.worst, null);
    });
  }
});
