// The engine's own responses, fed to the browser model: a request is allowed by both modelled
// browsers exactly when the policy grants its origin (and its method, headers and credentials).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsPolicy, PolicyOptions } from '../policy/types.js';
import { simulate } from './simulate.js';
import type { Transport, WireRequest } from './types.js';

const API = 'https://api.example.test';
const ORIGIN_POOL = [
  'https://app.example.test',
  'https://admin.example.test',
  'http://localhost:3000',
  'https://evil.test',
  'https://app.example.test:8443',
];
const METHOD_POOL = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const HEADER_POOL = ['x-api-key', 'x-request-id', 'authorization', 'content-type'];

/** An HTTP server whose every answer is the engine's decision: 204/403 for preflights, 200 otherwise. */
function engineTransport(policy: CorsPolicy): Transport {
  return async (request: WireRequest) => {
    const decision = await policy.evaluate({
      method: request.method,
      header: (name) => {
        const values = request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
        return values.length === 0 ? null : values.join(', ');
      },
    });
    const headers: Array<[string, string]> = decision.headers.map(([n, v]) => [n, v]);
    if (decision.vary) headers.push(['Vary', decision.vary]);
    if (decision.kind === 'preflight') return { status: decision.status ?? 204, headers };
    return { status: 200, headers: [...headers, ['Content-Type', 'application/json']] };
  };
}

const policyArb = fc.record({
  origins: fc.uniqueArray(fc.constantFrom(...ORIGIN_POOL), { minLength: 1, maxLength: 3 }),
  credentials: fc.boolean(),
  methods: fc.uniqueArray(fc.constantFrom('PUT', 'DELETE', 'PATCH'), { maxLength: 3 }),
  requestHeaders: fc.uniqueArray(fc.constantFrom(...HEADER_POOL), { maxLength: 4 }),
});

const requestArb = fc.record({
  origin: fc.constantFrom(...ORIGIN_POOL),
  method: fc.constantFrom(...METHOD_POOL),
  headers: fc.uniqueArray(fc.constantFrom(...HEADER_POOL), { maxLength: 3 }),
  credentials: fc.constantFrom<'omit' | 'same-origin' | 'include'>('omit', 'same-origin', 'include'),
});

function headerValue(name: string): string {
  return name === 'content-type' ? 'application/json' : name === 'authorization' ? 'Bearer t' : '1';
}

test('engine + model: allowed exactly for the policy origins, methods and headers', async () => {
  await fc.assert(
    fc.asyncProperty(policyArb, requestArb, async (options, req) => {
      const policy = createPolicy(options as PolicyOptions);
      const diagnosis = await simulate(
        {
          url: `${API}/items`,
          pageOrigin: req.origin,
          method: req.method,
          headers: Object.fromEntries(req.headers.map((h) => [h, headerValue(h)])),
          credentials: req.credentials,
        },
        engineTransport(policy),
      );
      const methodOk =
        ['GET', 'POST'].includes(req.method) || (options.methods as readonly string[]).includes(req.method);
      const headersOk = req.headers.every((h) => options.requestHeaders.includes(h));
      // A credentialed request also needs the policy's `credentials: true`.
      const credentialsOk = req.credentials !== 'include' || options.credentials;
      const expected = options.origins.includes(req.origin) && methodOk && headersOk && credentialsOk;
      assert.equal(
        diagnosis.browsers.chromium.verdict === 'allowed',
        expected,
        JSON.stringify(diagnosis.browsers.chromium),
      );
      assert.equal(
        diagnosis.browsers.firefox.verdict === 'allowed',
        expected,
        JSON.stringify(diagnosis.browsers.firefox),
      );
      if (!options.origins.includes(req.origin)) {
        // A refused origin gets no CORS headers at all: both browsers say the header is missing.
        assert.equal(diagnosis.code, 'CORSMissingAllowOrigin');
      }
    }),
    { numRuns: 300 },
  );
});

test("engine + model: origins '*' without credentials allows every origin for simple requests", async () => {
  const policy = createPolicy({ origins: '*' });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ORIGIN_POOL),
      fc.constantFrom('GET', 'POST'),
      async (origin, method) => {
        const d = await simulate({ url: `${API}/x`, pageOrigin: origin, method }, engineTransport(policy));
        assert.equal(d.verdict, 'allowed');
      },
    ),
  );
});
