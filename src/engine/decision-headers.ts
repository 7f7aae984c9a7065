// Canonical header names and the Vary values of each kind of response, shared by the engine,
// the request table and the adapters.

export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';
export const ACAM = 'Access-Control-Allow-Methods';
export const ACAH = 'Access-Control-Allow-Headers';
export const ACEH = 'Access-Control-Expose-Headers';
export const ACMA = 'Access-Control-Max-Age';
export const ACAPN = 'Access-Control-Allow-Private-Network';

/** Vary of an ordinary (non-OPTIONS) response whose headers depend on the Origin. */
export const VARY_ACTUAL = 'Origin';
/**
 * Vary of every OPTIONS response: whether it is a preflight, and what it grants, depends on the
 * Origin and on all three Access-Control-Request-* headers.
 */
export const VARY_PREFLIGHT =
  'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network';

/** Every CORS response header, lower-case: what the request table states and what verify compares. */
export const CORS_RESPONSE_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
] as const;
