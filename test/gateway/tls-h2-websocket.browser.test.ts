// Real browsers against the gateway as they meet production: over TLS with HTTP/2 (a self-signed
// certificate made at test time, accepted by the browser), and opening WebSockets whose Origin the
// policy checks (Cross-Site WebSocket Hijacking). Chromium and Firefox both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { CHROMIUM, FIREFOX, requireBinary } from '../support/binaries.js';
import {
  type BrowserKind,
  type BrowserSession,
  launchBrowser,
  startPageServer,
} from '../support/browsers.js';
import { writeSelfSignedCertificate } from '../support/tls-cert.js';
import {
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  tempDir,
  testConfig,
} from './support.js';

/** Opens a WebSocket from the page and reports what the script saw (evaluated in the page). */
const openSocket = (url: string) => `new Promise((resolve) => {
  const ws = new WebSocket(${JSON.stringify(url)});
  ws.onopen = () => ws.send('ping');
  ws.onmessage = (event) => { resolve('message:' + event.data); ws.close(); };
  ws.onerror = () => resolve('error');
  ws.onclose = (event) => resolve('close:' + event.code);
})`;

const fetchIn = (
  url: string,
  init: object = {},
) => `fetch(${JSON.stringify(url)}, ${JSON.stringify(init)}).then(
  async (r) => ({ status: r.status, body: await r.text() }),
  (e) => ({ error: String(e) }),
)`;

for (const [kind, binary] of [
  ['chromium', CHROMIUM],
  ['firefox', FIREFOX],
] as Array<[BrowserKind, string]>) {
  const found = requireBinary(binary);
  describe(`${kind}: the gateway over TLS + HTTP/2, and WebSockets`, {
    skip: found.skip,
    timeout: 120_000,
  }, () => {
    let browser: BrowserSession;
    let page: Awaited<ReturnType<typeof startPageServer>>;
    let upstream: TestUpstream;
    let sockets: WebSocketServer;
    let gateway: TestGateway;
    let dir: Awaited<ReturnType<typeof tempDir>>;

    before(async () => {
      page = await startPageServer();
      dir = await tempDir();
      // One upstream for both: plain HTTP answers and a WebSocket echo on the same server.
      upstream = await startUpstream((req, res) => {
        req.resume();
        req.on('end', () =>
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`upstream ${req.method} ${req.url}`),
        );
      });
      sockets = new WebSocketServer({ server: upstream.server });
      sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${data}`)));
      const upstreamUrl = upstream.url;
      gateway = await startTestGateway(
        testConfig(
          upstreamUrl,
          [
            { prefix: '/api/', policy: { origins: [page.origin], methods: ['PUT'] } },
            { prefix: '/private/', policy: { origins: ['https://someone-else.example'] } },
          ],
          { tls: writeSelfSignedCertificate(dir.dir) },
        ),
      );
      browser = await launchBrowser(kind, { ignoreCertificateErrors: true });
    });
    after(async () => {
      await browser?.close();
      await gateway?.drain();
      sockets.close();
      await upstream.close();
      await page.close();
      await dir.remove();
    });

    test('fetches over h2: granted where the policy allows, blocked where it does not', async () => {
      const allowed = await browser.evaluate(page.url, fetchIn(`${gateway.url}/api/items`));
      assert.deepEqual(allowed, { status: 200, body: 'upstream GET /api/items' });
      const put = await browser.evaluate(
        page.url,
        fetchIn(`${gateway.url}/api/items/1`, { method: 'PUT', body: 'x' }),
      );
      assert.deepEqual(put, { status: 200, body: 'upstream PUT /api/items/1' });
      const blocked = (await browser.evaluate(page.url, fetchIn(`${gateway.url}/private/x`))) as {
        error?: string;
      };
      assert.match(blocked.error ?? '', /TypeError/);
      const viaH2 = gateway.access.filter((e) => e.path.startsWith('/api/'));
      assert.ok(viaH2.length >= 3, 'GET, preflight and PUT reached the gateway');
      assert.ok(
        viaH2.every((e) => e.http === '2.0'),
        `every request spoke HTTP/2: ${JSON.stringify(viaH2)}`,
      );
    });

    test('WebSockets (wss): the allowed origin gets an echo, a refused one an error and a log line', async () => {
      const wss = gateway.url.replace('https', 'wss');
      assert.equal(await browser.evaluate(page.url, openSocket(`${wss}/api/live`)), 'message:echo:ping');
      assert.equal(await browser.evaluate(page.url, openSocket(`${wss}/private/live`)), 'error');
      const refusal = gateway.events.find((e) => String(e.message).startsWith('WebSocket upgrade refused'));
      assert.equal(refusal?.origin, page.origin);
      assert.equal(refusal?.path, '/private/live');
    });
  });
}
