// corskit/fetch (a plain Fetch handler, served through @hono/node-server's bridge) in real Chromium.
import { getRequestListener } from '@hono/node-server';
import { cors } from '../../src/adapters/fetch.js';
import { testInChromium } from './support/browser-scenario.js';
import { listen } from './support/listen.js';

testInChromium('fetch', async (policyForPath) => {
  const handler = cors((request: Request) => policyForPath(new URL(request.url).pathname), {
    onError: () => new Response('Internal Server Error', { status: 500 }),
  })(async (request) => {
    const route = `${request.method} ${new URL(request.url).pathname}`;
    if (route === 'GET /api/data' || route === 'PUT /api/data') return Response.json({ ok: true });
    if (route === 'GET /closed/data') return Response.json({ secret: true });
    if (route === 'GET /api/throw') throw new Error('boom');
    return new Response('Not Found', { status: 404 });
  });
  return listen(getRequestListener(handler));
});
