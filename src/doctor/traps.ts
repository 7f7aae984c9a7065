// The traps behind most real "CORS error" reports. The browser's message names a CORS header, but
// the cause is elsewhere: a crashing handler, authentication middleware in front of the preflight,
// a redirect, a proxy that adds a second header. Recognising them first saves the reader from
// "fixing" CORS settings that were right all along.

import { headerValue } from '../browser/header-fields.js';
import type { Diagnosis, ExchangeStep, WireResponse } from '../browser/types.js';
import { allowedWarnings, stalledBodyTraps, type WarningContext } from './allowed-warnings.js';
import { headerValues } from './header-list.js';
import {
  apacheTwoTables,
  corsOnPreflightOnly,
  nginxAddHeaderInheritance,
  redirectedRequest,
  statusMeaning,
} from './response-traps.js';

export type TrapId =
  | 'error-status-without-cors'
  | 'preflight-rejected-by-auth'
  | 'preflight-forbidden'
  | 'preflight-not-handled'
  | 'preflight-redirected'
  | 'wildcard-with-credentials'
  | 'multiple-allow-origin'
  | 'nginx-add-header-inheritance'
  | 'cors-on-preflight-only'
  | 'request-redirected'
  | 'echo-without-vary'
  | 'allowed-error-status'
  | 'header-not-exposed'
  | 'body-stalled';

export interface Trap {
  readonly id: TrapId;
  /** Which step of the exchange shows it. */
  readonly step: ExchangeStep['kind'];
  /** One sentence, printed first. */
  readonly title: string;
  /** What is really going on and what to change. */
  readonly explanation: string;
}

export type TrapContext = WarningContext;

/** Traps found in a blocked exchange, in exchange order; for an allowed one, what it still hides. */
export function detectTraps(diagnosis: Diagnosis, context: TrapContext = {}): Trap[] {
  if (diagnosis.verdict === 'allowed')
    return [...stalledBodyTraps(diagnosis, context), ...allowedWarnings(diagnosis, context)];
  const traps: Trap[] = [];
  for (const step of diagnosis.exchange) {
    if (!step.response) continue;
    const trap =
      step.kind === 'preflight'
        ? (nginxAddHeaderInheritance(step, step.response) ?? preflightTrap(step, step.response))
        : (redirectedRequest(step, step.response) ??
          corsOnPreflightOnly(diagnosis.exchange, step, step.response) ??
          responseTrap(step, step.response));
    if (trap) traps.push(trap);
    const multiple = multipleAllowOrigin(step, step.response);
    if (multiple) traps.push(multiple);
    const wildcard = wildcardWithCredentials(diagnosis, step, step.response);
    if (wildcard) traps.push(wildcard);
  }
  return [...traps, ...stalledBodyTraps(diagnosis, context)];
}

function hasAllowOrigin(response: WireResponse): boolean {
  return headerValues(response.headers, 'access-control-allow-origin').length > 0;
}

function responseTrap(step: ExchangeStep, response: WireResponse): Trap | null {
  if (response.status < 400 || hasAllowOrigin(response)) return null;
  const meaning = statusMeaning(response.status);
  return {
    id: 'error-status-without-cors',
    step: step.kind,
    title:
      response.status >= 500
        ? `The real problem is a server error (HTTP ${response.status}): your error path drops the CORS headers`
        : `The real problem is ${meaning}; the error response drops the CORS headers`,
    explanation:
      `The server answered ${step.request.method} ${step.request.url} with ${response.status} (${meaning}) and no ` +
      'Access-Control-Allow-Origin, so the browser hides the real status behind a CORS error. Fix the ' +
      `${response.status} first (check the server log for this request), and make error responses carry the ` +
      'same CORS headers as successful ones: nginx `add_header … always`, Apache `Header always set`, and ' +
      'in the application register the CORS middleware before anything that can fail or answer early.',
  };
}

function preflightTrap(step: ExchangeStep, response: WireResponse): Trap | null {
  const { status } = response;
  if (status >= 300 && status < 400) return redirectedPreflight(step, response);
  if (hasAllowOrigin(response) && status < 400) return null;
  const authenticate = headerValue(response.headers, 'www-authenticate');
  if (status === 401 || (status === 403 && authenticate)) {
    return {
      id: 'preflight-rejected-by-auth',
      step: 'preflight',
      title: `The preflight was rejected by authentication (HTTP ${status}): browsers never send credentials on a preflight`,
      explanation:
        'The OPTIONS preflight carries no cookies and no Authorization header, by design, so authentication ' +
        'middleware that runs before CORS refuses it. Answer preflights before authentication: mount the ' +
        'CORS middleware first (corskit ends preflights itself), or exempt OPTIONS requests that carry ' +
        'Access-Control-Request-Method from the auth check.',
    };
  }
  if (status === 403) {
    return {
      id: 'preflight-forbidden',
      step: 'preflight',
      title: 'The preflight was refused with 403 and no CORS headers',
      explanation:
        'Either the CORS policy refused this origin, method or request headers (corskit and most CORS ' +
        'middleware answer a refused preflight with 403), or an authorization/WAF layer in front of it ' +
        'refused the OPTIONS request. Check that the origin, the method and every requested header are allowed.',
    };
  }
  if (status >= 400) {
    return {
      id: 'preflight-not-handled',
      step: 'preflight',
      title: `The preflight got HTTP ${status}: the server does not answer OPTIONS for this path`,
      explanation:
        `OPTIONS ${step.request.url} ended in ${status} without CORS headers: no route handles OPTIONS here ` +
        '(404/405) or the handler failed (5xx). Answer preflights for every path the CORS policy covers, ' +
        'before routing: the CORS middleware must see OPTIONS first.',
    };
  }
  return null;
}

function redirectedPreflight(step: ExchangeStep, response: WireResponse): Trap {
  const location = headerValue(response.headers, 'location');
  const from = new URL(step.request.url);
  let target: URL | null = null;
  try {
    target = location ? new URL(location, from) : null;
  } catch {
    target = null;
  }
  const base = {
    id: 'preflight-redirected' as const,
    step: 'preflight' as const,
  };
  const rest =
    'Browsers never follow a redirect of a preflight: the request fails even if the target would allow it.';
  if (target && from.protocol === 'http:' && target.protocol === 'https:' && from.host === target.host) {
    return {
      ...base,
      title: `The preflight was redirected from HTTP to HTTPS (${response.status})`,
      explanation: `${rest} Call ${target.href} directly: change the URL in the page's code (or its API base URL) to https.`,
    };
  }
  if (target && sameExceptTrailingSlash(from, target)) {
    return {
      ...base,
      title: `The preflight was redirected to add or remove a trailing slash (${response.status})`,
      explanation: `${rest} Call ${target.href} exactly (the server's canonical path), or stop redirecting OPTIONS requests.`,
    };
  }
  return {
    ...base,
    title: `The preflight was redirected (${response.status}${location ? ` to ${location}` : ''})`,
    explanation: `${rest} Call the final URL directly, or answer the preflight at this URL without redirecting.`,
  };
}

function sameExceptTrailingSlash(a: URL, b: URL): boolean {
  if (a.origin !== b.origin || a.search !== b.search || a.pathname === b.pathname) return false;
  return a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '');
}

function multipleAllowOrigin(step: ExchangeStep, response: WireResponse): Trap | null {
  const values = headerValues(response.headers, 'access-control-allow-origin');
  if (values.length < 2 && !values.some((v) => v.includes(','))) return null;
  const apache = apacheTwoTables(response);
  if (apache)
    return {
      id: 'multiple-allow-origin',
      step: step.kind,
      title: `Two Access-Control-Allow-Origin values (${values.join(' | ')}): Apache's \`Header set\` and \`Header always set\` both add it`,
      explanation: apache,
    };
  return {
    id: 'multiple-allow-origin',
    step: step.kind,
    title: `Two Access-Control-Allow-Origin values (${values.join(' | ')}): typically the app and a proxy both add it`,
    explanation:
      'A browser accepts exactly one origin value. Let one layer own CORS: remove the header from the app, ' +
      'or hide the upstream one at the proxy (nginx `proxy_hide_header Access-Control-Allow-Origin;`, ' +
      'Apache `Header unset Access-Control-Allow-Origin` before setting it, Caddy `header_down -Access-Control-Allow-Origin`).',
  };
}

function wildcardWithCredentials(
  diagnosis: Diagnosis,
  step: ExchangeStep,
  response: WireResponse,
): Trap | null {
  if (diagnosis.request.credentials !== 'include') return null;
  const values = headerValues(response.headers, 'access-control-allow-origin');
  if (values.length !== 1 || values[0]!.trim() !== '*') return null;
  return {
    id: 'wildcard-with-credentials',
    step: step.kind,
    title: '`Access-Control-Allow-Origin: *` cannot be used with credentials',
    explanation:
      'With credentials (cookies, HTTP auth, `credentials: "include"`), browsers ignore the wildcard: the ' +
      'server must echo the exact origin of each allowed page, send `Access-Control-Allow-Credentials: true` ' +
      'and `Vary: Origin`. Never echo every origin: list the trusted ones.',
  };
}
