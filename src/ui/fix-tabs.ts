// The fix of a diagnosis as the page shows it: one tab per form the fix can take. The server and
// framework configs come from the config generators, enumerated from SERVER_KINDS and STACK_KINDS
// so a generator added there shows up here with no change; a generator that cannot express the policy falls back to the
// model's own snippet when it has one, or says why.
import type { DoctorReport } from '../doctor/doctor-report.js';
import { generateConfig, SERVER_KINDS, STACK_KINDS } from '../generate/index.js';
import type { PolicyOptions } from '../policy/types.js';

export interface FixTab {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

const LABELS: Record<string, string> = {
  nginx: 'nginx',
  apache: 'Apache',
  caddy: 'Caddy',
  haproxy: 'HAProxy',
  django: 'Django',
  flask: 'Flask',
  fastapi: 'FastAPI',
  rack: 'Rails / Rack',
  go: 'Go',
  php: 'PHP',
};

export function fixTabs(fix: NonNullable<DoctorReport['fix']>): FixTab[] {
  const tabs: FixTab[] = [
    {
      id: 'headers',
      label: 'Response headers',
      text: fix.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    },
    { id: 'policy', label: 'corskit policy', text: JSON.stringify(fix.policy, null, 2) },
    { id: 'express', label: 'Express', text: fix.express },
  ];
  const snippets: Record<string, string | undefined> = { nginx: fix.nginx, apache: fix.apache };
  for (const kind of [...SERVER_KINDS, ...STACK_KINDS]) {
    let text: string;
    try {
      text = generateConfig(kind, fix.policy as unknown as PolicyOptions).text;
    } catch (error) {
      text =
        snippets[kind] ?? `# corskit cannot generate ${kind} for this policy: ${(error as Error).message}`;
    }
    tabs.push({ id: kind, label: LABELS[kind] ?? kind, text });
  }
  return tabs;
}
