// The WebKit driver's pure parts: reading MiniBrowser's console output and the driver parameter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRIVER_PARAM, driverScriptFor, parseConsoleLine, withDriver } from './webkit.js';

test('console lines: the CONSOLE <SOURCE> <LEVEL> prefix and the source location are dropped', () => {
  assert.equal(
    parseConsoleLine(
      'CONSOLE SECURITY ERROR Origin http://127.0.0.1:1 is not allowed by Access-Control-Allow-Origin. Status code: 200',
    ),
    'Origin http://127.0.0.1:1 is not allowed by Access-Control-Allow-Origin. Status code: 200',
  );
  assert.equal(
    parseConsoleLine('CONSOLE JS ERROR Fetch API cannot load http://x/ due to access control checks.'),
    'Fetch API cannot load http://x/ due to access control checks.',
  );
  // console.log has no source word: "LOG" is the level, the rest is the text (even "ERR …").
  assert.equal(
    parseConsoleLine('http://127.0.0.1:2/driver.js:21:18: CONSOLE LOG corskit-mark:begin:3'),
    'corskit-mark:begin:3',
  );
  assert.equal(
    parseConsoleLine('http://p/:1:98: CONSOLE LOG ERR TypeError: Load failed'),
    'ERR TypeError: Load failed',
  );
  // Anything else on the merged output (GTK warnings, Xvfb) is not a console line.
  assert.equal(parseConsoleLine('(MiniBrowser:2276): Gtk-WARNING **: cannot open display:'), null);
});

test('the page servers include driver.js only for a loopback control origin', () => {
  const url = withDriver('http://127.0.0.1:8001/sandboxed', 'http://127.0.0.1:9000');
  assert.equal(new URL(url).pathname, '/sandboxed');
  assert.equal(
    driverScriptFor(new URL(url).pathname + new URL(url).search),
    'http://127.0.0.1:9000/driver.js',
  );
  assert.equal(driverScriptFor('/'), null);
  for (const hostile of ['https://evil.example', 'http://127.0.0.1:9000/"><script>', 'javascript:alert(1)'])
    assert.equal(driverScriptFor(`/?${DRIVER_PARAM}=${encodeURIComponent(hostile)}`), null, hostile);
});
