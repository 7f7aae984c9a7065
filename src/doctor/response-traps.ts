// Traps read from the responses of a blocked exchange beyond the classic ones in traps.ts: what the
// server software does (nginx's add_header inheritance, Apache's two header tables), CORS done for
// the preflight only, redirects of ordinary requests, and error statuses worded as what they are.

import { headerValue } from '../browser/header-fields.js';
import type { ExchangeStep, WireResponse } from '../browser/types.js';
import { headerValues } from './header-list.js';
import type { Trap } from './traps.js';

const serverIs = (response: WireResponse, name: RegExp) =>
  name.test(headerValue(response.headers, 'server') ?? '');
const hasAllowOrigin = (response: WireResponse) =>
  headerValues(response.headers, 'access-control-allow-origin').length > 0;

/**
 * nginx: any add_header in a location or an `if` block cancels every add_header inherited from the
 * server level. The classic `if ($request_method = OPTIONS) { add_header …; return 204; }` then
 * answers preflights with the methods/headers it sets but without the server-level ACAO.
 */
export function nginxAddHeaderInheritance(step: ExchangeStep, response: WireResponse): Trap | null {
  if (step.kind !== 'preflight' || !serverIs(response, /^nginx/i)) return null;
  if (response.status >= 300 || hasAllowOrigin(response)) return null;
  const own = response.headers.filter(([n]) => /^access-control-allow-(?!origin)/i.test(n)).map(([n]) => n);
  return {
    id: 'nginx-add-header-inheritance',
    step: 'preflight',
    title: `nginx answered the preflight (${response.status}) without Access-Control-Allow-Origin: an add_header in the OPTIONS block cancels the inherited ones`,
    explanation:
      `nginx inherits add_header directives from the enclosing level only when the current level has none. ` +
      `The block that answers OPTIONS (typically \`if ($request_method = OPTIONS) { add_header …; return 204; }\`)` +
      `${own.length ? ` sets ${own.join(', ')} itself, so` : ' has its own add_header lines, so'} the server-level ` +
      '`add_header Access-Control-Allow-Origin …` is dropped for preflights. Repeat every CORS add_header inside ' +
      'that block (Access-Control-Allow-Origin, -Credentials, Vary included), or move them all into one `include` ' +
      'file used at every level.',
  };
}

/** The preflight grants the request but the actual response has no ACAO: CORS mounted on OPTIONS only. */
export function corsOnPreflightOnly(
  exchange: readonly ExchangeStep[],
  step: ExchangeStep,
  response: WireResponse,
): Trap | null {
  if (step.kind === 'preflight' || response.status >= 300 || hasAllowOrigin(response)) return null;
  const preflight = exchange.find((s) => s.kind === 'preflight')?.response;
  if (!preflight || preflight.status >= 300 || !hasAllowOrigin(preflight)) return null;
  return {
    id: 'cors-on-preflight-only',
    step: step.kind,
    title: 'CORS is done for the preflight only: the actual response has no Access-Control-Allow-Origin',
    explanation:
      `The preflight (OPTIONS) allowed ${step.request.method} ${step.request.url}, but the response to the ` +
      `request itself (${response.status}) carries no CORS headers, so the browser still refuses it. The CORS ` +
      "middleware is mounted on OPTIONS only — in Express `app.options('/me', cors())` alone. Mount it for " +
      "every method, before the routes: `app.use(cors(options))` (or `app.get('/me', cors(options), handler)` " +
      'on each route), so both the preflight and the actual response carry the headers.',
  };
}

function redirectTarget(step: ExchangeStep, response: WireResponse): URL | null {
  const location = headerValue(response.headers, 'location');
  try {
    return location ? new URL(location, step.request.url) : null;
  } catch {
    return null;
  }
}

const LOGIN_PATH = /\/(?:log-?in|sign-?in|auth|sso|oauth2?|account\/login|users\/sign_in)(?:\/|$|\?)/i;

/** A redirect of the page's own request (not the preflight): trailing slash, login page, or other. */
export function redirectedRequest(step: ExchangeStep, response: WireResponse): Trap | null {
  if (step.kind === 'preflight' || response.status < 300 || response.status >= 400) return null;
  const target = redirectTarget(step, response);
  if (!target) return null;
  const from = new URL(step.request.url);
  const base = { id: 'request-redirected' as const, step: step.kind };
  const cors = hasAllowOrigin(response)
    ? 'The browser follows it, and the target must allow the origin too (after a redirect to another origin, Origin becomes null).'
    : 'The redirect itself carries no Access-Control-Allow-Origin, so the browser stops there.';
  if (
    from.origin === target.origin &&
    from.search === target.search &&
    from.pathname.replace(/\/$/, '') === target.pathname.replace(/\/$/, '')
  )
    return {
      ...base,
      title: `The request was redirected to add or remove a trailing slash (${response.status} to ${target.href})`,
      explanation: `${cors} Call ${target.href} exactly — the server's canonical URL — in the page's code.`,
    };
  if (LOGIN_PATH.test(target.pathname))
    return {
      ...base,
      title: `The request was redirected to a login page (${response.status} to ${target.href}): the session is missing or expired`,
      explanation:
        `${cors} An API called by a script should answer 401 with CORS headers, not redirect to a login form: ` +
        "the page can then see the 401 and sign the user in. Check that the request carries the session (fetch's " +
        '`credentials: "include"`, i.e. --credentials, for cookies on another origin) or its token.',
    };
  return {
    ...base,
    title: `The request was redirected (${response.status} to ${target.href})`,
    explanation: `${cors} Call the final URL directly, or make every hop send the CORS headers.`,
  };
}

/** An error status without CORS headers, worded as what that status means. */
export function statusMeaning(status: number): string {
  if (status === 401)
    return 'HTTP 401: the request is not authenticated — a missing or expired session cookie or token';
  if (status === 403)
    return 'HTTP 403: the server refuses this request (permissions, a WAF, or the CORS policy itself)';
  if (status === 404) return 'HTTP 404: the URL or route is wrong — no handler answers this path and method';
  if (status === 405) return 'HTTP 405: the route exists but not for this method';
  if (status < 500) return `HTTP ${status}: the server refused the request as sent`;
  return `HTTP ${status}: a server error`;
}

/** Apache: `Header always set` next to `Header set` gives two values (mod_headers keeps two tables). */
export function apacheTwoTables(response: WireResponse): string | null {
  if (!serverIs(response, /^apache/i)) return null;
  return (
    'On Apache this is mod_headers\' two tables: `Header set` writes the "onsuccess" table and `Header always set` ' +
    'the "always" table, and both are sent, so adding `Header always set Access-Control-Allow-Origin` next to an ' +
    'existing `Header set Access-Control-Allow-Origin` gives two values. Remove the old `Header set Access-Control-*` ' +
    'lines (in the vhost, the <Directory>/<Location> blocks and any .htaccess) and keep only the `Header always set` ones.'
  );
}
