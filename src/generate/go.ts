// Go: rs/cors for net/http (a cors.go file exposing withCORS) and gin-contrib/cors for Gin.
// Origins are checked by one anchored RE2 regexp in AllowOriginFunc: rs/cors lower-cases
// AllowedOrigins and matches "*" patterns by prefix and suffix only (so `https://.example.com`
// and `https://x/.example.com` would pass), gin-contrib/cors matches its wildcards the same way.

import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import { MAX_ORIGIN_LENGTH } from './origin-regex.js';
import { COMMON_METHODS, goRaw, quoted, SAFE_METHODS, type StackPlan, stackComment } from './stack-plan.js';

const AUTHORIZATION_RE = '(?i)(?:^|,)[ \\t]*authorization[ \\t]*(?:,|$)';

function notes(plan: StackPlan): string[] {
  const n = [
    'rs/cors: every preflight gets 200, even a refused one (the engine answers 403), with no CORS header when refused.',
    'rs/cors: an ordinary request whose method is not listed gets no CORS header (the engine does not check it).',
    'rs/cors: Vary: Origin is added on every ordinary response, `*` policies included; set your own Vary with Header().Add, not Set.',
    'gin-contrib/cors: a refused origin gets 403 on every request, not only preflights; preflights are not checked ' +
      'for method or headers (the lists are sent and the browser checks them) and end with 204.',
  ];
  if (plan.methods === '*')
    n.push(
      `Neither library has a wildcard for methods: ${COMMON_METHODS.join(', ')} are listed, other methods are refused.`,
    );
  if (plan.headers === '*' && !plan.authorizationWithWildcard)
    n.push(
      'rs/cors: AllowedHeaders "*" would also grant authorization, which `*` does not cover: preflights that ask for it ' +
        'are refused in AllowOriginRequestFunc. gin-contrib/cors: "*" is sent as Access-Control-Allow-Headers: *, ' +
        'which browsers never apply to authorization either.',
    );
  if (plan.config.maxAge === 0)
    n.push('A max-age of 0 sends no Access-Control-Max-Age (browsers then cache 5 s).');
  if (plan.config.privateNetwork)
    n.push('Neither library answers Private Network Access preflights: they stay refused.');
  return n;
}

function goList(values: readonly string[]): string {
  return `[]string{${values.map(quoted).join(', ')}}`;
}

interface GoPieces {
  readonly decls: string[];
  readonly originCheck: string | undefined;
  readonly methods: string;
  readonly headers: string;
  readonly expose: string;
}

function pieces(plan: StackPlan): GoPieces {
  const decls: string[] = [];
  let originCheck: string | undefined;
  if (!plan.anyOrigin) {
    decls.push(`var corsOrigins = regexp.MustCompile(${goRaw(`^(?:${plan.allBranches.join('|')})$`)})`);
    const cap = plan.patternBranches.length ? `len(origin) <= ${MAX_ORIGIN_LENGTH} && ` : '';
    originCheck = `${cap}corsOrigins.MatchString(origin)`;
  }
  const methods = plan.methods === '*' ? [...COMMON_METHODS] : [...SAFE_METHODS, ...plan.methods];
  // An empty AllowedHeaders means Origin, Accept, Content-Type and X-Requested-With in rs/cors;
  // "Origin" alone is never requested by a browser, so it grants nothing.
  const headers = plan.headers === '*' ? ['*'] : plan.headers.length === 0 ? ['Origin'] : plan.headers;
  return {
    decls,
    originCheck,
    methods: goList(methods),
    headers: goList(headers),
    expose: goList(plan.expose === '*' ? ['*'] : plan.expose),
  };
}

function netHttp(plan: StackPlan, p: GoPieces): string {
  const needsRequestFunc = plan.headers === '*' && !plan.authorizationWithWildcard;
  const decls = [...p.decls];
  if (needsRequestFunc) decls.push(`var corsAuthorization = regexp.MustCompile(${goRaw(AUTHORIZATION_RE)})`);
  const fields: string[] = [];
  if (plan.anyOrigin) fields.push('AllowedOrigins: []string{"*"},');
  const check = p.originCheck ?? 'true';
  if (needsRequestFunc)
    fields.push(
      'AllowOriginRequestFunc: func(r *http.Request, origin string) bool {',
      `\treturn ${check} && !corsAuthorization.MatchString(r.Header.Get("Access-Control-Request-Headers"))`,
      '},',
    );
  else if (p.originCheck)
    fields.push(`AllowOriginFunc: func(origin string) bool { return ${p.originCheck} },`);
  fields.push(`AllowedMethods: ${p.methods},`, `AllowedHeaders: ${p.headers},`);
  if (plan.expose === '*' || plan.expose.length) fields.push(`ExposedHeaders: ${p.expose},`);
  if (plan.config.credentials) fields.push('AllowCredentials: true,');
  if (plan.maxAge !== undefined && plan.maxAge !== '0') fields.push(`MaxAge: ${plan.maxAge},`);
  return [
    'package main',
    '',
    'import (',
    '\t"net/http"',
    ...(decls.length ? ['\t"regexp"'] : []),
    '',
    '\t"github.com/rs/cors"',
    ')',
    '',
    ...(decls.length ? [...decls, ''] : []),
    '// withCORS wraps your whole mux, so preflights and error responses get the CORS headers too:',
    '// http.ListenAndServe(addr, withCORS(mux))',
    'func withCORS(h http.Handler) http.Handler {',
    '\treturn cors.New(cors.Options{',
    ...fields.flatMap((f) => f.split('\n')).map((f) => `\t\t${f}`),
    '\t}).Handler(h)',
    '}',
  ].join('\n');
}

function gin(plan: StackPlan, p: GoPieces): string {
  const fields: string[] = [];
  if (plan.anyOrigin) fields.push('AllowAllOrigins: true,');
  else fields.push(`AllowOriginFunc: func(origin string) bool { return ${p.originCheck} },`);
  fields.push(`AllowMethods: ${p.methods},`);
  const headers = plan.headers === '*' ? ['*'] : plan.headers;
  if (headers.length) fields.push(`AllowHeaders: ${goList(headers)},`);
  if (plan.expose === '*' || plan.expose.length) fields.push(`ExposeHeaders: ${p.expose},`);
  if (plan.config.credentials) fields.push('AllowCredentials: true,');
  if (plan.maxAge !== undefined && plan.maxAge !== '0') fields.push(`MaxAge: ${plan.maxAge} * time.Second,`);
  return [
    '// Gin: import "github.com/gin-contrib/cors" (and "regexp", "time").',
    ...(p.decls.length ? ['// At package level:', ...p.decls] : []),
    '// Before your routes:',
    'r.Use(cors.New(cors.Config{',
    ...fields.map((f) => `\t${f}`),
    '}))',
  ].join('\n');
}

export function renderGo(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const p = pieces(plan);
  const header = stackComment(
    '//',
    'Go: rs/cors (net/http) and gin-contrib/cors (Gin)',
    info.summary,
    notes(plan),
  );
  const net = netHttp(plan, p);
  const g = gin(plan, p);
  const text = `${header}\n\n// ---- cors.go (net/http with github.com/rs/cors) ----\n${net}\n\n// ---- Gin (github.com/gin-contrib/cors) ----\n${g}\n`;
  return {
    server: 'go',
    text,
    parts: [
      { where: 'cors.go (net/http, github.com/rs/cors)', text: `${header}\n${net}\n` },
      { where: 'Gin router setup (github.com/gin-contrib/cors)', text: g },
    ],
  };
}
