// Django: django-cors-headers settings, appended to settings.py. Origins go through
// CORS_ALLOWED_ORIGIN_REGEXES only, because its CORS_ALLOWED_ORIGINS list compares scheme and
// netloc after urlsplit, which also admits `https://app.example.com/` and `…/x` (checked against
// 3.14 in test/generate/stack-parity.server.test.ts).
import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import {
  anchoredOriginRegex,
  PYTHON_ANCHORS,
  pythonRaw,
  quoted,
  SAFE_METHODS,
  type StackPlan,
  stackComment,
} from './stack-plan.js';

function pyList(values: readonly string[], indent = '    '): string {
  if (values.length === 0) return '[]';
  return `[\n${values.map((v) => `${indent}${v},`).join('\n')}\n]`;
}

function notes(plan: StackPlan): string[] {
  const n = [
    'Every preflight gets 200, even a refused one (the engine answers 403); a refused preflight carries no ' +
      'Access-Control-Allow-Origin, so the browser still blocks it.',
    'Access-Control-Allow-Methods and -Headers list the whole policy instead of echoing the request; ' +
      'the browser grants the same set.',
    'Vary is `Origin` on every response (the engine adds Access-Control-Request-Method and -Headers on OPTIONS).',
    'OPTIONS requests that are not preflights also get the preflight headers; browsers ignore them there.',
  ];
  if (plan.config.credentials)
    n.push(
      'Access-Control-Allow-Credentials is sent to refused origins too, without Access-Control-Allow-Origin: no grant.',
    );
  if (plan.config.maxAge === 0)
    n.push('A max-age of 0 sends no Access-Control-Max-Age (browsers then cache 5 s).');
  if (plan.config.privateNetwork)
    n.push('django-cors-headers 3.14 cannot answer Private Network Access preflights: they stay refused.');
  if (plan.config.credentials && (plan.methods === '*' || plan.headers === '*'))
    n.push(
      'With credentials, a `*` in Access-Control-Allow-Methods/-Headers is literal for browsers: list the names.',
    );
  return n;
}

export function renderDjango(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const c = plan.config;
  const lines: string[] = [
    stackComment('#', 'Django with django-cors-headers 3.x', info.summary, notes(plan)),
    '# Append to settings.py.',
    'INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]',
    '# First, so preflights and error responses get the CORS headers too.',
    'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]',
  ];
  if (plan.anyOrigin) lines.push('CORS_ALLOW_ALL_ORIGINS = True');
  else {
    const exact = plan.allBranches.length - plan.patternBranches.length;
    const regexes = plan.allBranches.map((b, i) =>
      pythonRaw(anchoredOriginRegex([b], PYTHON_ANCHORS, i >= exact)),
    );
    lines.push('# Anchored regexes, one per origin or pattern: ^ … \\Z, dots escaped.');
    lines.push(`CORS_ALLOWED_ORIGIN_REGEXES = ${pyList(regexes)}`);
  }
  lines.push(`CORS_ALLOW_CREDENTIALS = ${c.credentials ? 'True' : 'False'}`);
  const methods = plan.methods === '*' ? ['*'] : [...SAFE_METHODS, ...plan.methods];
  lines.push(`CORS_ALLOW_METHODS = ${pyList(methods.map(quoted))}`);
  const headers =
    plan.headers === '*' ? ['*', ...(plan.authorizationWithWildcard ? ['authorization'] : [])] : plan.headers;
  lines.push(`CORS_ALLOW_HEADERS = ${pyList(headers.map(quoted))}`);
  lines.push(`CORS_EXPOSE_HEADERS = ${pyList((plan.expose === '*' ? ['*'] : plan.expose).map(quoted))}`);
  lines.push('# 0 sends no Access-Control-Max-Age (the library default would be 86400).');
  lines.push(`CORS_PREFLIGHT_MAX_AGE = ${plan.maxAge ?? '0'}`);
  const text = `${lines.join('\n')}\n`;
  return { server: 'django', text, parts: [{ where: 'settings.py (append at the end)', text }] };
}
