// corskit/next: Next.js App Router. Two forms, one policy engine:
//  - route handlers: wrap each exported method and export the OPTIONS handler corskit provides,
//    so preflights are answered and a handler that throws still gets its CORS headers;
//  - middleware.ts (proxy.ts since Next 16): answers preflights before routing and adds the CORS
//    headers to whatever the route then returns, for every path the matcher selects.
// Only Fetch APIs and next/server are used, so both forms run in the Node and Edge runtimes.
import { NextResponse } from 'next/server.js';
import {
  createFetchCors,
  type FetchCors,
  type FetchCorsOptions,
  type FetchHandler,
} from './shared/fetch-cors.js';
import { compilePolicySource, type PolicySource } from './shared/policy-source.js';

export type { FetchCorsOptions as NextCorsOptions } from './shared/fetch-cors.js';
export type { PolicyResolver, PolicySource } from './shared/policy-source.js';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Route handlers by HTTP method, as a `route.ts` exports them. */
export type RouteHandlers = Partial<Record<Method, FetchHandler<[never]>>>;

export interface NextRouteCors extends FetchCors {
  /** `export const OPTIONS = api.OPTIONS`: answers preflights, and a plain OPTIONS with 204. */
  OPTIONS(request: Request): Promise<Response>;
  /**
   * `export const { GET, POST, OPTIONS } = api.routes({ GET, POST })`. An OPTIONS handler of your
   * own still gets every OPTIONS request that is not a preflight.
   */
  routes<H extends RouteHandlers>(handlers: H): H & { OPTIONS: (request: Request) => Promise<Response> };
}

/**
 * @example
 * // app/api/items/route.ts
 * import { cors } from 'corskit/next';
 * const api = cors({ origins: ['https://app.example.com'], credentials: true, methods: ['PUT'] });
 * export const GET = api(async () => Response.json(await listItems()));
 * export const PUT = api(async (request) => Response.json(await saveItem(await request.json())));
 * export const OPTIONS = api.OPTIONS;
 */
export function cors(source: PolicySource<Request>, options: FetchCorsOptions = {}): NextRouteCors {
  const wrapper = createFetchCors(compilePolicySource(source), options);
  const noContent = () => new Response(null, { status: 204 });
  // A preflight never reaches route code; any other OPTIONS goes to `plain`, wrapped like GET.
  const optionsWith = (plain: FetchHandler<never[]>) => {
    const wrapped = wrapper(plain);
    return async (request: Request, ...rest: never[]): Promise<Response> =>
      (await wrapper.preflight(request)) ?? wrapped(request, ...rest);
  };
  const OPTIONS = optionsWith(noContent);
  const routes = <H extends RouteHandlers>(handlers: H) => {
    const wrapped: Record<string, unknown> = {};
    for (const [method, handler] of Object.entries(handlers))
      wrapped[method] = wrapper(handler as FetchHandler<never[]>);
    wrapped.OPTIONS = optionsWith((handlers.OPTIONS as FetchHandler<never[]> | undefined) ?? noContent);
    return wrapped as H & { OPTIONS: typeof OPTIONS };
  };
  return Object.assign(wrapper, { OPTIONS, routes });
}

/**
 * @example
 * // middleware.ts (or proxy.ts on Next 16)
 * import { corsMiddleware } from 'corskit/next';
 * export const middleware = corsMiddleware({ origins: ['https://app.example.com'] });
 * export const config = { matcher: '/api/:path*' };
 */
export function corsMiddleware(
  source: PolicySource<Request>,
  options: Omit<FetchCorsOptions, 'onError'> = {},
): (request: Request) => Promise<Response> {
  const wrapper = createFetchCors(compilePolicySource(source), options);
  return async (request) =>
    (await wrapper.preflight(request)) ?? wrapper.decorate(request, NextResponse.next());
}
