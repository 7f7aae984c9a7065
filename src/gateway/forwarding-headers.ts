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
  'forwarded',
]);

/**
 * Headers through which a proxy tells an application who the client is, how it connected, or
 * which URL it asked for. An application that believes them (Rack 3 and Spring read `Forwarded`
 * and `X-Forwarded-Port/-Prefix`, nginx-style apps `X-Real-IP`, IIS-style rewrites
 * `X-Original-URL`) can be told anything by a client, so unless the gateway sits behind a proxy it
 * trusts, they are dropped: the gateway sets X-Forwarded-For/-Proto/-Host and `Forwarded` itself.
 */
const spoofableOnRequest = new Set([
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'x-cluster-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-forwarded',
  'forwarded-for',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-forwarded-server',
  'x-forwarded-ssl',
  'x-forwarded-scheme',
  'x-forwarded-protocol',
  'x-forwarded-uri',
  'x-forwarded-path',
  'x-original-forwarded-for',
  'x-original-url',
  'x-original-uri',
  'x-original-host',
  'x-rewrite-url',
  'x-url-scheme',
  'x-host',
  'front-end-https',
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
 * X-Forwarded-For/-Proto/-Host and `Forwarded` (RFC 7239) set to the same facts. Unless
 * `trustProxy`, whatever forwarding headers the client sent are replaced or dropped, so a client
 * cannot forge its address. One pass over the client's headers: this runs for every proxied request.
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
  let priorForwarded: string | undefined;
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
    else if (trustProxy && lower === 'forwarded')
      priorForwarded = priorForwarded === undefined ? value : `${priorForwarded}, ${value}`;
    // HTTP/2 pseudo-headers (`:path`, `:authority`…) describe the client's stream, not the request.
    if (hopByHop.has(lower) || replacedOnRequest.has(lower) || lower.charCodeAt(0) === 58) continue;
    if (!trustProxy && spoofableOnRequest.has(lower)) continue;
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
  out.push('forwarded', forwardedValue(priorForwarded, priorFor, client));
  return out;
}

/**
 * RFC 7239 `Forwarded`: the trusted chain (the proxy's own `Forwarded`, or else its
 * X-Forwarded-For entries) followed by this hop, `for=client;proto=…;host=…`, so it says what
 * X-Forwarded-* say.
 */
function forwardedValue(
  priorForwarded: string | undefined,
  priorFor: string | undefined,
  client: ClientFacts,
): string {
  let element = `for=${forwardedNode(client.remoteAddress)};proto=${client.proto}`;
  if (client.host) element += `;host=${quoted(client.host)}`;
  if (priorForwarded !== undefined) return `${priorForwarded}, ${element}`;
  if (priorFor === undefined) return element;
  const chain = priorFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => `for=${forwardedNode(entry)}`);
  return [...chain, element].join(', ');
}

/** A node name: a bare IPv4 address or token, an IPv6 address bracketed and quoted (RFC 7239 §6). */
function forwardedNode(address: string): string {
  if (address === '') return 'unknown';
  if (address.includes(':')) return quoted(address.startsWith('[') ? address : `[${address}]`);
  return /^[\w.!#$%&'*+^`|~-]+$/.test(address) ? address : quoted(address);
}

const quoted = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`;

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
