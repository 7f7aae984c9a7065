// The doctor's fix written for each stack, from the config generators themselves: the policy the
// browser model inferred from the request (its origin, method and headers) rendered as nginx,
// Apache, Caddy, Django, Flask, FastAPI, Rack, Go or PHP configuration, or the Express adapter
// call. The detected stack (or --stack) comes first with the reason; the others follow.
import { GenerateError, generateConfig } from '../generate/index.js';
import { CorsPolicyError } from '../policy/policy-error.js';
import type { PolicyOptions } from '../policy/types.js';
import { expressFix } from './express-fix.js';
import { detectStacks, STACK_NAMES, type StackEvidence, type StackName } from './stack-detection.js';

export interface StackFix {
  readonly stack: StackName;
  /** Human name of the stack and library. */
  readonly label: string;
  /** The file (or block) to edit. */
  readonly file: string;
  /** Why this one is first ("the response says Server: nginx"); null for the others. */
  readonly because: string | null;
  /** The exact lines to paste, or why they cannot be generated for this request. */
  readonly text: string;
  /** The same lines split by where each piece goes (one piece for most stacks). */
  readonly parts: ReadonlyArray<{ readonly where: string; readonly text: string }>;
}

const WHERE: Record<StackName, { label: string; file: string }> = {
  nginx: { label: 'nginx', file: 'the server { } block of your site (e.g. /etc/nginx/sites-available/…)' },
  apache: { label: 'Apache httpd', file: 'your <VirtualHost> (e.g. /etc/apache2/sites-available/…)' },
  caddy: { label: 'Caddy', file: 'your site block in the Caddyfile' },
  express: {
    label: 'Express (corskit adapter)',
    file: 'the file that creates your Express app, before the routes',
  },
  django: { label: 'Django (django-cors-headers)', file: 'settings.py (append at the end)' },
  flask: { label: 'Flask (flask-cors)', file: 'the module with app = Flask(__name__), right after it' },
  fastapi: {
    label: 'FastAPI / Starlette (CORSMiddleware)',
    file: 'the module with app = FastAPI(), right after it',
  },
  rack: {
    label: 'Rails / Rack (rack-cors)',
    file: 'config/initializers/cors.rb (Rails) or config.ru (Rack)',
  },
  go: {
    label: 'Go (rs/cors, gin-contrib/cors)',
    file: 'cors.go next to main.go, then wrap your handler with withCORS',
  },
  php: { label: 'PHP', file: 'cors.php, required first in index.php (or .htaccess on Apache)' },
};

function render(stack: StackName, policy: Record<string, unknown>): Pick<StackFix, 'text' | 'parts'> {
  if (stack === 'express') {
    const text = expressFix(policy);
    return { text, parts: [{ where: WHERE.express.file, text }] };
  }
  try {
    const out = generateConfig(stack, policy as unknown as PolicyOptions);
    return { text: out.text.trimEnd(), parts: out.parts };
  } catch (e) {
    if (!(e instanceof GenerateError || e instanceof CorsPolicyError)) throw e;
    const text = `# corskit cannot write this for ${WHERE[stack].label}: ${e.message}`;
    return { text, parts: [] };
  }
}

/**
 * The fixes in order: `override` (from --stack) or the detected stacks first, each with its
 * reason, then every other stack. `responses` are the header lists the server sent.
 */
export function stackFixes(
  policy: Record<string, unknown>,
  responses: readonly (readonly (readonly [string, string])[])[],
  override?: StackName,
): { detected: StackEvidence[]; fixes: StackFix[] } {
  const detected = detectStacks(responses as never);
  const first: StackEvidence[] = override
    ? [{ stack: override, because: `you chose --stack ${override}` }]
    : detected;
  const order = [
    ...first.map((e) => e.stack),
    ...STACK_NAMES.filter((s) => !first.some((e) => e.stack === s)),
  ];
  const fixes = order.map((stack) => ({
    stack,
    ...WHERE[stack],
    because: first.find((e) => e.stack === stack)?.because ?? null,
    ...render(stack, policy),
  }));
  return { detected, fixes };
}
