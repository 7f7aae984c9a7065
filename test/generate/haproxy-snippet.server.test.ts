// The HAProxy snippet placed the way its comment says: inside an existing `mode http` frontend
// that sets its own security headers and routes to its own backend, scoped with --location.
// Under the scope it must answer as the policy (verify) and keep the security headers; outside it
// must leave requests and responses alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateConfig } from '../../src/generate/index.js';
import type { PolicyOptions } from '../../src/policy/types.js';
import { verifyServer } from '../../src/verify/index.js';
import { HAPROXY, requireBinary } from '../support/binaries.js';
import { send } from './support/cors-compare.js';
import { type RunningServer, startHaproxy, startUpstream } from './support/web-servers.js';

const policy: PolicyOptions = {
  origins: ['https://app.example.com', 'http://localhost:*'],
  methods: ['PATCH'],
  requestHeaders: ['*', 'authorization'],
  exposeHeaders: ['etag'],
  privateNetwork: true,
  preflightStatus: 200,
};

const haproxy = requireBinary(HAPROXY);
describe('HAProxy snippet inside an existing frontend (real HAProxy 2.6)', { skip: haproxy.skip }, () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let server: RunningServer;
  before(async () => {
    upstream = await startUpstream();
    const snippet = generateConfig('haproxy', policy, { location: '/api/' }).parts[0]!.text;
    server = await startHaproxy(`global
    tune.bufsize 32768
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend site
    bind :80
    http-after-response set-header Strict-Transport-Security "max-age=63072000"
    http-after-response set-header X-Frame-Options DENY
${snippet.replace(/^(?=.)/gm, '    ')}
    default_backend app
backend app
    server app ${new URL(upstream.origin).host}
`);
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
  });

  test('under /api/: verify finds no deviation', async () => {
    const report = await verifyServer(server.origin, policy, {
      paths: [
        '/api/status/200?cors=1',
        '/api/status/404',
        '/api/status/500?cors=1&vary=Cookie&vary=Accept-Encoding',
      ],
      exactStatus: true,
    });
    assert.equal(report.conforms, true, JSON.stringify(report.deviations.slice(0, 3), null, 2));
  });

  test('security headers stay on preflights, refusals and errors; outside /api/ nothing changes', async () => {
    const requests: Array<{ method: string; headers: Record<string, string> }> = [
      {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PATCH' },
      },
      {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH' },
      },
      { method: 'GET', headers: { origin: 'https://app.example.com' } },
    ];
    for (const path of ['/api/status/200', '/api/status/500', '/site/status/404']) {
      for (const request of requests) {
        const res = await send(server.origin, path, { request });
        assert.deepEqual(
          res.lines.get('strict-transport-security'),
          ['max-age=63072000'],
          `${path} ${request.method}`,
        );
        assert.deepEqual(res.lines.get('x-frame-options'), ['DENY'], `${path} ${request.method}`);
      }
    }
    const outside = await send(server.origin, '/site/status/200?cors=1', {
      request: {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PATCH' },
      },
    });
    assert.equal(outside.status, 200, 'the OPTIONS reached the upstream');
    assert.deepEqual(
      outside.lines.get('access-control-allow-origin'),
      ['*'],
      "the upstream's own header, untouched",
    );
    assert.equal(outside.lines.get('vary'), undefined);
  });
});
