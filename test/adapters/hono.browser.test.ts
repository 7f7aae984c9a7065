// corskit/hono (on @hono/node-server) in real Chromium.
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from '../../src/adapters/hono.js';
import { testInChromium } from './support/browser-scenario.js';
import { listen } from './support/listen.js';

testInChromium('hono', async (policyForPath) => {
  const app = new Hono();
  app.use(
    '*',
    cors((c) => policyForPath(c.req.path)),
  );
  app.get('/api/data', (c) => c.json({ ok: true }));
  app.put('/api/data', (c) => c.json({ ok: true }));
  app.get('/closed/data', (c) => c.json({ secret: true }));
  app.get('/api/throw', () => {
    throw new Error('boom');
  });
  app.onError((_error, c) => c.text('Internal Server Error', 500));
  return listen(getRequestListener(app.fetch));
});
