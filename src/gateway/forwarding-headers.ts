// Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection
// and are dropped both ways, together with every header the Connection header names. The
// upstream's Access-Control-* headers are dropped too: the gateway's policy is the only source of
// CORS headers, so a browser can never see two conflicting answers.

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers the gateway replaces with its own values or must not pass on. */
const replacedOnRequest = new Set([
  'host',
  'expect',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
]);

export interface ClientFacts {
  /** The address of the peer that connected to the gateway. */
  readonly remoteAddress: string;
  /** `http`, or `https` when a trusted load balancer says so. */
  readonly proto: string;
  /** Host header the client sent. */
  readonly host: string | undefined;
}

function connectionTokens(rawHeaders: readonly string[]): Set<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'connection') continue;
    tokens ??= new Set();
    for (const token of rawHeaders[i + 1]!.split(',')) {
      const name = token.trim().toLowerCase();
      if (name) tokens.add(name);
    }
  }
  return tokens;
}

function firstValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}

function allValues(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!);
  }
  return values;
}

/**
 * The headers to send upstream, as a flat [name, value, …] list in the client's order, with
 * X-Forwarded-For/-Proto/-Host set. Unless `trustProxy`, whatever X-Forwarded-* the client sent
 * is replaced, so a client cannot forge its address.
 */
export function upstreamRequestHeaders(
  rawHeaders: readonly string[],
  client: ClientFacts,
  trustProxy: boolean,
): string[] {
  const named = connectionTokens(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || replacedOnRequest.has(lower) || named?.has(lower)) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  const priorFor = trustProxy ? allValues(rawHeaders, 'x-forwarded-for') : [];
  out.push('x-forwarded-for', [...priorFor, client.remoteAddress].join(', '));
  out.push('x-forwarded-proto', (trustProxy && firstValue(rawHeaders, 'x-forwarded-proto')) || client.proto);
  const host = (trustProxy && firstValue(rawHeaders, 'x-forwarded-host')) || client.host;
  if (host) out.push('x-forwarded-host', host);
  return out;
}

export interface FilteredResponseHeaders {
  /** Flat [name, value, …] list to send to the client, without Vary. */
  readonly headers: string[];
  /** The upstream's Vary values joined, or null. */
  readonly vary: string | null;
  /** Names of Access-Control-* headers the upstream sent (and that were dropped). */
  readonly droppedCors: string[];
}

/** Filters the upstream's raw response headers (flat list) for the client. */
export function clientResponseHeaders(rawHeaders: readonly string[]): FilteredResponseHeaders {
  const named = connectionTokens(rawHeaders);
  const headers: string[] = [];
  const droppedCors: string[] = [];
  let vary: string | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || named?.has(lower)) continue;
    if (lower.startsWith('access-control-')) {
      droppedCors.push(lower);
      continue;
    }
    if (lower === 'vary') {
      vary = vary === null ? value : `${vary}, ${value}`;
      continue;
    }
    headers.push(name, value);
  }
  return { headers, vary, droppedCors };
}

export const isHopByHop = (name: string): boolean => hopByHop.has(name.toLowerCase());
