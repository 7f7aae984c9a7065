// The workload of bench/runtimes.bench.ts, bundled by esbuild and run inside each runtime (Node,
// Deno, Bun, workerd): the same allowed request or preflight answered n times by each
// implementation, each mounted the way its users mount it. Only Fetch APIs are used here.
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { cors as edgeCors } from '../../src/adapters/edge.js';
import { cors as fetchCors } from '../../src/adapters/fetch.js';
import { cors as corskitHono } from '../../src/adapters/hono.js';
import { compilePolicyData } from '../../src/engine/compiled-policy.js';
import { createPolicy } from '../../src/engine/create-policy.js';

const APP = 'https://app.example.com';
const ORIGINS = ['https://a.example.com', APP, 'https://b.example.com'];
const OPTIONS = { origins: ORIGINS, methods: ['PUT'], requestHeaders: ['content-type'] };

type Handler = (request: Request) => Response | Promise<Response>;
const hello = () => new Response('ok');

function honoApp(middleware: Parameters<Hono['use']>[1]): Handler {
  const app = new Hono();
  app.use('*', middleware);
  app.all('*', (c) => c.text('ok'));
  return (request) => app.fetch(request);
}

export const IMPLEMENTATIONS: Record<string, Handler> = {
  'hono/cors (Hono app)': honoApp(
    honoCors({ origin: ORIGINS, allowMethods: ['PUT'], allowHeaders: ['content-type'] }),
  ),
  'corskit/hono (Hono app)': honoApp(corskitHono(OPTIONS)),
  'corskit/fetch': fetchCors(OPTIONS)(hello),
  'corskit/edge (compiled)': edgeCors(compilePolicyData(createPolicy(OPTIONS)))(hello),
};

export const CASES = ['allowed', 'preflight'] as const;

function request(kind: (typeof CASES)[number]): Request {
  return kind === 'allowed'
    ? new Request('https://api.example.com/x', { headers: { origin: APP } })
    : new Request('https://api.example.com/x', {
        method: 'OPTIONS',
        headers: {
          origin: APP,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type',
        },
      });
}

/** Answers n requests with one implementation; checks the last answer so no run measures a failure. */
export async function run(impl: string, kind: (typeof CASES)[number], n: number): Promise<void> {
  const handler = IMPLEMENTATIONS[impl];
  if (!handler) throw new Error(`unknown implementation ${impl}`);
  let last: Response | undefined;
  for (let i = 0; i < n; i++) last = await handler(request(kind));
  if (last?.headers.get('access-control-allow-origin') !== APP)
    throw new Error(`${impl} did not allow ${kind}`);
}

/** Worker entry: GET /run?impl=…&kind=…&n=… runs the loop (timed from outside: Workers freeze clocks). */
export default {
  async fetch(req: Request): Promise<Response> {
    const url = new URL(req.url);
    await run(
      url.searchParams.get('impl')!,
      url.searchParams.get('kind') as never,
      Number(url.searchParams.get('n')),
    );
    return new Response('done');
  },
};
