// Expands the compact description below into conformance/scenarios/cases.json, the checked-in
// scenario matrix. The JSON is the source of truth the harness reads; rerun this file
// (`node --import tsx conformance/scenarios/generate.ts`) after editing it and check both in.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Header, Reply, Scenario, ScenarioRequest, Step } from '../scenario.js';

const scenarios: Scenario[] = [];

function add(scenario: Omit<Scenario, 'page' | 'target'> & Partial<Pick<Scenario, 'page' | 'target'>>): void {
  if (scenarios.some((s) => s.id === scenario.id)) throw new Error(`duplicate scenario id ${scenario.id}`);
  if (!/^[a-z0-9._-]+$/.test(scenario.id)) throw new Error(`bad scenario id ${scenario.id}`);
  scenarios.push({ page: 'page', target: 'api', ...scenario });
}

const reply = (status: number, headers: Header[] = []): Reply => ({ status, headers });
const ACAO = (value: string): Header => ['Access-Control-Allow-Origin', value];
const ACAC = (value: string): Header => ['Access-Control-Allow-Credentials', value];
const ACAM = (value: string): Header => ['Access-Control-Allow-Methods', value];
const ACAH = (value: string): Header => ['Access-Control-Allow-Headers', value];
const ACEH = (value: string): Header => ['Access-Control-Expose-Headers', value];
const TEXT: Header = ['Content-Type', 'text/plain'];

/** A correct answer for the request's credentials mode. */
function corsFor(credentials: ScenarioRequest['credentials']): Header[] {
  return credentials === 'include' ? [ACAO('{page}'), ACAC('true')] : [ACAO('*')];
}

const creds = ['omit', 'include'] as const;

// ---------------------------------------------------------------------------------------------
// 1. Access-Control-Allow-Origin variants, on a simple GET and on a preflight.
const acaoVariants: Array<[string, Header[]]> = [
  ['missing', []],
  ['star', [ACAO('*')]],
  ['exact', [ACAO('{page}')]],
  ['other-port', [ACAO('{other}')]],
  ['other-host', [ACAO('http://example.com')]],
  ['list-comma', [ACAO('{page}, {other}')]],
  ['list-comma-same', [ACAO('{page}, {page}')]],
  ['two-headers', [ACAO('{page}'), ACAO('{other}')]],
  ['two-headers-same', [ACAO('{page}'), ACAO('{page}')]],
  // Firefox counts only lines spelled exactly `Access-Control-Allow-Origin` as "multiple".
  ['two-headers-one-lower', [ACAO('{page}'), ['access-control-allow-origin', '{other}']]],
  [
    'two-headers-upper',
    [
      ['ACCESS-CONTROL-ALLOW-ORIGIN', '{page}'],
      ['ACCESS-CONTROL-ALLOW-ORIGIN', '{other}'],
    ],
  ],
  ['star-and-origin', [ACAO('*'), ACAO('{page}')]],
  ['star-star', [ACAO('*, *')]],
  ['null', [ACAO('null')]],
  ['trailing-slash', [ACAO('{page}/')]],
  ['upper-case', [ACAO('{PAGE}')]],
  ['no-port', [ACAO('http://127.0.0.1')]],
  ['https', [ACAO('https://{pageHost}')]],
  ['empty', [ACAO('')]],
  ['padded', [ACAO('  {page}  ')]],
  ['quoted', [ACAO('"{page}"')]],
  ['with-path', [ACAO('{page}/path')]],
];
for (const [name, headers] of acaoVariants) {
  for (const credentials of creds) {
    const acac = credentials === 'include' ? [ACAC('true')] : [];
    add({
      id: `acao-${name}-get-${credentials}`,
      group: 'acao',
      title: `GET, credentials ${credentials}, response ACAO ${name}`,
      request: { credentials },
      steps: [{ actual: reply(200, [TEXT, ...headers, ...acac]) }],
    });
    add({
      id: `acao-${name}-preflight-${credentials}`,
      group: 'acao',
      title: `PUT, credentials ${credentials}, preflight ACAO ${name} (actual response correct)`,
      request: { method: 'PUT', credentials },
      steps: [
        {
          preflight: reply(204, [...headers, ...acac, ACAM('PUT')]),
          actual: reply(200, [TEXT, ...corsFor(credentials)]),
        },
      ],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Access-Control-Allow-Credentials variants with credentials "include" and the exact origin.
const acacVariants: Array<[string, Header[]]> = [
  ['missing', []],
  ['true', [ACAC('true')]],
  ['capital-true', [ACAC('True')]],
  ['upper-true', [ACAC('TRUE')]],
  ['trailing-space', [ACAC('true ')]],
  ['leading-space', [ACAC(' true')]],
  ['quoted', [ACAC('"true"')]],
  ['false', [ACAC('false')]],
  ['one', [ACAC('1')]],
  ['empty', [ACAC('')]],
  ['two-headers', [ACAC('true'), ACAC('true')]],
  ['list', [ACAC('true, true')]],
  ['trailing-comma', [ACAC('true,')]],
];
for (const [name, headers] of acacVariants) {
  add({
    id: `acac-${name}-get`,
    group: 'acac',
    title: `GET with credentials, response ACAC ${name}`,
    request: { credentials: 'include' },
    steps: [{ actual: reply(200, [TEXT, ACAO('{page}'), ...headers]) }],
  });
  add({
    id: `acac-${name}-preflight`,
    group: 'acac',
    title: `PUT with credentials, preflight ACAC ${name} (actual response correct)`,
    request: { method: 'PUT', credentials: 'include' },
    steps: [
      {
        preflight: reply(204, [ACAO('{page}'), ...headers, ACAM('PUT')]),
        actual: reply(200, [TEXT, ACAO('{page}'), ACAC('true')]),
      },
    ],
  });
  add({
    id: `acac-${name}-after-preflight`,
    group: 'acac',
    title: `PUT with credentials, good preflight, actual response ACAC ${name}`,
    request: { method: 'PUT', credentials: 'include' },
    steps: [
      {
        preflight: reply(204, [ACAO('{page}'), ACAC('true'), ACAM('PUT')]),
        actual: reply(200, [TEXT, ACAO('{page}'), ...headers]),
      },
    ],
  });
}
for (const [name, headers] of acacVariants.filter(([n]) =>
  ['missing', 'capital-true', 'false'].includes(n),
)) {
  add({
    id: `acac-${name}-get-omit`,
    group: 'acac',
    title: `GET without credentials, response ACAC ${name} (ignored)`,
    request: { credentials: 'omit' },
    steps: [{ actual: reply(200, [TEXT, ACAO('{page}'), ...headers]) }],
  });
  add({
    id: `acac-${name}-get-same-origin-mode`,
    group: 'acac',
    title: `GET, credentials same-origin (cross-origin: not sent), response ACAC ${name}`,
    request: { credentials: 'same-origin' },
    steps: [{ actual: reply(200, [TEXT, ACAO('{page}'), ...headers]) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Actual-response status codes, with and without CORS headers.
for (const status of [
  200, 201, 202, 203, 204, 299, 300, 400, 401, 403, 404, 405, 410, 429, 500, 501, 502, 503,
]) {
  add({
    id: `status-${status}-with-acao`,
    group: 'status',
    title: `GET answered ${status} with ACAO *`,
    request: {},
    steps: [{ actual: reply(status, [TEXT, ACAO('*')]) }],
  });
}
for (const status of [200, 204, 400, 401, 403, 404, 500, 503]) {
  add({
    id: `status-${status}-without-cors`,
    group: 'status',
    title: `GET answered ${status} without CORS headers`,
    request: {},
    steps: [{ actual: reply(status, [TEXT]) }],
  });
  add({
    id: `status-${status}-without-cors-after-preflight`,
    group: 'status',
    title: `PUT, good preflight, actual answered ${status} without CORS headers`,
    request: { method: 'PUT' },
    steps: [{ preflight: reply(204, [ACAO('*'), ACAM('PUT')]), actual: reply(status, [TEXT]) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Preflight status codes.
const goodPreflight: Header[] = [ACAO('*'), ACAM('PUT')];
for (const status of [200, 201, 202, 204, 206, 299, 300, 400, 401, 403, 404, 405, 409, 500, 501, 502, 503]) {
  add({
    id: `preflight-status-${status}`,
    group: 'preflight-status',
    title: `PUT, preflight answered ${status} with correct CORS headers`,
    request: { method: 'PUT' },
    steps: [{ preflight: reply(status, goodPreflight), actual: reply(200, [TEXT, ACAO('*')]) }],
  });
}
for (const status of [301, 302, 303, 307, 308]) {
  add({
    id: `preflight-redirect-${status}`,
    group: 'preflight-status',
    title: `PUT, preflight answered ${status} redirect (same origin) with CORS headers`,
    request: { method: 'PUT' },
    steps: [
      {
        preflight: reply(status, [...goodPreflight, ['Location', '{api}{self}/s1']]),
        actual: reply(200, [TEXT, ACAO('*')]),
      },
      { preflight: reply(204, goodPreflight), actual: reply(200, [TEXT, ACAO('*')]) },
    ],
  });
}
for (const status of [401, 403, 404, 405, 500]) {
  add({
    id: `preflight-status-${status}-without-cors`,
    group: 'preflight-status',
    title: `PUT, preflight answered ${status} without CORS headers`,
    request: { method: 'PUT' },
    steps: [{ preflight: reply(status, [TEXT]), actual: reply(200, [TEXT, ACAO('*')]) }],
  });
}
for (const status of [401, 403]) {
  add({
    id: `preflight-status-${status}-credentialed`,
    group: 'preflight-status',
    title: `PUT with credentials, preflight answered ${status} with correct CORS headers (a preflight never carries credentials)`,
    request: { method: 'PUT', credentials: 'include' },
    steps: [
      {
        preflight: reply(status, [ACAO('{page}'), ACAC('true'), ACAM('PUT')]),
        actual: reply(200, [TEXT, ACAO('{page}'), ACAC('true')]),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Access-Control-Allow-Methods.
const acamVariants: Array<[string, Header[]]> = [
  ['missing', []],
  ['exact', [ACAM('PUT')]],
  ['lower-case', [ACAM('put')]],
  ['others', [ACAM('GET, POST')]],
  ['list', [ACAM('GET, PUT')]],
  ['list-no-space', [ACAM('GET,PUT,DELETE')]],
  ['padded', [ACAM('  PUT  ')]],
  ['star', [ACAM('*')]],
  ['star-and-put', [ACAM('*, PUT')]],
  ['trailing-comma', [ACAM('PUT,')]],
  ['leading-comma', [ACAM(',PUT')]],
  ['empty-element', [ACAM('GET,,PUT')]],
  ['space-separated', [ACAM('GET PUT')]],
  ['semicolon', [ACAM('PUT;')]],
  ['parenthesised', [ACAM('(PUT)')]],
  ['invalid-token-elsewhere', [ACAM('PUT, G@T')]],
  ['two-headers', [ACAM('GET'), ACAM('PUT')]],
  ['empty', [ACAM('')]],
];
for (const [name, headers] of acamVariants) {
  for (const credentials of creds) {
    add({
      id: `acam-${name}-put-${credentials}`,
      group: 'acam',
      title: `PUT, credentials ${credentials}, preflight ACAM ${name}`,
      request: { method: 'PUT', credentials },
      steps: [
        {
          preflight: reply(204, [...corsFor(credentials), ...headers]),
          actual: reply(200, [TEXT, ...corsFor(credentials)]),
        },
      ],
    });
  }
}
const methodCases: Array<[string, string, string | null]> = [
  ['delete', 'DELETE', 'DELETE'],
  ['delete-lower', 'delete', 'DELETE'],
  ['patch', 'PATCH', 'PATCH'],
  ['patch-lower-acam-upper', 'patch', 'PATCH'],
  ['patch-lower-acam-lower', 'patch', 'patch'],
  ['patch-upper-acam-lower', 'PATCH', 'patch'],
  ['custom', 'FOO', 'FOO'],
  ['custom-lower-acam-upper', 'foo', 'FOO'],
  ['options', 'OPTIONS', 'OPTIONS'],
  ['put-lower-acam-upper', 'put', 'PUT'],
  ['post-with-header-no-acam', 'POST', null],
  ['get-with-header-no-acam', 'GET', null],
];
for (const [name, method, allowed] of methodCases) {
  const needsHeader = allowed === null;
  add({
    id: `method-${name}`,
    group: 'acam',
    title: `${method} request, preflight ACAM ${allowed ?? 'absent'}${needsHeader ? ' (X-Custom header, allowed)' : ''}`,
    request: { method, ...(needsHeader ? { headers: { 'X-Custom': 'a' } } : {}) },
    steps: [
      {
        preflight: reply(204, [
          ACAO('*'),
          ...(allowed ? [ACAM(allowed)] : []),
          ...(needsHeader ? [ACAH('x-custom')] : []),
        ]),
        actual: reply(200, [TEXT, ACAO('*')]),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 6. Access-Control-Allow-Headers.
const acahVariants: Array<[string, Header[]]> = [
  ['missing', []],
  ['exact', [ACAH('x-custom')]],
  ['mixed-case', [ACAH('X-Custom')]],
  ['other', [ACAH('x-other')]],
  ['list', [ACAH('x-other, x-custom')]],
  ['list-no-space', [ACAH('x-custom,x-other')]],
  ['star', [ACAH('*')]],
  ['star-and-name', [ACAH('*, x-custom')]],
  ['trailing-comma', [ACAH('x-custom,')]],
  ['semicolon', [ACAH('x-custom;')]],
  ['space-inside', [ACAH('x custom')]],
  ['two-headers', [ACAH('x-other'), ACAH('x-custom')]],
  ['empty', [ACAH('')]],
];
for (const [name, headers] of acahVariants) {
  for (const credentials of creds) {
    add({
      id: `acah-${name}-${credentials}`,
      group: 'acah',
      title: `GET with X-Custom, credentials ${credentials}, preflight ACAH ${name}`,
      request: { headers: { 'X-Custom': 'a' }, credentials },
      steps: [
        {
          preflight: reply(204, [...corsFor(credentials), ...headers]),
          actual: reply(200, [TEXT, ...corsFor(credentials)]),
        },
      ],
    });
  }
}
const authorizationVariants: Array<[string, Header[]]> = [
  ['star', [ACAH('*')]],
  ['explicit', [ACAH('authorization')]],
  ['explicit-capital', [ACAH('Authorization')]],
  ['star-and-authorization', [ACAH('*, authorization')]],
  ['missing', []],
];
for (const [name, headers] of authorizationVariants) {
  for (const credentials of creds) {
    add({
      id: `authorization-${name}-${credentials}`,
      group: 'acah',
      title: `GET with Authorization, credentials ${credentials}, preflight ACAH ${name}`,
      request: { headers: { Authorization: 'Bearer t' }, credentials },
      steps: [
        {
          preflight: reply(204, [...corsFor(credentials), ...headers]),
          actual: reply(200, [TEXT, ...corsFor(credentials)]),
        },
      ],
    });
  }
}
const multiHeader: Array<[string, Record<string, string>, Header[]]> = [
  ['two-one-allowed', { 'X-A': '1', 'X-B': '2' }, [ACAH('x-a')]],
  ['two-both-allowed', { 'X-A': '1', 'X-B': '2' }, [ACAH('x-b, x-a')]],
  ['two-second-allowed', { 'X-A': '1', 'X-B': '2' }, [ACAH('x-b')]],
  ['json-no-acah', { 'Content-Type': 'application/json' }, []],
  ['json-content-type-allowed', { 'Content-Type': 'application/json' }, [ACAH('content-type')]],
  ['json-and-custom-one-allowed', { 'Content-Type': 'application/json', 'X-A': '1' }, [ACAH('content-type')]],
  ['star-with-authorization-and-custom', { Authorization: 'Bearer t', 'X-A': '1' }, [ACAH('*')]],
];
for (const [name, headers, allow] of multiHeader) {
  add({
    id: `headers-${name}`,
    group: 'acah',
    title: `POST with ${Object.keys(headers).join(', ')}, preflight ACAH ${allow.map(([, v]) => v).join(' | ') || 'absent'}`,
    request: { method: 'POST', headers, body: '{}' },
    steps: [{ preflight: reply(204, [ACAO('*'), ...allow]), actual: reply(200, [TEXT, ACAO('*')]) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 7. Preflight OK, actual response wrong.
const afterPreflight: Array<[string, Header[]]> = [
  ['missing-acao', [TEXT]],
  ['wrong-origin', [TEXT, ACAO('{other}')]],
  ['two-origins', [TEXT, ACAO('{page}'), ACAO('{other}')]],
  ['null', [TEXT, ACAO('null')]],
];
for (const [name, headers] of afterPreflight) {
  add({
    id: `after-preflight-${name}`,
    group: 'after-preflight',
    title: `PUT, good preflight, actual response ${name}`,
    request: { method: 'PUT' },
    steps: [{ preflight: reply(204, [ACAO('*'), ACAM('PUT')]), actual: reply(200, headers) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 8. Redirects.
const star = [TEXT, ACAO('*')];
for (const status of [301, 302, 303, 307, 308]) {
  add({
    id: `redirect-${status}-same-origin-ok`,
    group: 'redirect',
    title: `GET redirected ${status} within the API origin, every hop ACAO *`,
    request: {},
    steps: [
      { actual: reply(status, [ACAO('*'), ['Location', '{api}{self}/s1']]) },
      { actual: reply(200, star) },
    ],
  });
  add({
    id: `redirect-${status}-cross-origin-star`,
    group: 'redirect',
    title: `GET redirected ${status} to another origin, final ACAO *`,
    request: {},
    steps: [
      { actual: reply(status, [ACAO('*'), ['Location', '{other}{self}/s1']]) },
      { actual: reply(200, star) },
    ],
  });
}
const crossFinal: Array<[string, Header[], ScenarioRequest['credentials']]> = [
  ['page-origin', [TEXT, ACAO('{page}')], 'omit'],
  ['null', [TEXT, ACAO('null')], 'omit'],
  ['missing', [TEXT], 'omit'],
  ['null-credentialed', [TEXT, ACAO('null'), ACAC('true')], 'include'],
  ['page-origin-credentialed', [TEXT, ACAO('{page}'), ACAC('true')], 'include'],
  ['star-credentialed', [TEXT, ACAO('*'), ACAC('true')], 'include'],
];
for (const [name, headers, credentials] of crossFinal) {
  add({
    id: `redirect-cross-origin-final-${name}`,
    group: 'redirect',
    title: `GET (${credentials}) redirected 302 to another origin (origin becomes null), final response ${name}`,
    request: { credentials },
    steps: [
      { actual: reply(302, [...corsFor(credentials), ['Location', '{other}{self}/s1']]) },
      { actual: reply(200, headers) },
    ],
  });
}
const hopVariants: Array<[string, Header[]]> = [
  ['hop-missing-acao', []],
  ['hop-wrong-origin', [ACAO('{other}')]],
];
for (const [name, headers] of hopVariants) {
  add({
    id: `redirect-${name}`,
    group: 'redirect',
    title: `GET redirected 302 within the API origin; the redirect response has ${name.replace('hop-', '')}`,
    request: {},
    steps: [
      { actual: reply(302, [...headers, ['Location', '{api}{self}/s1']]) },
      { actual: reply(200, star) },
    ],
  });
}
add({
  id: 'redirect-final-missing-acao',
  group: 'redirect',
  title: 'GET redirected 302 within the API origin; the final response has no ACAO',
  request: {},
  steps: [
    { actual: reply(302, [ACAO('*'), ['Location', '{api}{self}/s1']]) },
    { actual: reply(200, [TEXT]) },
  ],
});
const toPage: Array<[string, Header[]]> = [
  ['star', [TEXT, ACAO('*')]],
  ['page-origin', [TEXT, ACAO('{page}')]],
  ['null', [TEXT, ACAO('null')]],
  ['missing', [TEXT]],
];
for (const [name, headers] of toPage) {
  add({
    id: `redirect-back-to-page-${name}`,
    group: 'redirect',
    title: `GET to the API redirected 302 back to the page's origin; final response ${name}`,
    request: {},
    steps: [
      { actual: reply(302, [ACAO('*'), ['Location', '{page}{self}/s1']]) },
      { actual: reply(200, headers) },
    ],
  });
}
const fromPage: Array<[string, Header[]]> = [
  ['page-origin', [TEXT, ACAO('{page}')]],
  ['null', [TEXT, ACAO('null')]],
  ['missing', [TEXT]],
];
for (const [name, headers] of fromPage) {
  add({
    id: `redirect-from-page-to-api-${name}`,
    group: 'redirect',
    target: 'page',
    title: `Same-origin GET redirected 302 to the API origin; final response ${name}`,
    request: {},
    steps: [{ actual: reply(302, [['Location', '{api}{self}/s1']]) }, { actual: reply(200, headers) }],
  });
}
add({
  id: 'redirect-page-to-page',
  group: 'redirect',
  target: 'page',
  title: 'Same-origin GET redirected 302 within the page origin, no CORS headers anywhere',
  request: {},
  steps: [{ actual: reply(302, [['Location', '{page}{self}/s1']]) }, { actual: reply(200, [TEXT]) }],
});
add({
  id: 'redirect-mode-error',
  group: 'redirect',
  title: 'GET with redirect: "error" answered 302',
  request: { redirect: 'error' },
  steps: [{ actual: reply(302, [ACAO('*'), ['Location', '{api}{self}/s1']]) }, { actual: reply(200, star) }],
});
add({
  id: 'redirect-mode-manual',
  group: 'redirect',
  title: 'GET with redirect: "manual" answered 302 (an opaque-redirect response the script cannot read)',
  request: { redirect: 'manual' },
  steps: [{ actual: reply(302, [ACAO('*'), ['Location', '{api}{self}/s1']]) }, { actual: reply(200, star) }],
});
add({
  id: 'redirect-userinfo-same-origin',
  group: 'redirect',
  title: 'GET redirected to the API origin with user:pass@ in the Location',
  request: {},
  steps: [
    { actual: reply(302, [ACAO('*'), ['Location', '{scheme}://user:pass@{apiHost}{self}/s1']]) },
    { actual: reply(200, star) },
  ],
});
add({
  id: 'redirect-userinfo-cross-origin',
  group: 'redirect',
  title: 'GET redirected to another origin with user:pass@ in the Location',
  request: {},
  steps: [
    { actual: reply(302, [ACAO('*'), ['Location', '{scheme}://user:pass@{otherHost}{self}/s1']]) },
    { actual: reply(200, star) },
  ],
});
add({
  id: 'redirect-userinfo-page-to-page',
  group: 'redirect',
  target: 'page',
  title: 'Same-origin GET redirected within the page origin with user:pass@ in the Location',
  request: {},
  steps: [
    { actual: reply(302, [['Location', '{scheme}://user:pass@{pageHost}{self}/s1']]) },
    { actual: reply(200, [TEXT]) },
  ],
});
add({
  id: 'redirect-to-closed-port',
  group: 'redirect',
  title: 'GET redirected 302 to a port nothing listens on',
  request: {},
  steps: [{ actual: reply(302, [ACAO('*'), ['Location', '{closed}{self}/s1']]) }],
});
add({
  id: 'redirect-without-location',
  group: 'redirect',
  title: 'GET answered 302 without Location, with ACAO * (not a redirect: the response itself)',
  request: {},
  steps: [{ actual: reply(302, star) }],
});
add({
  id: 'redirect-loop',
  group: 'redirect',
  title: 'GET redirected 302 to itself forever (each hop ACAO *)',
  request: {},
  steps: [
    { actual: reply(302, [ACAO('*'), ['Location', '{api}{self}/s1']]) },
    { actual: reply(302, [ACAO('*'), ['Location', '{api}{self}/s1']]) },
  ],
});
const preflightedRedirects: Array<[string, number, string, Step]> = [
  [
    'same-origin',
    307,
    '{api}{self}/s1',
    { preflight: reply(204, [ACAO('*'), ACAM('PUT')]), actual: reply(200, star) },
  ],
  [
    'cross-origin-star',
    307,
    '{other}{self}/s1',
    { preflight: reply(204, [ACAO('*'), ACAM('PUT')]), actual: reply(200, star) },
  ],
  [
    'cross-origin-page-origin',
    307,
    '{other}{self}/s1',
    { preflight: reply(204, [ACAO('{page}'), ACAM('PUT')]), actual: reply(200, [TEXT, ACAO('{page}')]) },
  ],
  ['cross-origin-no-preflight-handler', 307, '{other}{self}/s1', { actual: reply(200, star) }],
  [
    '308-same-origin',
    308,
    '{api}{self}/s1',
    { preflight: reply(204, [ACAO('*'), ACAM('PUT')]), actual: reply(200, star) },
  ],
];
for (const [name, status, location, second] of preflightedRedirects) {
  add({
    id: `redirect-preflighted-${name}`,
    group: 'redirect',
    title: `PUT, good preflight, actual answered ${status} to ${location.startsWith('{other}') ? 'another origin' : 'the same origin'}; second URL: ${name}`,
    request: { method: 'PUT', body: 'x' },
    steps: [
      {
        preflight: reply(204, [ACAO('*'), ACAM('PUT')]),
        actual: reply(status, [ACAO('*'), ['Location', location]]),
      },
      second,
    ],
  });
}
add({
  id: 'redirect-303-post-json-becomes-get',
  group: 'redirect',
  title:
    'POST application/json, good preflight, actual answered 303: the follow-up GET drops the body and Content-Type',
  request: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
  steps: [
    {
      preflight: reply(204, [ACAO('*'), ACAH('content-type')]),
      actual: reply(303, [ACAO('*'), ['Location', '{api}{self}/s1']]),
    },
    { actual: reply(200, star) },
  ],
});

// A page's Authorization header and a redirect: the standard drops it on a hop that changes
// origin, so a bearer token never reaches the redirect target. The servers record whether each
// request carried it and the harness compares that with the model (`wire` below).
const AUTH_GRANT = [ACAO('*'), ACAH('authorization')];
const authRedirects: Array<[string, string]> = [
  ['cross-origin', '{other}{self}/s1'],
  ['same-origin', '{api}{self}/s1'],
  ['back-to-page', '{page}{self}/s1'],
];
for (const [name, location] of authRedirects) {
  add({
    id: `redirect-auth-${name}`,
    group: 'redirect',
    title: `GET with Authorization, good preflight, answered 302 to ${name.replace(/-/g, ' ')}: does the token follow?`,
    request: { headers: { Authorization: 'Bearer SECRET' } },
    compareWire: true,
    steps: [
      { preflight: reply(204, AUTH_GRANT), actual: reply(302, [...AUTH_GRANT, ['Location', location]]) },
      { preflight: reply(204, AUTH_GRANT), actual: reply(200, [TEXT, ...AUTH_GRANT]) },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 9. Access-Control-Expose-Headers: what the script can read of an allowed response.
const exposed: Array<[string, Header[], ScenarioRequest['credentials']]> = [
  ['missing', [], 'omit'],
  ['one', [ACEH('x-a')], 'omit'],
  ['one-upper', [ACEH('X-A')], 'omit'],
  ['two', [ACEH('x-a, x-b')], 'omit'],
  ['two-headers', [ACEH('x-a'), ACEH('x-b')], 'omit'],
  ['star', [ACEH('*')], 'omit'],
  ['star-credentialed', [ACEH('*')], 'include'],
  ['star-and-name-credentialed', [ACEH('*, x-b')], 'include'],
  ['trailing-comma', [ACEH('x-a,')], 'omit'],
  ['invalid-token', [ACEH('x a, x-b')], 'omit'],
  ['set-cookie', [ACEH('set-cookie, x-a')], 'omit'],
];
for (const [name, headers, credentials] of exposed) {
  add({
    id: `expose-${name}`,
    group: 'expose',
    title: `GET (${credentials}) allowed, response X-A/X-B/Set-Cookie, ACEH ${name}`,
    request: { credentials },
    steps: [
      {
        actual: reply(200, [
          TEXT,
          ...corsFor(credentials),
          ['X-A', 'a'],
          ['X-B', 'b'],
          ['Set-Cookie', 'k=v; Path=/'],
          ['Cache-Control', 'no-store'],
          ...headers,
        ]),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 10. Does the request need a preflight? The server refuses every preflight (403, no CORS
// headers) and allows the actual request, so "readable" means "no preflight was sent".
const refusePreflight: Step = { preflight: reply(403, [TEXT]), actual: reply(200, star) };
const pad = (prefix: string, length: number, fillChar = 'a'): string =>
  prefix + fillChar.repeat(length - prefix.length);
const safelist: Array<[string, ScenarioRequest]> = [
  ['get-plain', {}],
  ['get-lower-case-method', { method: 'get' }],
  ['get-mixed-case-method', { method: 'Get' }],
  ['head', { method: 'HEAD' }],
  ['post-no-content-type', { method: 'POST', body: 'x' }],
  ['post-text-plain', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }],
  [
    'post-text-plain-charset',
    { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: 'x' },
  ],
  [
    'post-text-plain-quoted-charset',
    { method: 'POST', headers: { 'Content-Type': 'text/plain; charset="utf-8"' }, body: 'x' },
  ],
  ['post-text-plain-upper', { method: 'POST', headers: { 'Content-Type': 'TEXT/PLAIN' }, body: 'x' }],
  [
    'post-form-urlencoded',
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
  ],
  [
    'post-multipart',
    { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'x' },
  ],
  ['post-json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }],
  ['post-text-html', { method: 'POST', headers: { 'Content-Type': 'text/html' }, body: 'x' }],
  [
    'post-content-type-list',
    { method: 'POST', headers: { 'Content-Type': 'text/plain, application/json' }, body: 'x' },
  ],
  ['post-content-type-empty', { method: 'POST', headers: { 'Content-Type': '' }, body: 'x' }],
  [
    'post-content-type-unsafe-byte',
    { method: 'POST', headers: { 'Content-Type': 'text/plain; a={b}' }, body: 'x' },
  ],
  [
    'post-content-type-128',
    { method: 'POST', headers: { 'Content-Type': pad('text/plain; a=', 128) }, body: 'x' },
  ],
  [
    'post-content-type-129',
    { method: 'POST', headers: { 'Content-Type': pad('text/plain; a=', 129) }, body: 'x' },
  ],
  ['accept-json', { headers: { Accept: 'application/json' } }],
  ['accept-star', { headers: { Accept: '*/*' } }],
  ['accept-unsafe-quote', { headers: { Accept: 'text/"x"' } }],
  ['accept-unsafe-brace', { headers: { Accept: 'text/{x}' } }],
  ['accept-128', { headers: { Accept: pad('text/', 128) } }],
  ['accept-129', { headers: { Accept: pad('text/', 129) } }],
  ['accept-language-plain', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } }],
  ['accept-language-underscore', { headers: { 'Accept-Language': 'en_US' } }],
  ['accept-language-at', { headers: { 'Accept-Language': 'de@x' } }],
  ['accept-language-128', { headers: { 'Accept-Language': pad('en-', 128) } }],
  ['accept-language-129', { headers: { 'Accept-Language': pad('en-', 129) } }],
  ['content-language-plain', { headers: { 'Content-Language': 'de' } }],
  ['content-language-slash', { headers: { 'Content-Language': 'de/x' } }],
  [
    'all-four-at-128',
    {
      method: 'POST',
      body: 'x',
      headers: {
        Accept: pad('text/', 128),
        'Accept-Language': pad('en-', 128),
        'Content-Language': pad('de-', 128),
        'Content-Type': pad('text/plain; a=', 128),
      },
    },
  ],
  ['range-closed', { headers: { Range: 'bytes=0-99' } }],
  ['range-open', { headers: { Range: 'bytes=100-' } }],
  ['range-suffix', { headers: { Range: 'bytes=-100' } }],
  ['range-multiple', { headers: { Range: 'bytes=0-1,2-3' } }],
  ['range-spaces', { headers: { Range: 'bytes = 0-1' } }],
  ['range-other-unit', { headers: { Range: 'items=0-1' } }],
  ['custom-header', { headers: { 'X-Custom': 'a' } }],
  ['cache-control', { headers: { 'Cache-Control': 'no-cache' } }],
  ['user-agent', { headers: { 'User-Agent': 'corskit' } }],
  ['put', { method: 'PUT' }],
  ['patch', { method: 'PATCH' }],
];
for (const [name, request] of safelist) {
  add({
    id: `safelist-${name}`,
    group: 'safelist',
    title: `Needs a preflight? ${request.method ?? 'GET'} ${JSON.stringify(request.headers ?? {})} (preflight refused, actual allowed)`,
    request,
    steps: [refusePreflight],
  });
}

// ---------------------------------------------------------------------------------------------
// 11. Network errors. A reset differs from a refused connection in Chromium's net:: code
// (ERR_EMPTY_RESPONSE), and Firefox prints an odd line for a reset after a preflight; the model's
// transport names the failure (`{ networkError }`), so both are counted.
add({
  id: 'network-closed-port-get',
  group: 'network',
  target: 'closed',
  title: 'GET to a port nothing listens on',
  request: {},
  steps: [{ actual: reply(200, star) }],
});
add({
  id: 'network-closed-port-put',
  group: 'network',
  target: 'closed',
  title: 'PUT (preflighted) to a port nothing listens on',
  request: { method: 'PUT' },
  steps: [{ preflight: reply(204, goodPreflight), actual: reply(200, star) }],
});
add({
  id: 'network-reset-get',
  group: 'network',
  title: 'GET; the server closes the connection without answering',
  request: {},
  steps: [{ actual: { ...reply(200, star), reset: true } }],
});
add({
  id: 'network-reset-preflight',
  group: 'network',
  title: 'PUT; the server closes the connection instead of answering the preflight',
  request: { method: 'PUT' },
  steps: [{ preflight: { ...reply(204, goodPreflight), reset: true }, actual: reply(200, star) }],
});
add({
  id: 'network-reset-after-preflight',
  group: 'network',
  title: 'PUT; good preflight, then the server closes the connection instead of answering',
  request: { method: 'PUT' },
  steps: [{ preflight: reply(204, goodPreflight), actual: { ...reply(200, star), reset: true } }],
});

// ---------------------------------------------------------------------------------------------
// 11b. The preflight cache: several fetches to one URL in one browser. Each server answers every
// fetch alike, so whether the later fetch preflighted again shows in what reached the server.
const MAXAGE = (value: string): Header => ['Access-Control-Max-Age', value];
const cached: Array<[string, string, Header[], ScenarioRequest, ScenarioRequest[], Header[]?]> = [
  [
    'max-age-600',
    'Max-Age 600: the second PUT reuses the preflight',
    [ACAO('*'), ACAM('PUT'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'PUT' }],
  ],
  [
    'max-age-0',
    'Max-Age 0: every PUT is preflighted',
    [ACAO('*'), ACAM('PUT'), MAXAGE('0')],
    { method: 'PUT' },
    [{ method: 'PUT' }],
  ],
  [
    'max-age-absent',
    'no Max-Age: the default lifetime',
    [ACAO('*'), ACAM('PUT')],
    { method: 'PUT' },
    [{ method: 'PUT' }],
  ],
  [
    'max-age-invalid',
    'Max-Age "soon" (not a number)',
    [ACAO('*'), ACAM('PUT'), MAXAGE('soon')],
    { method: 'PUT' },
    [{ method: 'PUT' }],
  ],
  [
    'max-age-negative',
    'Max-Age -1',
    [ACAO('*'), ACAM('PUT'), MAXAGE('-1')],
    { method: 'PUT' },
    [{ method: 'PUT' }],
  ],
  [
    'three-fetches',
    'Max-Age 600: three PUTs, one preflight',
    [ACAO('*'), ACAM('PUT'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'PUT' }, { method: 'PUT' }],
  ],
  [
    'header-only-get',
    'Max-Age 600: GET with X-A twice',
    [ACAO('*'), ACAH('X-A'), MAXAGE('600')],
    { headers: { 'X-A': '1' } },
    [{ headers: { 'X-A': '2' } }],
  ],
  [
    'method-not-covered',
    'Max-Age 600 for PUT, then DELETE: preflighted again and refused',
    [ACAO('*'), ACAM('PUT'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'DELETE' }],
  ],
  [
    'method-covered',
    'Max-Age 600 for PUT, DELETE: the DELETE reuses it',
    [ACAO('*'), ACAM('PUT, DELETE'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'DELETE' }],
  ],
  [
    'method-wildcard',
    'Max-Age 600 for *: PUT, then DELETE',
    [ACAO('*'), ACAM('*'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'DELETE' }],
  ],
  [
    'header-not-covered',
    'Max-Age 600 for X-A, then X-B: preflighted again and refused',
    [ACAO('*'), ACAM('PUT'), ACAH('X-A'), MAXAGE('600')],
    { method: 'PUT', headers: { 'X-A': '1' } },
    [{ method: 'PUT', headers: { 'X-B': '1' } }],
  ],
  [
    'header-covered',
    'Max-Age 600 for X-A, X-B, then X-B alone',
    [ACAO('*'), ACAM('PUT'), ACAH('X-A, X-B'), MAXAGE('600')],
    { method: 'PUT', headers: { 'X-A': '1', 'X-B': '1' } },
    [{ method: 'PUT', headers: { 'X-B': '2' } }],
  ],
  [
    'header-wildcard',
    'Max-Age 600 for *, X-A then X-B',
    [ACAO('*'), ACAM('PUT'), ACAH('*'), MAXAGE('600')],
    { method: 'PUT', headers: { 'X-A': '1' } },
    [{ method: 'PUT', headers: { 'X-B': '1' } }],
  ],
  [
    'credentials-omit-then-include',
    'Max-Age 600 from an uncredentialed preflight, then a credentialed PUT',
    [ACAO('{page}'), ACAC('true'), ACAM('PUT'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'PUT', credentials: 'include' }],
    [TEXT, ACAO('{page}'), ACAC('true')],
  ],
  [
    'credentials-include-then-omit',
    'Max-Age 600 from a credentialed preflight, then an uncredentialed PUT',
    [ACAO('{page}'), ACAC('true'), ACAM('PUT'), MAXAGE('600')],
    { method: 'PUT', credentials: 'include' },
    [{ method: 'PUT' }],
    [TEXT, ACAO('{page}'), ACAC('true')],
  ],
  [
    'credentials-wildcard-then-include',
    'Max-Age 600 for * (uncredentialed), then a credentialed PUT',
    [ACAO('{page}'), ACAC('true'), ACAM('*'), MAXAGE('600')],
    { method: 'PUT' },
    [{ method: 'PUT', credentials: 'include' }],
    [TEXT, ACAO('{page}'), ACAC('true')],
  ],
];
for (const [name, title, preflightHeaders, request, followUps, actual] of cached) {
  add({
    id: `cache-${name}`,
    group: 'cache',
    title,
    request,
    followUps,
    steps: [{ preflight: reply(204, preflightHeaders), actual: reply(200, actual ?? [TEXT, ACAO('*')]) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 12. Same-origin requests need no CORS headers.
for (const [name, request] of [
  ['get', {}],
  ['put', { method: 'PUT' }],
  ['custom-header-credentialed', { headers: { 'X-Custom': 'a' }, credentials: 'include' }],
] as Array<[string, ScenarioRequest]>) {
  add({
    id: `same-origin-${name}`,
    group: 'same-origin',
    target: 'page',
    title: `Same-origin ${request.method ?? 'GET'} without any CORS header`,
    request,
    steps: [{ actual: reply(200, [TEXT]) }],
  });
}

// ---------------------------------------------------------------------------------------------
// 13. A page with an opaque origin (CSP sandbox): its requests carry `Origin: null`.
const nullOrigin: Array<[string, Header[], ScenarioRequest]> = [
  ['acao-null', [ACAO('null')], {}],
  ['acao-star', [ACAO('*')], {}],
  ['acao-page-origin', [ACAO('{page}')], {}],
  ['acao-missing', [], {}],
  ['credentialed-null', [ACAO('null'), ACAC('true')], { credentials: 'include' }],
  ['credentialed-star', [ACAO('*'), ACAC('true')], { credentials: 'include' }],
];
for (const [name, headers, request] of nullOrigin) {
  add({
    id: `null-origin-${name}`,
    group: 'null-origin',
    page: 'sandboxed',
    title: `From a sandboxed page (origin null): GET${request.credentials ? ' with credentials' : ''}, response ${name}`,
    request,
    steps: [{ actual: reply(200, [TEXT, ...headers]) }],
  });
}
add({
  id: 'null-origin-preflight-null',
  group: 'null-origin',
  page: 'sandboxed',
  title: 'From a sandboxed page: PUT, preflight and actual ACAO null',
  request: { method: 'PUT' },
  steps: [{ preflight: reply(204, [ACAO('null'), ACAM('PUT')]), actual: reply(200, [TEXT, ACAO('null')]) }],
});
add({
  id: 'null-origin-same-server',
  group: 'null-origin',
  page: 'sandboxed',
  target: 'page',
  title:
    "From a sandboxed page: GET to the page's own server (cross-origin for an opaque origin), no CORS headers",
  request: {},
  steps: [{ actual: reply(200, [TEXT]) }],
});

// Where the browsers depart from the spec or from each other (observed with Chromium 156 and
// Firefox 153 ESR; see docs/conformance.md).
const NOTES: Record<string, string> = {
  'safelist-user-agent':
    'Chromium does not send a User-Agent set by fetch() and needs no preflight; Firefox sends it and preflights (the spec no longer lists User-Agent as forbidden).',
  'redirect-303-post-json-becomes-get':
    'Chromium drops Content-Type with the body on 303 and sends a plain GET; Firefox still preflights the redirected GET (and the server has no preflight answer there).',
  'redirect-userinfo-page-to-page':
    'Chromium fails a same-origin redirect to a URL with user:pass@ without printing anything; Firefox follows it (the spec only forbids it for cross-origin requests).',
  'redirect-userinfo-same-origin':
    "Chromium's message leaves the redirect location empty: Redirect location ''.",
  'redirect-preflighted-cross-origin-star':
    'After a cross-origin 307 Chromium sends the new preflight with Origin: null; Firefox sends it with the page origin, then the actual request with Origin: null.',
  'redirect-mode-manual':
    'fetch() resolves with an opaque-redirect response (status 0): not a CORS failure, but the script cannot read it.',
  'cache-method-wildcard':
    'Chromium reuses the cached `Access-Control-Allow-Methods: *` for the DELETE; Firefox caches `*` as a literal method name and preflights the DELETE again (then allows it).',
  'cache-header-wildcard':
    'Chromium reuses the cached `Access-Control-Allow-Headers: *` for X-B; Firefox caches `*` as a literal header name and preflights again.',
  'cache-credentials-include-then-omit':
    'Chromium (as the standard) lets an entry stored for a credentialed request serve an uncredentialed one; Firefox keys its cache by credentials mode and preflights again.',
  'cache-max-age-invalid':
    'Chromium falls back to its 5 s default for a Max-Age it cannot parse and reuses the preflight; Firefox caches nothing.',
  'cache-max-age-negative': 'Neither browser caches a negative Max-Age.',
  'cache-max-age-absent':
    'Both cache for 5 s without Max-Age (Firefox only once its cache is warm, see docs/conformance.md).',
  'status-404-with-acao':
    'Readable, yet Chromium prints "Failed to load resource: the server responded with a status of 404 (Not Found)" for every 4xx/5xx response.',
};
for (const scenario of scenarios) {
  const note = NOTES[scenario.id];
  if (note) scenario.note = note;
}
if (Object.keys(NOTES).some((id) => !scenarios.some((s) => s.id === id)))
  throw new Error('a note names no scenario');

/** The matrix as generated now; cases.json must equal it (a test checks). */
export function buildScenarios(): Scenario[] {
  return structuredClone(scenarios);
}

export function serializeCases(list: readonly Scenario[]): string {
  return `${JSON.stringify({ count: list.length, scenarios: list }, null, 1)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = new URL('./cases.json', import.meta.url);
  writeFileSync(out, serializeCases(scenarios));
  console.log(`wrote ${scenarios.length} scenarios to ${out.pathname}`);
}
