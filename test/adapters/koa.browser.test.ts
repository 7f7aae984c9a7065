// corskit/koa in real Chromium.
import Koa from 'koa';
import { cors } from '../../src/adapters/koa.js';
import { testInChromium } from './support/browser-scenario.js';
import { listen } from './support/listen.js';

testInChromium('koa', async (policyForPath) => {
  const app = new Koa();
  app.silent = true;
  app.use(cors((ctx) => policyForPath(ctx.path)));
  app.use((ctx) => {
    const route = `${ctx.method} ${ctx.path}`;
    if (route === 'GET /api/data' || route === 'PUT /api/data') ctx.body = { ok: true };
    else if (route === 'GET /closed/data') ctx.body = { secret: true };
    else if (route === 'GET /api/throw') throw new Error('boom');
  });
  return listen(app.callback());
});
