// The bundled demo upstream for `corskit serve --example`: a small JSON API that knows nothing
// about CORS policy (it even sends a stale `Access-Control-Allow-Origin: *` of its own, as many
// legacy services do, so the gateway's replacement is visible).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoUpstream {
  readonly url: string;
  close(): Promise<void>;
}

interface Item {
  id: number;
  name: string;
}

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Allow-Origin': '*',
    'X-Request-Id': Math.random().toString(36).slice(2, 10),
    ...extra,
  });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) throw new Error('body too large');
  }
  return text ? JSON.parse(text) : undefined;
}

function itemsApi(items: Item[]) {
  let nextId = items.length + 1;
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const id = Number(path.split('/')[3]);
    if (path === '/api/items' && req.method === 'GET') return send(res, 200, { items });
    if (path === '/api/items' && req.method === 'POST') {
      const body = (await readJson(req)) as { name?: unknown } | undefined;
      const item = { id: nextId++, name: String(body?.name ?? 'unnamed') };
      items.push(item);
      return send(res, 201, item);
    }
    const index = items.findIndex((item) => item.id === id);
    if (index === -1) return send(res, 404, { error: 'no such item' });
    if (req.method === 'PUT') {
      const body = (await readJson(req)) as { name?: unknown } | undefined;
      items[index] = { id, name: String(body?.name ?? items[index]!.name) };
      return send(res, 200, items[index]);
    }
    if (req.method === 'DELETE') {
      items.splice(index, 1);
      return send(res, 200, { deleted: id });
    }
    return send(res, 405, { error: `method ${req.method} not supported here` });
  };
}

function route(items: ReturnType<typeof itemsApi>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://upstream.invalid').pathname;
    if (path === '/public/hello') {
      return send(res, 200, {
        message: 'hello from the demo upstream',
        forwardedFor: req.headers['x-forwarded-for'],
      });
    }
    if (path === '/api/me') {
      return send(res, 200, {
        user: 'demo',
        sawCookie: req.headers.cookie !== undefined,
        sawAuth: !!req.headers.authorization,
      });
    }
    if (path === '/api/items' || path.startsWith('/api/items/')) return items(req, res, path);
    if (req.method === 'OPTIONS') return send(res, 200, { note: 'the upstream saw a preflight' });
    return send(res, 404, { error: 'not found', path });
  };
}

export async function startDemoUpstream(port = 0, host = '127.0.0.1'): Promise<DemoUpstream> {
  const handle = route(
    itemsApi([
      { id: 1, name: 'first item' },
      { id: 2, name: 'second item' },
    ]),
  );
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
