// The real servers and the model's transport must answer every scenario step identically: the
// browsers see the one, the model the other. Raw header lists are compared (order, case, repeats).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import type { NetworkFailure, WireResponse } from '../src/browser/types.js';
import { scenarioTransport } from './compare.js';
import { loadScenarios } from './harness.js';
import { casePath } from './scenario.js';
import { type ConformanceServers, startConformanceServers } from './servers.js';

const scenarios = loadScenarios();
let servers: ConformanceServers;
before(async () => {
  servers = await startConformanceServers(scenarios);
});
after(() => servers.close());

/** Headers Node adds for framing; the scenario does not specify them. */
const FRAMING = new Set(['connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** The response as on the wire; a connection closed before any byte of response is Chromium's ERR_EMPTY_RESPONSE. */
function fetchRaw(url: string, method: string): Promise<WireResponse | NetworkFailure | null> {
  return new Promise((resolve) => {
    const req = request(url, { method, agent: false }, (res) => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i]!;
        if (!FRAMING.has(name.toLowerCase())) headers.push([name, res.rawHeaders[i + 1]!]);
      }
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers }));
    });
    req.on('error', (error: Error & { code?: string }) =>
      resolve(error.code === 'ECONNRESET' ? { networkError: 'ERR_EMPTY_RESPONSE' } : null),
    );
    req.end();
  });
}

test('every step of every scenario: the server sends what the model transport returns', async () => {
  const transport = scenarioTransport(scenarios, servers.origins);
  let compared = 0;
  for (const scenario of scenarios) {
    if (scenario.target === 'closed') continue;
    const origin = servers.origins[scenario.target];
    for (const [step] of scenario.steps.entries()) {
      for (const method of ['OPTIONS', (scenario.request.method ?? 'GET').toUpperCase()]) {
        const url = `${origin}${casePath(scenario.id, step)}`;
        const wire = await fetchRaw(url, method);
        const modelSees = await transport({ method, url, headers: [] });
        assert.deepEqual(wire, modelSees, `${scenario.id} step ${step} ${method}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 600, `${compared} exchanges compared`);
  // Not vacuous: the reset scenarios really close the connection.
  const reset = await fetchRaw(`${servers.origins.api}${casePath('network-reset-get')}`, 'GET');
  assert.deepEqual(reset, { networkError: 'ERR_EMPTY_RESPONSE' });
});

test('duplicate headers go out as separate lines, exactly as written', async () => {
  const wire = await fetchRaw(`${servers.origins.api}${casePath('acao-two-headers-get-omit')}`, 'GET');
  assert.ok(wire && 'headers' in wire, 'no response');
  assert.deepEqual(
    wire.headers.filter(([n]) => n === 'Access-Control-Allow-Origin').map(([, v]) => v),
    [servers.origins.page, servers.origins.other],
  );
});

test('a lower-case method that Node cannot parse is still answered from the scenario', async () => {
  const { port } = new URL(servers.origins.api);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `patch ${casePath('method-patch-lower-acam-lower')} HTTP/1.1\r\nHost: x\r\nOrigin: ${servers.origins.page}\r\n\r\n`,
      );
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(text, /\r\nAccess-Control-Allow-Origin: \*\r\n/);
  assert.ok(servers.hits.get('method-patch-lower-acam-lower')?.some((h) => h.method === 'patch'));
});
