// How bad each class is, without and with `Access-Control-Allow-Credentials: true`. Credentials
// decide most of it: without them an attacker's page reads only what it could fetch itself (minus
// network position), with them it reads the victim's authenticated data.
import type { FindingClass, Sendability, Severity } from './types.js';

const SEVERITY: Record<FindingClass, readonly [withoutCredentials: Severity, withCredentials: Severity]> = {
  'reflect-any-origin': ['low', 'high'],
  'null-origin': ['low', 'high'],
  'prefix-match': ['low', 'high'],
  'suffix-match': ['low', 'high'],
  'substring-match': ['low', 'high'],
  'unescaped-dot': ['low', 'high'],
  'special-character-bypass': ['low', 'high'],
  'third-party-origin': ['low', 'high'],
  // Needs a compromised subdomain or a network attacker first.
  'any-subdomain': ['info', 'medium'],
  'http-origin-trusted': ['info', 'medium'],
  // Browsers refuse these responses: broken rather than exploitable.
  'wildcard-with-credentials': ['low', 'low'],
  'wildcard-origin': ['info', 'info'],
  'multiple-allow-origin': ['low', 'low'],
  // A shared cache can hand one origin's grant to another.
  'missing-vary-origin': ['medium', 'medium'],
  // The browser then sends non-simple requests (PUT, DELETE, JSON bodies) from any page.
  'preflight-any-origin': ['low', 'high'],
};

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high'];

export function severityOf(cls: FindingClass, credentials: boolean, sendableBy: Sendability): Severity {
  // An Origin no browser can send is not an attack on browser users: keep it as information only.
  if (!sendableBy.chromium && !sendableBy.firefox) return 'info';
  return SEVERITY[cls][credentials ? 1 : 0];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

export function worstOf(severities: readonly Severity[]): Severity | null {
  let worst: Severity | null = null;
  for (const s of severities) if (worst === null || atLeast(s, worst)) worst = s;
  return worst;
}
