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

/**
 * Adds the header names a Connection header lists. `close` and hop-by-hop names (the usual
 * `keep-alive`) are dropped anyway, so they create no set: the common case costs no second pass.
 */
function addConnectionTokens(tokens: Set<string> | undefined, value: string): Set<string> | undefined {
  const plain = value.toLowerCase();
  if (plain === 'keep-alive' || plain === 'close') return tokens;
  let set = tokens;
  for (const token of plain.split(',')) {
    const name = token.trim();
    if (name && name !== 'close' && !hopByHop.has(name)) {
      set ??= new Set<string>();
      set.add(name);
    }
  }
  return set;
}

/** Drops the pairs whose (lower-cased) name the Connection header listed; rare, so a second pass. */
function withoutNamed(headers: string[], named: Set<string> | undefined): string[] {
  if (!named) return headers;
  const kept: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!named.has(headers[i]!.toLowerCase())) kept.push(headers[i]!, headers[i + 1]!);
  }
  return kept;
}

/**
 * The headers to send upstream, as a flat [name, value, …] list in the client's order, with
 * X-Forwarded-For/-Proto/-Host set. Unless `trustProxy`, whatever X-Forwarded-* the client sent
 * is replaced, so a client cannot forge its address. One pass over the client's headers: this
 * runs for every proxied request.
 */
export function upstreamRequestHeaders(
  rawHeaders: readonly string[],
  client: ClientFacts,
  trustProxy: boolean,
): string[] {
  let named: Set<string> | undefined;
  let priorFor: string | undefined;
  let priorProto: string | undefined;
  let priorHost: string | undefined;
  let out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'connection') named = addConnectionTokens(named, value);
    else if (trustProxy && lower === 'x-forwarded-for')
      priorFor = priorFor === undefined ? value : `${priorFor}, ${value}`;
    else if (trustProxy && lower === 'x-forwarded-proto') priorProto ??= value;
    else if (trustProxy && lower === 'x-forwarded-host') priorHost ??= value;
    if (hopByHop.has(lower) || replacedOnRequest.has(lower)) continue;
    out.push(name, value);
  }
  out = withoutNamed(out, named);
  out.push(
    'x-forwarded-for',
    priorFor === undefined ? client.remoteAddress : `${priorFor}, ${client.remoteAddress}`,
  );
  out.push('x-forwarded-proto', priorProto || client.proto);
  const host = priorHost || client.host;
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

/** Filters the upstream's raw response headers (flat list) for the client, in one pass. */
export function clientResponseHeaders(rawHeaders: readonly string[]): FilteredResponseHeaders {
  let named: Set<string> | undefined;
  const headers: string[] = [];
  const droppedCors: string[] = [];
  // Vary values with their lower-cased names, so a Connection-named Vary can still be dropped.
  let varyValues: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'connection') named = addConnectionTokens(named, value);
    if (hopByHop.has(lower)) continue;
    if (lower.startsWith('access-control-')) {
      droppedCors.push(lower);
      continue;
    }
    if (lower === 'vary') {
      if (varyValues) varyValues.push(value);
      else varyValues = [value];
      continue;
    }
    headers.push(name, value);
  }
  const vary = varyValues && !named?.has('vary') ? varyValues.join(', ') : null;
  // Access-Control-* names listed in Connection were dropped as CORS headers before; keep that order
  // of precedence: a hop-by-hop name is not reported as dropped CORS.
  const cors = named ? droppedCors.filter((n) => !named!.has(n)) : droppedCors;
  return { headers: withoutNamed(headers, named), vary, droppedCors: cors };
}

export const isHopByHop = (name: string): boolean => hopByHop.has(name.toLowerCase());
