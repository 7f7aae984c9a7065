// Why each framework library's answers differ from the engine's, by kind of difference (see
// stack-compare.ts diffKind). The stack parity test fails on a kind missing here, and on any
// difference that would let a browser do more than the engine allows, whatever its kind.
// docs/generate.md repeats these with the counts.
import type { StackKind } from '../../../src/generate/index.js';

const COMMON: Record<string, string> = {
  'preflight: status':
    'the library answers preflights with its own status (200, or 400 in Starlette) where the engine answers 204/403; a refused one still lacks the grant the browser needs',
  'preflight: vary':
    'preflights carry Vary: Origin only (or none), not the Access-Control-Request-* tokens; preflight responses are not stored by shared caches',
  'actual: vary':
    "Vary: Origin is sent on a different set of responses than the engine's (only with a granted origin, or also with `*` and no Origin); " +
    'where the library adds it as its own line (rs/cors, rack-cors), an app Vary that already names origin repeats the token, which caches read as one',
  'options: vary': 'OPTIONS requests that are not preflights get the Vary of an ordinary response',
  'preflight: access-control-allow-methods differs':
    'Access-Control-Allow-Methods lists every granted method instead of echoing the requested one: the browser grants the same methods',
  'preflight: access-control-allow-methods extra':
    'Access-Control-Allow-Methods is sent on a refused preflight too; without a granted origin (or with the method missing from the list) the browser still blocks',
  'preflight: access-control-allow-origin extra':
    'a preflight refused by the engine for its method, headers or Private Network Access still names the origin; the lists sent (or the missing Access-Control-Allow-Private-Network) keep the browser blocking',
  'preflight: access-control-allow-origin missing':
    'Private Network Access preflights are refused: the library has no support for them (stricter)',
  'preflight: access-control-allow-private-network missing':
    'Private Network Access preflights are refused: the library has no support for them (stricter)',
  'preflight: access-control-allow-credentials extra':
    'Access-Control-Allow-Credentials: true is sent even where the preflight is refused; alone it grants nothing',
  'preflight: access-control-allow-headers differs':
    'Access-Control-Allow-Headers lists the granted names rather than echoing the request (or leaves out the names not granted): the browser grants the same headers',
  'preflight: access-control-allow-headers extra':
    'Access-Control-Allow-Headers is sent where the engine sends none (a refused preflight, or a request listing no header): it never names a header the policy does not grant',
  'preflight: access-control-allow-headers missing':
    'no Access-Control-Allow-Headers where the engine would echo a wildcard-granted name: the library cannot express `*` without authorization, so those headers stay refused (stricter)',
  'preflight: access-control-expose-headers extra':
    'Access-Control-Expose-Headers is sent on preflights too, where browsers ignore it',
  'preflight: access-control-expose-headers missing':
    'no Access-Control-Expose-Headers on a preflight where the engine sends one; browsers ignore it on preflights',
  'preflight: access-control-max-age extra':
    'Access-Control-Max-Age is sent where the engine sends none (refused preflights, or an explicit 0 for a policy without maxAge): a shorter or equal cache, never a wider grant',
  'preflight: access-control-max-age missing':
    'a max-age of 0 is not sent (the library treats 0 as unset); browsers then cache for 5 s instead of 0',
  'actual: access-control-allow-origin missing':
    'a request without an Origin gets no Access-Control-Allow-Origin where a `*` policy sends `*`: nothing reads it',
  'actual: access-control-expose-headers missing':
    'a request without an Origin gets no Access-Control-Expose-Headers under a `*` policy: nothing reads it',
  'actual: access-control-allow-credentials extra':
    'Access-Control-Allow-Credentials: true is sent to refused origins too, without Access-Control-Allow-Origin: no grant',
  'actual: access-control-expose-headers extra':
    'Access-Control-Expose-Headers is sent without a granted origin (or empty): without Access-Control-Allow-Origin it exposes nothing',
  'options: access-control-allow-origin missing':
    'an OPTIONS request without an Origin gets no Access-Control-Allow-Origin where a `*` policy sends `*`: nothing reads it',
  'options: access-control-expose-headers missing':
    'an OPTIONS request without an Origin gets no Access-Control-Expose-Headers under a `*` policy: nothing reads it',
  'options: access-control-allow-methods extra':
    'the library sends Access-Control-Allow-Methods on an OPTIONS request that is not a preflight; browsers only read it on preflights',
  'multiple Origin lines':
    'two Origin lines (which no browser sends): the server joins them or reads the first; the library answers for that value',
  'wider only for a request no browser sends (malformed header name)':
    'a header name that is not a token is granted by a `*` rule; browsers never send one',
  'wider only for a request no browser sends (malformed method)':
    'a method that is not a token is granted by `*`; browsers never send one',
  'wider only for a request no browser sends (thousands of requested headers are bounded)':
    "the engine's cap on the Access-Control-Request-Headers list (8192 characters, 128 names) is a resource bound the library does not have; the names are the ones `*` grants",
};

/** The library-agnostic explanations, then the stack's own (which must each name a real kind). */
function pick(kinds: readonly string[], extra: Record<string, string> = {}): Record<string, string> {
  return { ...COMMON, ...Object.fromEntries(kinds.map((k) => [k, extra[k] ?? COMMON[k]!])) };
}

const PREFLIGHT_BASICS = [
  'preflight: status',
  'preflight: vary',
  'preflight: access-control-allow-methods differs',
  'preflight: access-control-allow-methods extra',
  'preflight: access-control-allow-origin extra',
  'preflight: access-control-allow-origin missing',
  'preflight: access-control-allow-private-network missing',
  'preflight: access-control-allow-credentials extra',
  'preflight: access-control-allow-headers differs',
  'preflight: access-control-allow-headers extra',
  'preflight: access-control-expose-headers missing',
  'preflight: access-control-max-age extra',
  'multiple Origin lines',
  'actual: vary',
  'options: vary',
  'wider only for a request no browser sends (thousands of requested headers are bounded)',
];

export const STACK_DIFFERENCES: Record<StackKind | 'gin' | 'rails', Record<string, string>> = {
  django: pick(
    [
      ...PREFLIGHT_BASICS,
      'preflight: access-control-expose-headers extra',
      'preflight: access-control-max-age missing',
      'actual: access-control-allow-credentials extra',
      'actual: access-control-allow-origin missing',
      'actual: access-control-expose-headers missing',
      'options: access-control-allow-headers extra',
      'options: access-control-allow-methods extra',
      'options: access-control-max-age extra',
      'wider only for a request no browser sends (malformed header name)',
      'wider only for a request no browser sends (malformed method)',
    ],
    {
      'options: access-control-allow-headers extra':
        'django-cors-headers adds the preflight headers to every OPTIONS response of a granted origin; on a non-preflight browsers ignore them',
      'options: access-control-allow-methods extra':
        'django-cors-headers adds the preflight headers to every OPTIONS response of a granted origin; on a non-preflight browsers ignore them',
      'options: access-control-max-age extra':
        'django-cors-headers adds the preflight headers to every OPTIONS response of a granted origin; on a non-preflight browsers ignore them',
    },
  ),
  flask: pick(
    [
      ...PREFLIGHT_BASICS,
      'preflight: access-control-expose-headers extra',
      'preflight: access-control-max-age missing',
      'options: status',
      'wider only for a request no browser sends (malformed header name)',
    ],
    {
      'options: status':
        "Flask answers every OPTIONS request itself (automatic_options) with 200, so the app's 404/500 for that path is not seen",
    },
  ),
  fastapi: pick([
    ...PREFLIGHT_BASICS,
    'preflight: access-control-allow-headers missing',
    'actual: access-control-allow-credentials extra',
    'actual: access-control-allow-origin missing',
    'actual: access-control-expose-headers extra',
    'actual: access-control-expose-headers missing',
  ]),
  rack: pick(
    [
      ...PREFLIGHT_BASICS,
      'preflight: access-control-expose-headers extra',
      'actual: access-control-allow-methods extra',
      'actual: access-control-max-age extra',
      'actual: access-control-allow-origin missing',
      'actual: access-control-expose-headers extra',
      'actual: access-control-expose-headers missing',
      'options: access-control-allow-methods extra',
      'options: access-control-expose-headers extra',
      'options: access-control-max-age extra',
      'wider only for a request no browser sends (malformed header name)',
    ],
    {
      'actual: access-control-allow-methods extra':
        'rack-cors sends Access-Control-Allow-Methods and -Max-Age on ordinary responses of a granted origin; browsers ignore them there',
      'actual: access-control-max-age extra':
        'rack-cors sends Access-Control-Allow-Methods and -Max-Age on ordinary responses of a granted origin; browsers ignore them there',
      'actual: access-control-expose-headers extra':
        'rack-cors sends an empty Access-Control-Expose-Headers when nothing is exposed: it exposes nothing',
      'options: access-control-allow-methods extra':
        'rack-cors sends Access-Control-Allow-Methods and -Max-Age on ordinary responses of a granted origin; browsers ignore them there',
      'options: access-control-expose-headers extra':
        'rack-cors sends an empty Access-Control-Expose-Headers when nothing is exposed: it exposes nothing',
      'options: access-control-max-age extra':
        'rack-cors sends Access-Control-Allow-Methods and -Max-Age on ordinary responses of a granted origin; browsers ignore them there',
    },
  ),
  go: pick([
    ...PREFLIGHT_BASICS,
    'preflight: access-control-max-age missing',
    'actual: access-control-allow-origin missing',
    'actual: access-control-expose-headers missing',
  ]),
  gin: pick(
    [
      ...PREFLIGHT_BASICS,
      'actual: status',
      'options: status',
      'options: access-control-allow-headers extra',
      'options: access-control-max-age extra',
    ],
    {
      'actual: status':
        'gin-contrib/cors aborts every request from an origin it refuses with 403 (the engine passes it to the app without CORS headers): stricter',
      'options: status':
        'gin-contrib/cors answers every OPTIONS request with an Origin as a preflight (204 or 403), with or without Access-Control-Request-Method',
      'options: access-control-allow-headers extra':
        'gin-contrib/cors sends its preflight headers on every OPTIONS request of a granted origin; browsers only read them on preflights',
      'options: access-control-max-age extra':
        'gin-contrib/cors sends its preflight headers on every OPTIONS request of a granted origin; browsers only read them on preflights',
    },
  ),
  php: {},
  rails: {},
};
// The Rails initializer configures the same rack-cors middleware with the same `allow` block.
STACK_DIFFERENCES.rails = STACK_DIFFERENCES.rack;
