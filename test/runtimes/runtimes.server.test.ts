// The shared request table through corskit/fetch and corskit/hono in real non-Node runtimes:
// workerd (Cloudflare Workers' runtime, through miniflare), Deno and Bun, each from its npm
// package, each serving one bundle on loopback and driven over raw HTTP. The Worker also runs
// through miniflare's dispatchFetch, which hands it a Fetch Request without a socket of ours.
import { after, before, describe } from 'node:test';
import type { RequestTableCase } from '../../src/engine/request-table.js';
import type { PolicyOptions } from '../../src/policy/types.js';
import type { RawResponse } from '../adapters/support/http-client.js';
import { testRequestTable } from '../adapters/support/request-table.js';
import {
  bundleTableApp,
  type RunningRuntime,
  scratch,
  startBun,
  startDeno,
  startWorkerd,
} from './support/runtimes.js';
import { tablePolicyIndex } from './support/table-policies.js';

const runtimes = new Map<string, RunningRuntime>();
let removeScratch: () => Promise<void> = async () => {};

before(async () => {
  const { dir, remove } = await scratch();
  removeScratch = remove;
  const bundle = await bundleTableApp(dir);
  // Settled, not Promise.all: when one runtime cannot start, those that did are kept for after()
  // to stop. Otherwise their processes would keep this test file alive, and the run would hang
  // instead of failing.
  const started = await Promise.allSettled([startWorkerd(bundle), startDeno(dir), startBun(dir)]);
  for (const r of started) if (r.status === 'fulfilled') runtimes.set(r.value.name, r.value);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
});

after(async () => {
  await Promise.all([...runtimes.values()].map((r) => r.close()));
  await removeScratch();
});

function runtime(name: string): RunningRuntime {
  const r = runtimes.get(name);
  if (!r) throw new Error(`${name} is not running`);
  return r;
}

/** A table app is a path prefix of the one server each runtime runs: nothing to start or stop. */
const mounted = (name: string, adapter: 'fetch' | 'hono') => async (_: unknown, options: PolicyOptions) => ({
  origin: `${runtime(name).origin}/${adapter}/${tablePolicyIndex(options)}`,
  close: async () => {},
});

for (const name of ['workerd', 'deno', 'bun'] as const) {
  describe(`${name} over HTTP`, () => {
    testRequestTable(`${name} corskit/fetch`, mounted(name, 'fetch'));
    testRequestTable(`${name} corskit/hono`, mounted(name, 'hono'));
  });
}

// dispatchFetch takes a Fetch Request: repeated header lines fold into one comma-joined value and
// bytes above 0x7f are refused by the Headers API, so those two kinds of case stay on the HTTP runs.
function fetchCannotSend(c: RequestTableCase): string | false {
  if (c.tags.includes('multiple-origin')) return 'a Fetch Headers object joins repeated lines';
  if (c.tags.includes('non-ascii')) return 'a Fetch Headers object refuses non-ASCII bytes';
  return false;
}

async function dispatch(
  url: string,
  init: { method: string; headers: Record<string, string | readonly string[]> },
): Promise<RawResponse> {
  const headers = Object.entries(init.headers).map(([k, v]) => [k, String(v)] as [string, string]);
  const res = await runtime('workerd').dispatch!(url, { method: init.method, headers, redirect: 'manual' });
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    out[name] = value;
  });
  return { status: res.status, headers: out, body: await res.text() };
}

describe('workerd through miniflare dispatchFetch', () => {
  const run = { send: dispatch, skip: fetchCannotSend };
  testRequestTable('workerd dispatch corskit/fetch', mounted('workerd', 'fetch'), run);
  testRequestTable('workerd dispatch corskit/hono', mounted('workerd', 'hono'), run);
});
