import { createServer } from 'node:http';
import { launchBrowser, startPageServer } from '../test/support/browsers.js';
const hits: string[] = [];
const api = createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-max-age': '600' });
  res.end();
});
await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(api.address() as any).port}`;
const page = await startPageServer();
const session = await launchBrowser(process.argv[2] as 'firefox');
const waits = process.argv.slice(3).map(Number);
const reqs = [{ url: `${base}/warm`, settleMs: Number(process.env.WARM ?? 0) }, ...waits.flatMap((w, i) => [{ url: `${base}/p${i}`, init: { method: 'PUT' }, settleMs: w }, { url: `${base}/p${i}`, init: { method: 'PUT' }, settleMs: 40 }])];
const t = Date.now();
await session.fetchFrom(page.url, reqs);
console.log(Date.now() - t, 'ms');
console.log(hits.join('\n'));
await session.close(); await page.close(); api.close();
