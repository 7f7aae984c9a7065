// The distinct policies of the shared request table, in a stable order: the runtime app mounts
// policy n at `/<adapter>/<n>/`, and the Node-side test finds n for a case the same way.
import { requestTable } from '../../../src/engine/request-table.js';
import type { PolicyOptions } from '../../../src/policy/types.js';

const keys = [...new Set(requestTable.map((c) => JSON.stringify(c.policy)))];

export const tablePolicies: readonly PolicyOptions[] = keys.map((k) => JSON.parse(k) as PolicyOptions);

export function tablePolicyIndex(policy: PolicyOptions): number {
  const n = keys.indexOf(JSON.stringify(policy));
  if (n < 0) throw new Error('policy is not in the request table');
  return n;
}
