// corskit/express in real Chromium.
import express from 'express';
import { cors } from '../../src/adapters/express.js';
import { testInChromium } from './support/browser-scenario.js';
import { listen } from './support/listen.js';

testInChromium('express', async (policyForPath) => {
  const app = express();
  app.use(cors((req: express.Request) => policyForPath(req.path)));
  app.get('/api/data', (_req, res) => {
    res.json({ ok: true });
  });
  app.put('/api/data', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/closed/data', (_req, res) => {
    res.json({ secret: true });
  });
  app.get('/api/throw', () => {
    throw new Error('boom');
  });
  return listen(app);
});
