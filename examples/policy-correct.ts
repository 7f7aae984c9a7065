// A correct CORS policy on a plain node:http server.
// Run: node --import tsx examples/policy-correct.ts   then, from another terminal:
//   curl -si http://127.0.0.1:8787/ -H 'Origin: https://app.example.com'
//   curl -si -X OPTIONS http://127.0.0.1:8787/ -H 'Origin: https://app.example.com' \
//        -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type'
// (in a published app: import { createPolicy } from 'corskit' and { cors } from 'corskit/node')
import { createServer } from 'node:http';
import { cors } from '../src/adapters/node.js';
import { createPolicy } from '../src/index.js';

// Validated once, at start-up: a mistake stops the process here with every problem listed.
const policy = createPolicy({
  // Exact origins, one subdomain pattern of a domain we own, and local development on any port.
  origins: ['https://app.example.com', 'https://*.preview.example.com', 'http://localhost:*'],
  // Cookies travel, so the origins above are exact (no "*") and https (localhost excepted).
  credentials: true,
  // Only what the front end really sends beyond GET/HEAD/POST and the safelisted headers.
  methods: ['PUT', 'DELETE'],
  requestHeaders: ['content-type', 'authorization'],
  exposeHeaders: ['x-request-id'],
  // Chromium caps preflight caching at 7200 s; 600 s keeps policy changes quick to roll out.
  maxAge: 600,
});

const handleCors = cors(policy, {
  // One line per refused request, with the reason the engine found.
  onRefuse: (decision, req) =>
    console.warn(
      `CORS refused ${decision.origin ?? '(malformed)'} ${req.method} ${req.url}: ${decision.reason}`,
    ),
});

const server = createServer((req, res) => {
  if (handleCors(req, res)) return; // a preflight: already answered (204, or 403 when refused)
  res.setHeader('X-Request-Id', String(Date.now()));
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ hello: 'world' }));
});

// PORT=0 picks a free port (the example test does that); the URL is printed either way.
server.listen(Number(process.env.PORT ?? 8787), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 8787;
  console.log(`listening on http://127.0.0.1:${port}`);
});
