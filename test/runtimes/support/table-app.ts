// The request-table app that runs inside each non-Node runtime (workerd, Deno, Bun). It is bundled
// by esbuild, so it sees only Fetch APIs: one route prefix per distinct table policy, each mounted
// once through corskit/fetch (`/fetch/<n>/…`) and once through corskit/hono (`/hono/<n>/…`).
import { Hono } from 'hono';
import { cors as fetchCors } from '../../../src/adapters/fetch.js';
import { cors as honoCors } from '../../../src/adapters/hono.js';
import { createPolicy } from '../../../src/engine/create-policy.js';
import { tablePolicies } from './table-policies.js';

const PRIOR_VARY_HEADER = 'x-prior-vary';
const APP_BODY = 'app';

type Handler = (request: Request) => Promise<Response>;

function fetchApp(index: number): Handler {
  return fetchCors(createPolicy(tablePolicies[index]!))((request) => {
    const vary = request.headers.get(PRIOR_VARY_HEADER);
    return new Response(APP_BODY, { status: 200, headers: vary ? { Vary: vary } : {} });
  });
}

function honoApp(index: number): Handler {
  const app = new Hono();
  app.use('*', honoCors(createPolicy(tablePolicies[index]!)));
  app.all('*', (c) => {
    const vary = c.req.header(PRIOR_VARY_HEADER);
    if (vary) c.header('Vary', vary);
    return c.text(APP_BODY, 200);
  });
  return async (request) => app.fetch(request);
}

const apps = new Map<string, Handler>();
tablePolicies.forEach((_, n) => {
  apps.set(`fetch/${n}`, fetchApp(n));
  apps.set(`hono/${n}`, honoApp(n));
});

/** Routes `/<adapter>/<n>/…` to the app for table policy n; `/ready` answers 200 for start-up polling. */
export async function handle(request: Request): Promise<Response> {
  const [, adapter, n] = new URL(request.url).pathname.split('/');
  if (adapter === 'ready') return new Response('ready');
  const app = apps.get(`${adapter}/${n}`);
  return app ? app(request) : new Response('no such table app', { status: 404 });
}

export default { fetch: handle };
