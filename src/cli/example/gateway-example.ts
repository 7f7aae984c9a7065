// `corskit serve --example` (what `npm start` runs): the bundled demo upstream, the example
// gateway config, two tiny page servers to try it from a browser (one allowed origin, one not),
// a self-check against the running gateway, then the access log.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Gateway, startGateway } from '../../gateway/gateway.js';
import { readGatewayConfig } from '../../gateway/gateway-config.js';
import { formatSelfCheck, runSelfCheck } from '../../gateway/self-check.js';
import { startDemoUpstream } from './demo-upstream.js';

/** The example files live beside the sources, at the same depth from src/ and from dist/. */
export const exampleDir = fileURLToPath(new URL('../../../examples/gateway/', import.meta.url));

export interface ExampleOptions {
  readonly port?: number;
  readonly host?: string;
  readonly write?: (text: string) => void;
}

export interface RunningExample {
  readonly gateway: Gateway;
  readonly allowedPage: string;
  readonly refusedPage: string;
  readonly selfCheckPassed: boolean;
  close(): Promise<void>;
}

async function startPageServer(
  html: string,
  host: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function runExample(options: ExampleOptions = {}): Promise<RunningExample> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const upstream = await startDemoUpstream();
  const fileConfig = await readGatewayConfig(`${exampleDir}gateway.yaml`);
  const port = options.port ?? fileConfig.port;
  const host = options.host ?? fileConfig.host;
  // Access lines wait until the banner is out, so the quick start reads top to bottom.
  const held: string[] = [];
  const heldEvents: string[] = [];
  let holding = true;
  const gateway = await startGateway(
    { ...fileConfig, upstream: upstream.url, port, host },
    {
      logSinks: {
        access: (line) => (holding ? held.push(line) : write(line)),
        // The JSON event lines ("gateway listening"…) also wait: the banner is what a user reads first.
        events: (line) => (holding ? heldEvents.push(line) : process.stderr.write(line)),
      },
    },
  );
  const html = (await readFile(`${exampleDir}demo-page.html`, 'utf8')).replaceAll('{{GATEWAY}}', gateway.url);
  const pagePort = (offset: number) => (port === 0 ? 0 : port + offset);
  const allowed = await startPageServer(html, '127.0.0.1', pagePort(1));
  const refused = await startPageServer(html, '127.0.0.1', pagePort(2));
  const allowedOrigin = `http://localhost:${allowed.port}`;
  const refusedOrigin = `http://127.0.0.1:${refused.port}`;
  const results = await runSelfCheck(gateway.url, [
    {
      label: `GET /api/items from ${allowedOrigin}`,
      method: 'GET',
      path: '/api/items',
      headers: { origin: allowedOrigin },
      expectAllowed: true,
    },
    {
      label: `GET /api/items from ${refusedOrigin}`,
      method: 'GET',
      path: '/api/items',
      headers: { origin: refusedOrigin },
      expectAllowed: false,
    },
    {
      label: `preflight for DELETE /api/items/1 from ${allowedOrigin}`,
      method: 'OPTIONS',
      path: '/api/items/1',
      headers: { origin: allowedOrigin, 'access-control-request-method': 'DELETE' },
      expectAllowed: true,
    },
    {
      label: `GET /public/hello from ${refusedOrigin}`,
      method: 'GET',
      path: '/public/hello',
      headers: { origin: refusedOrigin },
      expectAllowed: true,
    },
  ]);
  write(
    [
      '',
      'corskit gateway — built-in example',
      `  gateway        ${gateway.url}   (health: ${gateway.url}${fileConfig.healthPath})`,
      `  demo upstream  ${upstream.url}   (the API behind the gateway; it knows nothing about CORS)`,
      `  config         ${exampleDir}gateway.yaml`,
      '                 /public/ → any origin;  /api/ → api-cors.json (http://localhost:*, with credentials)',
      '',
      'Try it from a browser:',
      `  ${allowedOrigin}/   an allowed origin: every button works`,
      `  ${refusedOrigin}/   an origin outside the /api/ policy: /public/ works, /api/ is blocked (see DevTools console)`,
      `  or from a terminal:  curl -i -H 'Origin: ${allowedOrigin}' ${gateway.url}/api/items`,
      '',
      'Self-check (requests just made to the gateway):',
      formatSelfCheck(results),
      '',
      `Edit ${exampleDir}api-cors.json while this runs: it is validated and swapped in, or rejected with every problem logged.`,
      'Access log (one JSON line per request) follows; Ctrl-C drains and stops.',
      '',
    ].join('\n'),
  );
  holding = false;
  for (const line of heldEvents.splice(0)) process.stderr.write(line);
  for (const line of held.splice(0)) write(line);
  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    gateway,
    allowedPage: `${allowedOrigin}/`,
    refusedPage: `${refusedOrigin}/`,
    selfCheckPassed: results.every((r) => r.asExpected),
    async close() {
      await gateway.drain();
      await Promise.all([upstream.close(), closeServer(allowed.server), closeServer(refused.server)]);
    },
  };
}
