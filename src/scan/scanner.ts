// `corskit scan` as a library: send the crafted Origins, decide which were granted, and report one
// finding per class. Classes overlap (a suffix check also accepts `attacker.www.example.com`), so a
// probe accepted only because of a broader flaw already reported is not reported again.

import type { Transport, WireRequest, WireResponse } from '../browser/types.js';
import { hasBrand } from '../policy/error-brand.js';
import { ADVICE } from './advice.js';
import { ATTACKER_DOMAIN, generateProbes, trustedOriginParts } from './probes.js';
import {
  allowOrigins,
  allowsCredentials,
  corsEvidence,
  grants,
  hasSeveralAllowOrigins,
  variesOnOrigin,
} from './response-facts.js';
import { severityOf, worstOf } from './severity.js';
import { adviseFor, detectStack } from './stack-advice.js';
import type { Finding, FindingClass, Probe, ScanReport, Sendability } from './types.js';

export interface ScanOptions {
  readonly url: string;
  /** The origin the site trusts (default: the URL's own origin); probes are derived from it. */
  readonly trustedOrigin?: string;
  /** One request, no redirect following; null for a network error. */
  readonly transport: Transport;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Stop sending after this long (ms) and report what was found; the report says it is partial. */
  readonly deadlineMs?: number;
  /** Called after each request: for a progress line. */
  readonly onProgress?: (sent: number, total: number) => void;
}

const SCAN_UNREACHABLE_ERROR_BRAND = Symbol.for('corskit.ScanUnreachableError');

/** No response to the baseline request: nothing can be concluded. */
export class ScanUnreachableError extends Error {
  /** Branded: `instanceof` holds across duplicate copies of corskit (see error-brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, SCAN_UNREACHABLE_ERROR_BRAND);
  }
  readonly [SCAN_UNREACHABLE_ERROR_BRAND] = true;
  override readonly name = 'ScanUnreachableError';
}

interface ProbeExchange {
  readonly probe: Probe;
  readonly request: WireRequest;
  readonly response: WireResponse;
}

const BOTH: Sendability = { chromium: true, firefox: true };

export async function scan(options: ScanOptions): Promise<ScanReport> {
  const url = new URL(options.url).href;
  const trustedOrigin = options.trustedOrigin ?? new URL(url).origin;
  let sent = 0;
  let total = 0;
  let timedOut = false;
  const deadline =
    options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.deadlineMs;
  const send = async (request: WireRequest): Promise<WireResponse | null> => {
    // Past the deadline nothing more is sent: the probes left are simply not concluded.
    if (Date.now() > deadline && sent > 0) {
      timedOut = true;
      return null;
    }
    sent++;
    const response = await options.transport(request);
    options.onProgress?.(sent, Math.max(total, sent));
    // A NetworkFailure (or null) is "no response" here: the scan only reads headers.
    return response && 'status' in response ? response : null;
  };
  const get = (origin: string | null): WireRequest => ({
    method: 'GET',
    url,
    headers: origin === null ? [] : [['Origin', origin]],
  });

  const baselineRequest = get(trustedOrigin);
  const baseline = await send(baselineRequest);
  if (!baseline) throw new ScanUnreachableError(`no response from ${url}`);
  const noOrigin = await send(get(null));

  const probes = generateProbes(trustedOrigin);
  // Baseline, no-Origin, every probe, and the preflight.
  total = probes.length + 3;
  const exchanges = await mapLimited(probes, options.concurrency ?? 4, async (probe) => {
    const request = get(probe.origin);
    const response = await send(request);
    return response ? { probe, request, response } : null;
  });
  const preflightRequest: WireRequest = {
    method: 'OPTIONS',
    url,
    headers: [
      ['Origin', `${trustedOriginParts(trustedOrigin).scheme}://${ATTACKER_DOMAIN}`],
      ['Access-Control-Request-Method', 'PUT'],
      ['Access-Control-Request-Headers', 'authorization,x-corskit-probe'],
    ],
  };
  const preflight = await send(preflightRequest);

  const accepted = exchanges.filter(
    (e): e is ProbeExchange => e !== null && grants(e.response, e.probe.origin),
  );
  const findings = [
    ...originFindings(accepted, trustedOrigin),
    ...headerFindings(
      { probe: trustedProbe(trustedOrigin), request: baselineRequest, response: baseline },
      exchanges,
    ),
    ...varyFindings(
      { probe: trustedProbe(trustedOrigin), request: baselineRequest, response: baseline },
      noOrigin,
      accepted,
    ),
  ];
  if (preflight && !findings.some((f) => f.class === 'reflect-any-origin')) {
    const origin = preflightRequest.headers[0]![1];
    if (grants(preflight, origin)) {
      const probe: Probe = { class: 'preflight-any-origin', origin, sendableBy: BOTH };
      findings.push(
        finding('preflight-any-origin', { probe, request: preflightRequest, response: preflight }),
      );
    }
  }
  const context = {
    targetHttps: new URL(url).protocol === 'https:',
    stack: detectStack(baseline.headers),
    trustedOrigin,
  };
  const advised = findings.map((f) => adviseFor(f, context));
  return {
    url,
    trustedOrigin,
    trustedOriginAllowed: grants(baseline, trustedOrigin) || allowOrigins(baseline).includes('*'),
    requestsSent: sent,
    findings: advised,
    worst: worstOf(advised.map((f) => f.severity)),
    stack: context.stack,
    timedOut,
  };
}

function trustedProbe(origin: string): Probe {
  return { class: 'reflect-any-origin', origin, sendableBy: BOTH };
}

function finding(cls: FindingClass, e: ProbeExchange, probeOrigin: string | null = e.probe.origin): Finding {
  const credentials = allowsCredentials(e.response);
  const advice = ADVICE[cls];
  return {
    class: cls,
    severity: severityOf(cls, credentials, e.probe.sendableBy),
    title: advice.title,
    probeOrigin,
    request: { method: e.request.method, url: e.request.url, headers: [...e.request.headers] },
    status: e.response.status,
    evidence: corsEvidence(e.response),
    credentials,
    sendableBy: e.probe.sendableBy,
    description: advice.description,
    fix: advice.fix,
  };
}

/** One finding per class with an accepted probe, skipping probes a broader finding explains. */
function originFindings(accepted: readonly ProbeExchange[], trustedOrigin: string): Finding[] {
  const t = trustedOriginParts(trustedOrigin);
  const first = accepted.find((e) => e.probe.class === 'reflect-any-origin');
  if (first) return [finding('reflect-any-origin', first)];
  // Pass 1: `attackerwww.example.com` is also a subdomain of example.com; when a subdomain of the
  // domain is accepted, that probe says nothing about suffix matching.
  const subdomainOfDomain = accepted.some(
    (e) => e.probe.class === 'any-subdomain' && hostOf(e.probe.origin) === `attacker.${t.domain}`,
  );
  const survivors = accepted.filter(
    (e) =>
      !(
        e.probe.class === 'suffix-match' &&
        subdomainOfDomain &&
        hostOf(e.probe.origin).endsWith(`.${t.domain}`)
      ),
  );
  const found = new Set(survivors.map((e) => e.probe.class));
  // Pass 2: probes accepted only because of a broader flaw found in pass 1.
  const explained = (e: ProbeExchange): boolean => {
    const host = hostOf(e.probe.origin);
    switch (e.probe.class) {
      case 'special-character-bypass':
        return found.has('prefix-match');
      case 'any-subdomain':
        return found.has('suffix-match');
      case 'unescaped-dot':
        return (
          (found.has('suffix-match') && host.endsWith(t.domain)) ||
          (found.has('any-subdomain') && host.endsWith(`.${t.domain}`))
        );
      default:
        return false;
    }
  };
  const out: Finding[] = [];
  const reported = new Set<FindingClass>();
  // Report the most dangerous probe of each class (one a browser can send, with credentials).
  const ranked = [...survivors].sort((a, b) => rank(b) - rank(a));
  for (const e of ranked) {
    if (reported.has(e.probe.class) || explained(e)) continue;
    reported.add(e.probe.class);
    out.push(finding(e.probe.class, e));
  }
  return out;
}

function rank(e: ProbeExchange): number {
  const sendable = Number(e.probe.sendableBy.chromium) + Number(e.probe.sendableBy.firefox);
  return sendable * 2 + Number(allowsCredentials(e.response));
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}

/** Wildcards and several values, wherever they appear. */
function headerFindings(baseline: ProbeExchange, exchanges: ReadonlyArray<ProbeExchange | null>): Finding[] {
  const all = [baseline, ...exchanges.filter((e): e is ProbeExchange => e !== null)];
  const out: Finding[] = [];
  const multiple = all.find((e) => hasSeveralAllowOrigins(e.response, e.probe.origin));
  if (multiple) out.push(finding('multiple-allow-origin', multiple));
  const wildcard = all.find((e) => {
    const lines = allowOrigins(e.response);
    return lines.length === 1 && lines[0] === '*';
  });
  if (wildcard)
    out.push(
      finding(
        allowsCredentials(wildcard.response) ? 'wildcard-with-credentials' : 'wildcard-origin',
        wildcard,
      ),
    );
  return out;
}

/**
 * The grant depends on the Origin (differs from the answer without one, or between origins) but the
 * response does not say `Vary: Origin`: a cache may store one origin's grant and serve it to others.
 */
function varyFindings(
  baseline: ProbeExchange,
  noOrigin: WireResponse | null,
  accepted: readonly ProbeExchange[],
): Finding[] {
  const candidates = [baseline, ...accepted].filter((e) => {
    const acao = allowOrigins(e.response);
    return acao.length > 0 && !acao.includes('*');
  });
  const noOriginAcao = noOrigin ? allowOrigins(noOrigin).join(',') : '';
  for (const e of candidates) {
    const dependsOnOrigin = allowOrigins(e.response).join(',') !== noOriginAcao;
    if (dependsOnOrigin && !variesOnOrigin(e.response))
      return [finding('missing-vary-origin', e, e.probe.origin)];
  }
  return [];
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
