// The origins verify sends: a sample the policy grants, and refused ones placed on the edges of
// every origin and pattern, where hand-written regexes and string checks go wrong (a missing `$`
// or `^`, an unescaped dot, a substring test, the other scheme, another port, `null`). Which side
// each origin is on is decided by the engine afterwards, never assumed here.
import type { CompiledPolicyConfig, OriginPatternSpec } from '../policy/types.js';

export interface ProbeOrigin {
  readonly origin: string;
  /** Why this origin is in the table, e.g. `suffix of https://app.example.com`. */
  readonly why: string;
}

/** A host no policy plausibly lists. */
const STRANGER = 'https://corskit-verify.invalid';
const SAMPLE_PORT = 8081;

function hostPort(host: string, port: number | '*' | null): string {
  return port === null || port === '*' ? host : `${host}:${port}`;
}

function otherScheme(scheme: string): string {
  return scheme === 'https' ? 'http' : 'https';
}

/** The edges of one exact origin `scheme://host[:port]`. */
function exactEdges(origin: string): ProbeOrigin[] {
  const url = new URL(origin);
  const scheme = url.protocol.slice(0, -1);
  const host = url.hostname;
  const port = url.port === '' ? null : Number(url.port);
  const at = (h: string, p: number | null = port, s = scheme): string => `${s}://${hostPort(h, p)}`;
  const edges: ProbeOrigin[] = [
    { origin: at(`${host}.corskit-verify.invalid`), why: `suffix of ${origin} (regex without $)` },
    { origin: at(`evil${host}`), why: `prefix of ${origin} (regex without ^, endsWith)` },
    { origin: at(`sub.${host}`), why: `subdomain of ${origin} (substring test)` },
    { origin: at(host, port, otherScheme(scheme)), why: `${origin} over the other scheme` },
    { origin: at(host, port === null ? 8443 : port + 1), why: `${origin} on another port` },
  ];
  if (host.includes('.'))
    edges.push({
      origin: at(host.replace('.', 'x')),
      why: `${origin} with a dot replaced (unescaped . in a regex)`,
    });
  return edges;
}

function patternSample(p: OriginPatternSpec): ProbeOrigin {
  const host = p.subdomains ? `corskit-probe.${p.host}` : p.host;
  const port = p.port === '*' ? SAMPLE_PORT : p.port;
  return { origin: `${p.scheme}://${hostPort(host, port)}`, why: `matches ${p.source}` };
}

function patternEdges(p: OriginPatternSpec): ProbeOrigin[] {
  const port = p.port === '*' ? SAMPLE_PORT : p.port;
  const at = (h: string, s = p.scheme): string => `${s}://${hostPort(h, port)}`;
  const sample = p.subdomains ? `corskit-probe.${p.host}` : p.host;
  const edges: ProbeOrigin[] = [
    { origin: at(`${sample}.corskit-verify.invalid`), why: `suffix of ${p.source} (regex without $)` },
    { origin: at(`evil${p.host}`), why: `prefix of ${p.source} (regex without ^, endsWith)` },
    { origin: at(sample, otherScheme(p.scheme)), why: `${p.source} over the other scheme` },
  ];
  if (p.subdomains)
    edges.push({ origin: at(p.host), why: `the apex of ${p.source}, which *. does not cover` });
  if (p.port !== '*')
    edges.push({
      origin: `${p.scheme}://${hostPort(sample, p.port === null ? 8443 : p.port + 1)}`,
      why: `${p.source} on another port`,
    });
  if (p.host.includes('.'))
    edges.push({
      origin: at(`corskit${p.host.replace('.', 'x')}`),
      why: `${p.source} with a dot replaced (unescaped . in a regex)`,
    });
  return edges;
}

/** Candidates to grant, then candidates to refuse; duplicates removed, first reason kept. */
export function probeOrigins(origins: CompiledPolicyConfig['origins']): ProbeOrigin[] {
  const list: ProbeOrigin[] = [];
  if (origins === '*') list.push({ origin: 'https://app.corskit-verify.invalid', why: 'any origin (*)' });
  else {
    for (const o of origins.exact) list.push({ origin: o, why: 'listed' });
    for (const p of origins.patterns) list.push(patternSample(p));
    for (const o of origins.exact) list.push(...exactEdges(o));
    for (const p of origins.patterns) list.push(...patternEdges(p));
  }
  list.push(
    { origin: STRANGER, why: 'an unrelated origin' },
    { origin: 'null', why: 'the opaque origin (sandboxed iframe, file:)' },
  );
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.origin) && seen.add(p.origin));
}
