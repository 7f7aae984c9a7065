// Which server or framework answered, from what its responses tell: the Server and X-Powered-By
// headers, the cookies frameworks set by name, and headers their CORS libraries or defaults add.
// The doctor puts that stack's fix first. Only response headers are read (the doctor's transport
// does not keep bodies), so an app behind a proxy is named by its own cookies or headers when it
// sets any, and by the proxy's Server header otherwise.
import type { HeaderList } from '../browser/types.js';

export type StackName =
  | 'nginx'
  | 'apache'
  | 'caddy'
  | 'express'
  | 'django'
  | 'flask'
  | 'fastapi'
  | 'rack'
  | 'go'
  | 'php';

/** Every stack the doctor can write a fix for, in the order shown when nothing is detected. */
export const STACK_NAMES: readonly StackName[] = [
  'nginx',
  'apache',
  'caddy',
  'express',
  'django',
  'flask',
  'fastapi',
  'rack',
  'go',
  'php',
];

export interface StackEvidence {
  readonly stack: StackName;
  /** Why, in the words shown to the user: "the response says Server: nginx/1.22.1". */
  readonly because: string;
}

interface Rule {
  readonly stack: StackName;
  /** Lower-case header name to look at. */
  readonly header: string;
  readonly pattern: RegExp;
  /** How to say what was seen; `value` is the header's (already printable) value. */
  readonly say: (value: string) => string;
}

const server = (stack: StackName, pattern: RegExp): Rule => ({
  stack,
  header: 'server',
  pattern,
  say: (v) => `the response says Server: ${v}`,
});
const poweredBy = (stack: StackName, pattern: RegExp): Rule => ({
  stack,
  header: 'x-powered-by',
  pattern,
  say: (v) => `the response says X-Powered-By: ${v}`,
});
const cookie = (stack: StackName, name: string): Rule => ({
  stack,
  header: 'set-cookie',
  pattern: new RegExp(`^\\s*${name}=`, 'i'),
  say: (v) => `the response sets the ${v.split('=')[0]!.trim()} cookie`,
});
const header = (stack: StackName, name: string, pattern: RegExp, what: string): Rule => ({
  stack,
  header: name,
  pattern,
  say: () => what,
});

/**
 * Application frameworks first: when one shows itself behind a proxy, the fix belongs in the app
 * (its CORS library sees every route, errors included); the proxy's Server header comes after.
 */
const RULES: readonly Rule[] = [
  poweredBy('express', /^Express$/i),
  poweredBy('php', /^PHP\//i),
  poweredBy('rack', /Phusion Passenger|^Rails/i),
  cookie('django', 'csrftoken'),
  cookie('django', 'sessionid'),
  cookie('php', 'PHPSESSID'),
  cookie('php', 'laravel_session'),
  cookie('php', 'XSRF-TOKEN'),
  cookie('rack', '_[a-z0-9_]+_session'),
  cookie('rack', 'rack\\.session'),
  cookie('express', 'connect\\.sid'),
  server('fastapi', /^(?:uvicorn|hypercorn)\b/i),
  server('flask', /^Werkzeug\//i),
  server('django', /^WSGIServer\/[\d.]+ CPython/i),
  server('rack', /^(?:WEBrick|Puma|thin|Passenger|Unicorn)\b/i),
  // gunicorn/uWSGI/waitress serve Django and Flask alike; Django is the likelier, --stack flask says otherwise.
  {
    stack: 'django',
    header: 'server',
    pattern: /^(?:gunicorn|uWSGI|waitress)\b/i,
    say: (v) =>
      `the response says Server: ${v} (a Python WSGI server: Django assumed; --stack flask if it is Flask)`,
  },
  header('rack', 'x-runtime', /^[\d.]+$/, 'the response has X-Runtime, which Rails adds'),
  header('rack', 'x-rack-cors', /./, 'the response has X-Rack-CORS, which rack-cors adds in debug mode'),
  server('caddy', /^Caddy\b/i),
  server('nginx', /^(?:nginx|openresty)\b/i),
  server('apache', /^Apache\b/i),
];

/** Printable ASCII only, and short: the value is quoted back to the user. */
function printable(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/** Every stack the responses point to, strongest first, each once with its first evidence. */
export function detectStacks(responses: readonly HeaderList[]): StackEvidence[] {
  const found = new Map<StackName, StackEvidence>();
  for (const rule of RULES) {
    if (found.has(rule.stack)) continue;
    for (const headers of responses) {
      const hit = headers.find(([n, v]) => n.toLowerCase() === rule.header && rule.pattern.test(v.trim()));
      if (hit) {
        found.set(rule.stack, { stack: rule.stack, because: rule.say(printable(hit[1].trim())) });
        break;
      }
    }
  }
  return [...found.values()];
}

export function isStackName(value: string): value is StackName {
  return (STACK_NAMES as readonly string[]).includes(value);
}

/** Said under every stack's fix (here, not in stack-fix.ts, so that reports without a fix skip the generators). */
export const TRUST_REMINDER =
  'This lists only the origin you asked about: add every origin you trust, and no other, before you deploy it.';
