// corskit/fastify in real Chromium.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { cors } from '../../src/adapters/fastify.js';
import { testInChromium } from './support/browser-scenario.js';

testInChromium('fastify', async (policyForPath) => {
  const app = Fastify();
  await app.register(cors((request) => policyForPath(request.url.split('?')[0]!)));
  app.get('/api/data', async () => ({ ok: true }));
  app.put('/api/data', async () => ({ ok: true }));
  app.get('/closed/data', async () => ({ secret: true }));
  app.get('/api/throw', async () => {
    throw new Error('boom');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
});
