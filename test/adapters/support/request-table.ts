// Runs the engine's shared request table against a real framework over loopback: one server per
// distinct policy, every case sent as raw HTTP, the response's CORS headers, Vary and status compared
// with the table's expectations. Every adapter calls this, so all adapters provably behave alike.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createPolicy } from '../../../src/engine/create-policy.js';
import {
  CORS_RESPONSE_HEADERS,
  type RequestTableCase,
  requestTable,
} from '../../../src/engine/request-table.js';
import type { CorsPolicy, PolicyOptions } from '../../../src/policy/types.js';
import { type RawResponse, send } from './http-client.js';
import type { Running } from './listen.js';

/** The header a table app copies into Vary before the CORS layer runs (the table's `priorVary`). */
export const PRIOR_VARY_HEADER = 'x-prior-vary';
/** The status and body every table app answers with when the request reaches it. */
export const APP_STATUS = 200;
export const APP_BODY = 'app';

/**
 * Starts an app for one policy. It must: copy the request's `x-prior-vary` header into the
 * response's Vary before corskit runs (or, for adapters that write headers after the handler,
 * in the handler), mount corskit with `policy`, and answer every other request — any method,
 * any path — with 200 and the body "app".
 */
export type StartTableApp = (policy: CorsPolicy, options: PolicyOptions) => Promise<Running>;

export interface RequestTableRun {
  /** How a case reaches the app; default: raw HTTP over loopback. */
  send?: (
    url: string,
    init: { method: string; headers: Record<string, string | readonly string[]> },
  ) => Promise<RawResponse>;
  /** Cases this transport cannot express (e.g. repeated header lines through a Fetch Headers object). */
  skip?: (c: RequestTableCase) => string | false;
  /** Vary as the same set rather than the same string, for frameworks that join Vary values themselves. */
  varyAsSet?: boolean;
}

/** Vary's meaning: lower-case members, once each; `*` alone when present (it varies on everything). */
export function varySet(vary: string): string[] {
  const members = [
    ...new Set(
      vary
        .split(',')
        .map((m) => m.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].sort();
  return members.includes('*') ? ['*'] : members;
}

export function testRequestTable(adapter: string, start: StartTableApp, run: RequestTableRun = {}): void {
  const deliver = run.send ?? send;
  const groups = new Map<string, RequestTableCase[]>();
  for (const c of requestTable) {
    const key = JSON.stringify(c.policy);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const running: Running[] = [];
  after(() => Promise.all(running.map((r) => r.close())));

  describe(`${adapter}: shared request table (${requestTable.length} cases)`, () => {
    for (const [key, cases] of groups) {
      test(`policy ${key.length > 90 ? `${key.slice(0, 90)}…` : key}`, async (t) => {
        const app = await start(createPolicy(cases[0]!.policy), cases[0]!.policy);
        running.push(app);
        for (const c of cases) {
          await t.test(c.name, { skip: run.skip?.(c) || false }, async () => {
            const headers: Record<string, string | readonly string[]> = { ...c.request.headers };
            if (c.priorVary !== undefined) headers[PRIOR_VARY_HEADER] = c.priorVary;
            const res = await deliver(`${app.origin}/table/path`, { method: c.request.method, headers });
            const actual: Record<string, string | null> = {};
            for (const name of CORS_RESPONSE_HEADERS) actual[name] = res.headers[name] ?? null;
            assert.deepEqual(actual, c.expected.headers, 'CORS response headers');
            if (run.varyAsSet)
              assert.deepEqual(varySet(res.headers.vary ?? ''), varySet(c.expected.vary), 'Vary');
            else assert.equal(res.headers.vary ?? '', c.expected.vary, 'Vary');
            assert.equal(res.status, c.expected.status ?? APP_STATUS, 'status');
            if (c.expected.status === undefined)
              assert.equal(res.body, APP_BODY, 'the request reached the app');
          });
        }
      });
    }
  });
}
