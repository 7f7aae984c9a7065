// The model's Fix carries nginx and Apache snippets; the doctor adds the Express change, since
// most reports come from Express apps. It is written for corskit's own Express adapter.

/** An Express snippet applying `policy` before authentication and routes. */
export function expressFix(policy: Record<string, unknown>): string {
  const options = JSON.stringify(policy, null, 2);
  return [
    "import { cors } from 'corskit/express';",
    '// First, before authentication and routes: preflights and error responses then carry CORS headers.',
    `app.use(cors(${options}));`,
  ].join('\n');
}
