// An allowed verdict can still hide a problem: a reflected origin a cache will serve to others, an
// error status the page now reads, a header the page wants but may not read. Each is a warning.
import { exposedHeaderNames } from '../browser/exposed-headers.js';
import { headerValue } from '../browser/header-fields.js';
import type { Diagnosis, ExchangeStep } from '../browser/types.js';
import type { Trap } from './traps.js';

export interface WarningContext {
  /** Response headers the page's script wants to read (--read-header). */
  readonly readHeaders?: readonly string[];
  /** URLs whose response headers arrived but whose body stalled past the timeout. */
  readonly stalledBodies?: readonly string[];
}

/** A body that stopped after its headers: whatever the verdict, the page's read would hang. */
export function stalledBodyTraps(diagnosis: Diagnosis, context: WarningContext): Trap[] {
  const stalled = new Set(context.stalledBodies ?? []);
  return diagnosis.exchange
    .filter((s) => s.response && stalled.has(s.request.url) && s.kind !== 'preflight')
    .map((s) => ({
      id: 'body-stalled' as const,
      step: s.kind,
      title: `The response headers arrived (${s.response?.status}), then the body stalled`,
      explanation:
        `${s.request.method} ${s.request.url} sent its status and headers, then no more data before the timeout. ` +
        "The CORS verdict is made on the headers, but the page's `await response.json()` (or text()) would hang: " +
        'look at the handler or proxy that streams this body (an unflushed stream, a missing end(), a buffering proxy).',
    }));
}

function finalStep(diagnosis: Diagnosis): ExchangeStep | undefined {
  return [...diagnosis.exchange].reverse().find((s) => s.kind !== 'preflight' && s.response);
}

export function allowedWarnings(diagnosis: Diagnosis, context: WarningContext): Trap[] {
  const step = finalStep(diagnosis);
  const response = step?.response;
  if (!step || !response) return [];
  const warnings: Trap[] = [];
  const allowOrigin = headerValue(response.headers, 'access-control-allow-origin');
  const vary = (headerValue(response.headers, 'vary') ?? '').toLowerCase();
  if (allowOrigin && allowOrigin !== '*' && !/(^|,)\s*(origin|\*)\s*(,|$)/.test(vary))
    warnings.push({
      id: 'echo-without-vary',
      step: step.kind,
      title: `Allowed, but the response names the origin (${allowOrigin}) without Vary: Origin`,
      explanation:
        'A cache (CDN, proxy, the browser) may store this response and serve it to a page on another origin, ' +
        "which the browser then refuses — or, if the server reflects any origin, serve one origin's answer to " +
        'another (cache poisoning). Send `Vary: Origin` on every response whose CORS headers depend on the Origin.',
    });
  if (response.status >= 400)
    warnings.push({
      id: 'allowed-error-status',
      step: step.kind,
      title: `Allowed, but the status is ${response.status}: the page will read the error`,
      explanation: `CORS lets the page read this response, and what it reads is a ${response.status}. The request itself is failing: check the URL, the method, the credentials and the server log.`,
    });
  warnings.push(...unreadableHeaders(diagnosis, step, context.readHeaders ?? []));
  return warnings;
}

function unreadableHeaders(diagnosis: Diagnosis, step: ExchangeStep, wanted: readonly string[]): Trap[] {
  const response = step.response;
  if (!response || !wanted.length) return [];
  const credentials = diagnosis.request.credentials === 'include';
  const readable = new Set(exposedHeaderNames(response.headers, credentials));
  const present = new Set(response.headers.map(([n]) => n.toLowerCase()));
  return wanted
    .filter((name) => !readable.has(name.toLowerCase()))
    .map((name) => ({
      id: 'header-not-exposed' as const,
      step: step.kind,
      title: present.has(name.toLowerCase())
        ? `The page cannot read the response header ${name}: it is not exposed`
        : `The response has no ${name} header at all`,
      explanation: present.has(name.toLowerCase())
        ? `On a cross-origin response a script reads only the safelisted headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those listed in Access-Control-Expose-Headers. Send \`Access-Control-Expose-Headers: ${name}\`${credentials ? " (with credentials '*' does not count: name it)" : ''}.`
        : `response.headers.get('${name}') will be null whatever CORS says: the server does not send it for this request.`,
    }));
}
