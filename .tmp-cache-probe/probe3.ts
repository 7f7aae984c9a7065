import { createServer } from 'node:http';
import { launchBrowser, startPageServer } from '../test/support/browsers.js';
const hits: string[] = [];
const api = createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-max-age': '600', ...(process.env.CLOSE ? { connection: 'close' } : {}) });
  res.end();
});
await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(api.address() as any).port}`;
const page = await startPageServer();
const session = await launchBrowser(process.argv[2] as 'firefox');
const paths = process.argv.slice(3);
await session.fetchFrom(page.url, paths.map((p) => ({ url: `${base}/${p.split(":")[0]}`, init: { method: "PUT" }, settleMs: Number(p.split(":")[1] ?? 60) })));
console.log(hits.join(' '));
if (process.env.AGAIN) { hits.length = 0; await session.fetchFrom(page.url, paths.map((p) => ({ url: `${base}/${p.split(":")[0]}`, init: { method: "PUT" }, settleMs: Number(p.split(":")[1] ?? 60) }))); console.log('again:', hits.join(' ')); }
await session.close(); await page.close(); api.close();
