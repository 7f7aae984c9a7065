import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectStacks } from './stack-detection.js';
import { stackFixes } from './stack-fix.js';

const one = (headers: [string, string][]) => detectStacks([headers]).map((e) => `${e.stack}: ${e.because}`);

test('each stack is recognised from what its responses say', () => {
  assert.deepEqual(one([['Server', 'nginx/1.22.1']]), ['nginx: the response says Server: nginx/1.22.1']);
  assert.deepEqual(one([['Server', 'Apache/2.4.62 (Debian)']]), [
    'apache: the response says Server: Apache/2.4.62 (Debian)',
  ]);
  assert.deepEqual(one([['Server', 'Caddy']]), ['caddy: the response says Server: Caddy']);
  assert.deepEqual(one([['X-Powered-By', 'Express']]), ['express: the response says X-Powered-By: Express']);
  assert.deepEqual(one([['Server', 'WSGIServer/0.2 CPython/3.11.2']]), [
    'django: the response says Server: WSGIServer/0.2 CPython/3.11.2',
  ]);
  assert.deepEqual(one([['Set-Cookie', 'csrftoken=abc; Path=/']]), [
    'django: the response sets the csrftoken cookie',
  ]);
  assert.deepEqual(one([['Server', 'Werkzeug/2.2.2 Python/3.11.2']]), [
    'flask: the response says Server: Werkzeug/2.2.2 Python/3.11.2',
  ]);
  assert.deepEqual(one([['server', 'uvicorn']]), ['fastapi: the response says Server: uvicorn']);
  assert.deepEqual(one([['Set-Cookie', '_shop_session=x; path=/; HttpOnly']]), [
    'rack: the response sets the _shop_session cookie',
  ]);
  assert.deepEqual(one([['X-Runtime', '0.012']]), ['rack: the response has X-Runtime, which Rails adds']);
  assert.deepEqual(one([['X-Powered-By', 'PHP/8.2.36']]), [
    'php: the response says X-Powered-By: PHP/8.2.36',
  ]);
  assert.deepEqual(one([['Set-Cookie', 'PHPSESSID=1; path=/']]), [
    'php: the response sets the PHPSESSID cookie',
  ]);
  assert.deepEqual(one([['Server', 'gunicorn']]), [
    'django: the response says Server: gunicorn (a Python WSGI server: Django assumed; --stack flask if it is Flask)',
  ]);
  assert.deepEqual(one([['Content-Type', 'text/plain']]), []);
});

test('an app behind a proxy is named first, the proxy second', () => {
  const found = detectStacks([
    [
      ['Server', 'nginx/1.22.1'],
      ['Set-Cookie', 'csrftoken=x'],
    ],
  ]);
  assert.deepEqual(
    found.map((e) => e.stack),
    ['django', 'nginx'],
  );
});

test('a hostile Server value is quoted back printable and short', () => {
  const [e] = detectStacks([[['Server', `nginx\u001b[31m${'x'.repeat(200)}`]]]);
  assert.ok(e && !/[^\x20-\x7e]/.test(e.because) && e.because.length < 130, e?.because);
});

test('fixes: the detected stack first with its reason, --stack overrides, every stack listed once', () => {
  const policy = { origins: ['https://app.example.com'], methods: ['PUT'], requestHeaders: ['x-token'] };
  const { fixes } = stackFixes(policy, [[['Server', 'uvicorn']]]);
  assert.equal(fixes[0]!.stack, 'fastapi');
  assert.equal(fixes[0]!.because, 'the response says Server: uvicorn');
  assert.match(fixes[0]!.text, /allow_origins=\["https:\/\/app\.example\.com"\]/);
  assert.equal(new Set(fixes.map((f) => f.stack)).size, 10);
  assert.ok(fixes.slice(1).every((f) => f.because === null));
  const forced = stackFixes(policy, [[['Server', 'uvicorn']]], 'php').fixes;
  assert.deepEqual([forced[0]!.stack, forced[0]!.because], ['php', 'you chose --stack php']);
  assert.equal(forced[1]!.stack, 'nginx');
});
