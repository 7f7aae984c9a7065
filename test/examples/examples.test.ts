// The examples are run as a user runs them (`node --import tsx examples/…`), as child processes:
// the wrong-use example must print exactly these issue codes, the correct one must serve CORS.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { send } from '../adapters/support/http-client.js';

const root = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

test('examples/policy-wrong.ts prints the codes of every classic mistake', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/policy-wrong.ts'], {
    cwd: root,
  });
  const codes = [...stdout.matchAll(/^ {3}(error|warning) ([a-z0-9-]+) (\S*):/gm)].map(
    ([, severity, code, path]) => `${severity} ${code} ${path}`,
  );
  assert.deepEqual(codes, [
    'error wildcard-with-credentials origins',
    'error origin-trailing-slash origins[0]',
    'error origin-path origins[1]',
    'error origin-scheme-case origins[0]',
    'error origin-default-port origins[1]',
    'error origin-missing-scheme origins[2]',
    'error origin-public-suffix-wildcard origins[0]',
    'error origin-public-suffix-wildcard origins[1]',
    'error origin-matches-every-host origins[2]',
    'error insecure-origin-with-credentials origins[0]',
    'error wildcard-with-credentials methods',
    'error wildcard-with-credentials requestHeaders',
    'error regexp-not-anchored origins[0]',
    'error method-forbidden methods[0]',
    'error request-header-forbidden requestHeaders[0]',
    'error request-header-forbidden requestHeaders[1]',
    'error max-age-invalid maxAge',
    'error null-with-credentials origins[0]',
    'error origin-file-scheme origins[1]',
    'warning max-age-above-chromium-cap maxAge',
  ]);
  assert.doesNotMatch(stdout, /accepted \(unexpected\)/);
});

let server: ChildProcess | undefined;
after(() => server?.kill());

test('examples/policy-correct.ts answers an allowed origin and a preflight', async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'examples/policy-correct.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line.toString())?.[0];
  assert.ok(url, line.toString());
  const get = await send(`${url}/`, { method: 'GET', headers: { origin: 'https://app.example.com' } });
  assert.equal(get.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.equal(get.headers['access-control-allow-credentials'], 'true');
  const preflight = await send(`${url}/`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://x.preview.example.com',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-methods'], 'PUT');
  const refused = await send(`${url}/`, { method: 'GET', headers: { origin: 'https://evil.example' } });
  assert.equal(refused.headers['access-control-allow-origin'], undefined);
});
