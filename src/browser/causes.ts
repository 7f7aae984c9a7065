// Plain-language causes per code: what went wrong, what to look at first, and what the fix does.
// Texts take the details of the failure (status, header value, method, header name) when known,
// so the doctor and `explain` can say "your server answered 401 without CORS headers", not just
// "a header is missing".
import type { CorsErrorCode } from './types.js';

export interface CauseDetails {
  readonly origin?: string;
  readonly url?: string;
  readonly status?: number | null;
  /** The offending header value (Access-Control-Allow-Origin/-Credentials) or list token. */
  readonly value?: string;
  readonly method?: string;
  readonly header?: string;
  readonly preflight?: boolean;
  readonly credentials?: boolean;
}

export interface CauseText {
  readonly title: string;
  readonly cause: string;
  readonly whatToCheck: readonly string[];
  readonly fix: string;
}

const ORIGIN = (d: CauseDetails) => (d.origin ? `'${d.origin}'` : "the page's origin");
const isErrorStatus = (status: number | null | undefined) => typeof status === 'number' && status >= 400;

/** What an error status is, in words: a 401 is not a server error. */
function statusWords(status: number): string {
  if (status >= 500) return 'a server error';
  if (status === 401) return 'authentication (a missing or expired session or token)';
  if (status === 403) return 'a refusal (permissions, a WAF, or the CORS policy itself)';
  if (status === 404) return 'a wrong URL or route';
  return `the request itself (HTTP ${status})`;
}

type Explainer = (d: CauseDetails) => CauseText;

export const CAUSES: Readonly<Record<CorsErrorCode, Explainer>> = {
  CORSMissingAllowOrigin: (d) => ({
    title: "CORS header 'Access-Control-Allow-Origin' missing",
    cause: isErrorStatus(d.status)
      ? `The server answered ${d.status} without any CORS headers. The real problem is ${statusWords(d.status as number)}: your error path (auth middleware, error handler, proxy error page) drops the CORS headers, so the browser reports CORS instead of the ${d.status}.`
      : d.preflight
        ? "The server answered the preflight (OPTIONS) without 'Access-Control-Allow-Origin': nothing on it handles CORS preflights, or the OPTIONS route never reaches the CORS code."
        : "The response has no 'Access-Control-Allow-Origin' header, so the browser will not let the page read it. The server does not do CORS for this route, or not for this origin.",
    whatToCheck: [
      isErrorStatus(d.status)
        ? `Fix the ${d.status} first (look at the server log for this request), then make sure error responses carry the CORS headers too (nginx: add_header … always; Apache: Header always set).`
        : 'Is the CORS middleware registered before the route (and before auth) for this path and method?',
      `Does the server allow ${d.origin ? `the origin '${d.origin}'` : "the page's origin"}? A refused origin gets no CORS headers at all.`,
      'Is a proxy or CDN in front stripping the header or caching a response made for another origin (missing Vary: Origin)?',
    ],
    fix: `Send 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}' on every response to this origin, error responses included.`,
  }),
  CORSMultipleAllowOriginNotAllowed: (d) => ({
    title: "Multiple 'Access-Control-Allow-Origin' values",
    cause: `The response carries more than one 'Access-Control-Allow-Origin' value${d.value ? ` ('${d.value}')` : ''}. Typically the application and a proxy (nginx, a gateway, a CDN) both add it, or the server lists several origins in one header — the header takes exactly one origin or '*'.`,
    whatToCheck: [
      'Which layers add CORS headers? Keep exactly one: the app or the proxy.',
      'Never send a comma-separated list of origins: reflect the one request Origin that is allowed.',
    ],
    fix: 'Send one Access-Control-Allow-Origin line with one value: the request origin (or *).',
  }),
  CORSAllowOriginNotMatchingOrigin: (d) => ({
    title: "'Access-Control-Allow-Origin' does not match the origin",
    cause:
      d.value === 'null' || d.origin === 'null'
        ? `The header says '${d.value ?? ''}' but the request's origin is ${ORIGIN(d)}. After a redirect to another origin the browser sends 'Origin: null', so a server that echoes a fixed origin no longer matches.`
        : `The header allows '${d.value ?? ''}', not ${ORIGIN(d)}. Origins must match exactly: scheme, host and port, no trailing slash, no path, lower-case.`,
    whatToCheck: [
      'Compare the value byte for byte with the page origin (http vs https, www, port, trailing slash).',
      'Is a cache serving a response made for another origin? Responses that vary by origin need Vary: Origin.',
      'Did a redirect to another origin happen? Then the origin is null.',
    ],
    fix: `Reflect the request's Origin when it is allowed: 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}'.`,
  }),
  CORSInvalidAllowOrigin: (d) => ({
    title: "Invalid 'Access-Control-Allow-Origin' value",
    cause: `'${d.value ?? ''}' is not an origin (nor '*' or 'null'): patterns such as '*.example.com', bare host names and empty values are not understood by browsers.`,
    whatToCheck: [
      'Where does the value come from? A config pattern copied into the header, or an empty variable?',
    ],
    fix: `Match the pattern on the server and send the concrete origin: 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}'.`,
  }),
  CORSNotSupportingCredentials: (d) => ({
    title: "Credentials are not supported with 'Access-Control-Allow-Origin: *'",
    cause: `The page sends credentials (cookies, HTTP auth: credentials: 'include' / withCredentials) and the server answers 'Access-Control-Allow-Origin: *'. With credentials the wildcard is refused: the server must name the origin${d.preflight ? ' (here on the preflight response)' : ''}.`,
    whatToCheck: [
      "Does the page really need cookies? If not, drop credentials: 'include' and '*' works.",
      'If it does, the server must echo the allowed origin and send Access-Control-Allow-Credentials: true, and Vary: Origin.',
    ],
    fix: `Send 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}', 'Access-Control-Allow-Credentials: true' and 'Vary: Origin'.`,
  }),
  CORSMissingAllowCredentials: (d) => ({
    title: "Expected 'true' in 'Access-Control-Allow-Credentials'",
    cause: `The request carries credentials, so the response must say 'Access-Control-Allow-Credentials: true' — exactly 'true', lower-case. It says ${d.value ? `'${d.value}'` : 'nothing'}.`,
    whatToCheck: [
      "Is credentials enabled in the server's CORS settings?",
      "Is the value exactly 'true' (not 'True', '1', or sent twice)?",
    ],
    fix: "Send 'Access-Control-Allow-Credentials: true' on the preflight and on the actual response.",
  }),
  CORSMethodNotFound: (d) => ({
    title: "Method not found in 'Access-Control-Allow-Methods'",
    cause: `The preflight answer does not list ${d.method ? `'${d.method}'` : 'the method'} in 'Access-Control-Allow-Methods'. The list is case-sensitive ('put' does not allow PUT), and '*' does not count when credentials are sent.`,
    whatToCheck: [
      'Which methods does the CORS configuration allow?',
      'Is the method spelled in upper case in the list?',
    ],
    fix: `Send 'Access-Control-Allow-Methods: ${d.method ?? '<METHOD>'}' (or a list that contains it) on the preflight.`,
  }),
  CORSMissingAllowHeaderFromPreflight: (d) => ({
    title: "Header not allowed by 'Access-Control-Allow-Headers'",
    cause: `The page sends the request header ${d.header ? `'${d.header}'` : 'a header'}, which is not CORS-safelisted, and the preflight answer does not list it in 'Access-Control-Allow-Headers'.${d.header === 'content-type' ? " 'Content-Type: application/json' is not safelisted: only text/plain, multipart/form-data and application/x-www-form-urlencoded are." : ''}`,
    whatToCheck: [
      'Which headers does the page set (Authorization, Content-Type: application/json, custom X- headers)?',
      "Does the server's allowed-headers list contain them? '*' does not count when credentials are sent.",
    ],
    fix: `Send 'Access-Control-Allow-Headers: ${d.header ?? '<header>'}' (every header the page sends) on the preflight.`,
  }),
  CORSPreflightDidNotSucceed: (d) => ({
    title: 'CORS preflight response did not succeed',
    cause: `The preflight (OPTIONS) got status ${d.status ?? 'non-2xx'}; browsers need a 2xx. Typically authentication middleware rejects the OPTIONS request (browsers never send credentials on a preflight), or the route has no OPTIONS handler.`,
    whatToCheck: [
      'Is OPTIONS answered before authentication, routing and method checks?',
      'Does the framework return 404/405 for OPTIONS on this path?',
    ],
    fix: 'Answer the preflight with 204 (or 200) and the CORS headers, before any auth.',
  }),
  CORSInvalidAllowMethod: (d) => ({
    title: "Invalid token in 'Access-Control-Allow-Methods'",
    cause: `'Access-Control-Allow-Methods' contains '${d.value ?? ''}', which is not a method name. The list is comma-separated; spaces alone do not separate.`,
    whatToCheck: ['Look for spaces instead of commas, or quotes, in the configured list.'],
    fix: "Send a comma-separated list: 'Access-Control-Allow-Methods: GET, POST, PUT'.",
  }),
  CORSInvalidAllowHeader: (d) => ({
    title: "Invalid token in 'Access-Control-Allow-Headers'",
    cause: `'Access-Control-Allow-Headers' contains '${d.value ?? ''}', which is not a header name. The list is comma-separated; spaces alone do not separate.`,
    whatToCheck: ['Look for spaces instead of commas, or quotes, in the configured list.'],
    fix: "Send a comma-separated list: 'Access-Control-Allow-Headers: content-type, authorization'.",
  }),
  CORSExternalRedirectNotAllowed: () => ({
    title: 'Redirect of a CORS preflight',
    cause:
      'The preflight (OPTIONS) was answered with a redirect. Browsers never follow a redirect of a preflight. Typical causes: HTTP→HTTPS, a missing or extra trailing slash, a login redirect.',
    whatToCheck: [
      'Request the final URL directly (https, the exact path with or without trailing slash).',
      'Make sure OPTIONS is answered before redirect rules.',
    ],
    fix: 'Call the final URL, or answer OPTIONS on this URL with 204 and the CORS headers instead of redirecting.',
  }),
  CORSDidNotSucceed: (d) => ({
    title: 'CORS request did not succeed',
    cause: `The request never got an HTTP response${d.url ? ` from ${d.url}` : ''}: the connection was refused or reset, the name did not resolve, TLS failed, or a redirect was refused. This is a network failure, not a header problem.`,
    whatToCheck: [
      'Is the server running and reachable at this URL from the browser (port, host, https certificate)?',
      'Did a previous line (a preflight failure) explain it? Firefox prints this after every failed preflight.',
    ],
    fix: 'Make the server reachable; then look at the CORS headers.',
  }),
  CORSRequestNotHttp: (d) => ({
    title: 'CORS request not HTTP',
    cause: `CORS works only for http and https URLs${d.url ? `; ${d.url} is not one` : ''}. Pages opened from file:// cannot fetch other files either.`,
    whatToCheck: ['Serve the page and the API over http(s), e.g. with a local web server.'],
    fix: 'Use an http(s) URL.',
  }),
  CORSDisabled: () => ({
    title: 'CORS disabled',
    cause:
      'The browser has CORS turned off (content.cors.disable in Firefox), so every cross-origin request is blocked.',
    whatToCheck: ['Reset the browser setting.'],
    fix: 'Re-enable CORS in the browser.',
  }),
  CORSRedirectContainsCredentials: () => ({
    title: 'Redirect location contains credentials',
    cause:
      'A cross-origin redirect pointed at a URL with a user name or password (https://user:pass@host/…); browsers refuse to follow it.',
    whatToCheck: ['Look at the Location header of the redirect.'],
    fix: 'Redirect to a URL without credentials; authenticate with headers instead.',
  }),
  CORSPrivateNetworkNotAllowed: () => ({
    title: 'Private network access not allowed',
    cause:
      'A page from a more public address space asked for a more private one (public → private/local) and the preflight did not answer Access-Control-Allow-Private-Network: true.',
    whatToCheck: ['Does the server answer the preflight with Access-Control-Allow-Private-Network: true?'],
    fix: "Answer the preflight with 'Access-Control-Allow-Private-Network: true' (corskit: privateNetwork: true).",
  }),
};

export function explainCode(code: CorsErrorCode, details: CauseDetails = {}): CauseText {
  return CAUSES[code](details);
}
