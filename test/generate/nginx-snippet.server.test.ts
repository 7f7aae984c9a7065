// The nginx snippet placed the way its comments say, inside a site that sets its own security
// headers at server level: they must survive on every response under the CORS scope (the
// add_header inheritance trap), the upstream's several Vary lines must survive (the
// $upstream_http_vary trap), and the site outside the scope must stay untouched.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateConfig } from '../../src/generate/index.js';
import type { PolicyOptions } from '../../src/policy/types.js';
import { verifyServer } from '../../src/verify/index.js';
import { NGINX, requireBinary } from '../support/binaries.js';
import { send } from './support/cors-compare.js';
import { type RunningServer, startNginx, startUpstream } from './support/web-servers.js';

const policy: PolicyOptions = {
  origins: ['https://app.example.com', 'https://*.example.org'],
  credentials: true,
  methods: ['PUT', 'DELETE'],
  requestHeaders: ['content-type', 'authorization'],
  exposeHeaders: ['x-request-id'],
  maxAge: 600,
};
const SECURITY = {
  'strict-transport-security': 'max-age=63072000',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'",
};

const nginx = requireBinary(NGINX);
describe('nginx snippet in a site with its own security headers (real nginx)', { skip: nginx.skip }, () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let server: RunningServer;
  before(async () => {
    upstream = await startUpstream();
    const out = generateConfig('nginx', policy, { location: '/api/' });
    const [http, serverPart, locationPart] = out.parts.map((p) => p.text);
    const security = Object.entries(SECURITY)
      .map(([n, v]) => `    add_header ${n} "${v}" always;`)
      .join('\n');
    server = await startNginx(`${http}
server {
    listen 80;
${security}
${serverPart!.replace(/^/gm, '    ')}
    location /api/ {
${locationPart!.replace(/^/gm, '        ')}
        proxy_pass ${upstream.origin}/;
    }
    location /site/ {
        proxy_pass ${upstream.origin}/;
    }
}
`);
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
  });

  test('the output says where each part goes and warns about add_header in locations', () => {
    const out = generateConfig('nginx', policy, { location: '/api/' });
    assert.equal(out.parts.length, 3);
    assert.match(out.text, /PART 2 of 3: goes inside your server \{ … \}.*NOT inside a/s);
    assert.match(out.text, /!!! nginx: a location .* with ANY add_header of its own drops EVERY add_header/);
    assert.match(out.text, /# !!! {5}add_header Access-Control-Allow-Origin \$corskit_allow_origin always;/);
    assert.doesNotMatch(out.parts[2]!.text, /^add_header/m, 'no add_header in the location part');
  });

  test('security headers survive on preflights, refusals, 200, 404 and 500 under /api/', async () => {
    const requests: Array<{ method: string; headers: Record<string, string> }> = [
      {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' },
      },
      {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
      },
      { method: 'GET', headers: { origin: 'https://app.example.com' } },
      { method: 'GET', headers: {} },
    ];
    for (const path of ['/api/status/200', '/api/status/404', '/api/status/500?cors=1', '/site/status/200']) {
      for (const request of requests) {
        const res = await send(server.origin, path, { request });
        for (const [name, value] of Object.entries(SECURITY))
          assert.deepEqual(
            res.lines.get(name),
            [value],
            `${request.method} ${path} ${JSON.stringify(request.headers)}: ${name}`,
          );
      }
    }
  });

  test('several upstream Vary lines on a Cache-Control: public response all survive, Origin added', async () => {
    const res = await send(server.origin, '/api/status/200?public=1&vary=Cookie&vary=Accept-Language', {
      request: { method: 'GET', headers: { origin: 'https://app.example.com' } },
    });
    const tokens = (res.lines.get('vary') ?? []).flatMap((v) =>
      v.split(',').map((t) => t.trim().toLowerCase()),
    );
    assert.deepEqual(tokens.sort(), ['accept-language', 'cookie', 'origin']);
    assert.deepEqual(res.lines.get('cache-control'), ['public, max-age=60']);
  });

  test('verify: /api/ conforms to the policy', async () => {
    const report = await verifyServer(server.origin, policy, {
      paths: ['/api/status/200?cors=1', '/api/status/404', '/api/status/500'],
      exactStatus: true,
    });
    assert.equal(report.conforms, true, JSON.stringify(report.deviations.slice(0, 3), null, 2));
  });

  test('outside /api/ nginx adds no CORS header and ends no preflight', async () => {
    const res = await send(server.origin, '/site/status/200', {
      request: {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' },
      },
    });
    assert.equal(res.status, 200, 'the OPTIONS reached the upstream');
    assert.equal(res.lines.get('access-control-allow-origin'), undefined);
    assert.equal(res.lines.get('vary'), undefined);
  });
});
