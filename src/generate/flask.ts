// Flask: one CORS(app, …) call of flask-cors. Origins are compiled regexes (the library compares
// plain strings case-insensitively and, with always_send, lists them all on requests without an
// Origin); request headers are plain names, which it compares case-insensitively.

import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import { escapeRegexLiteral } from './origin-regex.js';
import {
  anchoredOriginRegex,
  COMMON_METHODS,
  PYTHON_ANCHORS,
  pythonRaw,
  quoted,
  SAFE_METHODS,
  type StackPlan,
  stackComment,
} from './stack-plan.js';

/** Characters flask-cors takes as "probably a regex" in a plain string. */
const REGEX_LOOKING = /[*\\\]?$^[()]/;

function notes(plan: StackPlan): string[] {
  const n = [
    'Every preflight gets 200, even a refused one (the engine answers 403); a refused preflight carries no ' +
      'Access-Control-Allow-Methods, and its Access-Control-Allow-Headers leaves out every header not granted, ' +
      'so the browser still blocks it.',
    'Access-Control-Allow-Methods lists the whole policy instead of echoing the request method.',
    'Vary: Origin is sent only when an origin was granted, and never the request-method/-headers tokens.',
  ];
  if (plan.methods === '*')
    n.push(
      `flask-cors has no wildcard for methods: ${COMMON_METHODS.join(', ')} are listed, other methods are refused.`,
    );
  if (plan.headers === '*' && !plan.authorizationWithWildcard)
    n.push(
      'Request headers: any name except authorization, as `*` means in the engine (a regex, since flask-cors would echo authorization too).',
    );
  if (plan.config.maxAge === 0)
    n.push('A max-age of 0 sends no Access-Control-Max-Age (browsers then cache 5 s).');
  if (plan.config.privateNetwork)
    n.push('flask-cors 3.0 cannot answer Private Network Access preflights: they stay refused.');
  return n;
}

function headerEntry(name: string): string {
  return REGEX_LOOKING.test(name)
    ? `re.compile(${pythonRaw(`${escapeRegexLiteral(name)}\\Z`)}, re.IGNORECASE)`
    : quoted(name);
}

function allowHeaders(plan: StackPlan): string {
  if (plan.headers === '*')
    return plan.authorizationWithWildcard
      ? '"*"'
      : `[re.compile(${pythonRaw('(?!authorization\\Z).+\\Z')}, re.IGNORECASE)]`;
  return `[${plan.headers.map(headerEntry).join(', ')}]`;
}

export function renderFlask(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const c = plan.config;
  const exact = plan.allBranches.length - plan.patternBranches.length;
  const origins = plan.anyOrigin
    ? '"*"'
    : `[\n${plan.allBranches
        .map(
          (b, i) => `        re.compile(${pythonRaw(anchoredOriginRegex([b], PYTHON_ANCHORS, i >= exact))}),`,
        )
        .join('\n')}\n    ]`;
  const methods = plan.methods === '*' ? [...COMMON_METHODS] : [...SAFE_METHODS, ...plan.methods];
  const expose = plan.expose === '*' ? '"*"' : `[${plan.expose.map(quoted).join(', ')}]`;
  const args = [
    `    origins=${origins},`,
    ...(plan.anyOrigin ? ['    send_wildcard=True,'] : []),
    `    methods=[${methods.map(quoted).join(', ')}],`,
    `    allow_headers=${allowHeaders(plan)},`,
    `    expose_headers=${expose},`,
    `    supports_credentials=${c.credentials ? 'True' : 'False'},`,
    `    max_age=${plan.maxAge ?? 'None'},`,
    // Without an Origin there is nothing to grant; the default would list every plain-string origin.
    `    always_send=${plan.anyOrigin ? 'True' : 'False'},`,
    '    vary_header=True,',
  ];
  const code = ['import re', '', 'from flask_cors import CORS', '', 'CORS(', '    app,', ...args, ')'];
  const header = stackComment('#', 'Flask with flask-cors 3.x', info.summary, notes(plan));
  const text = `${header}\n# Right after app = Flask(__name__), before the routes.\n${code.join('\n')}\n`;
  return { server: 'flask', text, parts: [{ where: 'your app module, after app = Flask(__name__)', text }] };
}
