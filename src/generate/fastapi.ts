// FastAPI (and any Starlette app): app.add_middleware(CORSMiddleware, …). Exact origins go in
// allow_origins, which Starlette compares exactly; patterns in allow_origin_regex, which it
// fullmatches.
import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import {
  anchoredOriginRegex,
  pythonRaw,
  quoted,
  SAFE_METHODS,
  type StackPlan,
  stackComment,
} from './stack-plan.js';

function notes(plan: StackPlan): string[] {
  const n = [
    'A refused preflight gets 400 "Disallowed CORS …" (the engine answers 403), with the method and header ' +
      'lists but no Access-Control-Allow-Origin when the origin is refused; an allowed one gets 200.',
    'Access-Control-Allow-Methods and -Headers list the whole policy (plus the safelisted headers) instead of echoing.',
    'Vary: Origin is sent only with a granted origin on ordinary responses, and never the request-method/-headers tokens.',
    'With several Origin lines Starlette reads the first one (the engine refuses); browsers never send two.',
  ];
  if (plan.methods === '*')
    n.push(
      'Starlette turns `*` methods into DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT: other methods are refused.',
    );
  n.push(
    'Starlette always allows Accept, Accept-Language, Content-Language and Content-Type; PolicyCORSMiddleware ' +
      '(when generated) removes those the policy does not list.',
  );
  if (plan.headers === '*' && !plan.authorizationWithWildcard)
    n.push(
      "Starlette's allow_headers=['*'] would echo every requested header, authorization included, which the " +
        "policy's `*` does not cover: no request header is allowed here. List the names your clients send.",
    );
  n.push(
    plan.config.maxAge === undefined
      ? 'Access-Control-Max-Age: 0 is sent on preflights (Starlette always sends one; its default is 600).'
      : 'Access-Control-Max-Age is sent on every preflight response, refused ones too.',
  );
  if (plan.config.credentials)
    n.push(
      'Access-Control-Allow-Credentials is sent to refused origins too, without Access-Control-Allow-Origin: no grant.',
    );
  if (plan.config.privateNetwork)
    n.push('Starlette 0.26 cannot answer Private Network Access preflights: they stay refused.');
  return n;
}

/** Starlette adds these to allow_headers whatever the list says. */
const STARLETTE_ALWAYS = ['accept', 'accept-language', 'content-language', 'content-type'];

/**
 * Starlette grants Accept, Accept-Language, Content-Language and Content-Type in every preflight,
 * so a policy without them (a JSON POST must then stay refused) needs the list put back after
 * CORSMiddleware.__init__: two attributes it reads per request (checked against 0.26 by the tests).
 */
function strictHeadersClass(headers: readonly string[]): string[] {
  const names = `[${headers.map(quoted).join(', ')}]`;
  return [
    '',
    '',
    'class PolicyCORSMiddleware(CORSMiddleware):',
    '    # CORSMiddleware without the request headers Starlette always adds (Content-Type, Accept...).',
    '    def __init__(self, app, **options):',
    '        super().__init__(app, **options)',
    `        self.allow_headers = ${names}`,
    headers.length
      ? `        self.preflight_headers["Access-Control-Allow-Headers"] = ", ".join(${names})`
      : '        self.preflight_headers.pop("Access-Control-Allow-Headers", None)',
  ];
}

export function renderFastapi(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const c = plan.config;
  const listed = plan.headers === '*' ? (plan.authorizationWithWildcard ? undefined : []) : plan.headers;
  const strict = listed !== undefined && !STARLETTE_ALWAYS.every((h) => listed.includes(h));
  const args: string[] = [strict ? '    PolicyCORSMiddleware,' : '    CORSMiddleware,'];
  if (plan.anyOrigin) args.push('    allow_origins=["*"],');
  else {
    if (plan.exact.length) args.push(`    allow_origins=[${plan.exact.map(quoted).join(', ')}],`);
    if (plan.patternBranches.length)
      args.push(
        `    allow_origin_regex=${pythonRaw(anchoredOriginRegex(plan.patternBranches, { start: '', end: '\\Z' }, true))},`,
      );
  }
  const methods = plan.methods === '*' ? ['*'] : [...SAFE_METHODS, ...plan.methods];
  args.push(`    allow_methods=[${methods.map(quoted).join(', ')}],`);
  const headers = plan.headers === '*' ? (plan.authorizationWithWildcard ? ['*'] : []) : plan.headers;
  args.push(`    allow_headers=[${headers.map(quoted).join(', ')}],`);
  args.push(`    allow_credentials=${c.credentials ? 'True' : 'False'},`);
  args.push(`    expose_headers=[${(plan.expose === '*' ? ['*'] : plan.expose).map(quoted).join(', ')}],`);
  args.push(`    max_age=${plan.maxAge ?? '0'},`);
  const code = [
    'from fastapi.middleware.cors import CORSMiddleware',
    ...(strict && listed ? strictHeadersClass(listed) : []),
    '',
    '# Added last, so it runs first: preflights and error responses get the CORS headers too.',
    'app.add_middleware(',
    ...args,
    ')',
  ];
  const header = stackComment('#', "FastAPI / Starlette's CORSMiddleware", info.summary, notes(plan));
  const text = `${header}\n${code.join('\n')}\n`;
  return { server: 'fastapi', text, parts: [{ where: 'your app module, after app = FastAPI()', text }] };
}
