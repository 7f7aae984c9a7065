// The distinct policies of the shared request table, and a table case as the engine's CorsRequest:
// shared by the web-server and the framework parity runs.
import type { RequestTableCase } from '../../../src/engine/request-table.js';
import type { CorsRequest, PolicyOptions } from '../../../src/policy/types.js';

export function policiesOf(table: readonly RequestTableCase[]): PolicyOptions[] {
  const seen = new Map<string, PolicyOptions>();
  for (const c of table) seen.set(JSON.stringify(c.policy), c.policy);
  return [...seen.values()];
}

export function corsRequest(c: RequestTableCase): CorsRequest {
  return { method: c.request.method, header: (name) => c.request.headers[name] ?? null };
}
