import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTALL_HINT, locateBrowser, RealBrowserError } from './locate.js';
import { observeInRealBrowsers } from './run-real.js';

const fetchOptions = {
  url: 'http://127.0.0.1:1/',
  origin: 'http://localhost:3000',
  method: 'GET',
  headers: [],
  credentials: false,
};

test('no browser installed: one error carrying the install command', async () => {
  await assert.rejects(
    observeInRealBrowsers({ ...fetchOptions, env: {}, searchPaths: { chromium: [], firefox: [] } }),
    (error: unknown) => error instanceof RealBrowserError && error.message === INSTALL_HINT,
  );
  assert.match(INSTALL_HINT, /apt-get install chromium firefox-esr/);
  assert.ok(!INSTALL_HINT.includes('\n'));
});

test('a requested browser that is missing is named', async () => {
  await assert.rejects(
    observeInRealBrowsers({ ...fetchOptions, browsers: ['firefox'], env: {}, searchPaths: { firefox: [] } }),
    /firefox not found: no browser to run/,
  );
});

test('flag, then environment variable, then the usual paths; a bad explicit path is an error', () => {
  assert.equal(
    locateBrowser('chromium', undefined, {}, ['/nonexistent', process.execPath]),
    process.execPath,
  );
  assert.equal(
    locateBrowser('chromium', undefined, { CORSKIT_CHROMIUM: process.execPath }, []),
    process.execPath,
  );
  assert.equal(locateBrowser('firefox', undefined, {}, []), null);
  assert.throws(
    () => locateBrowser('firefox', '/no/such/firefox', {}, [process.execPath]),
    /firefox: \/no\/such\/firefox is not an executable file/,
  );
  assert.throws(
    () => locateBrowser('chromium', undefined, { CORSKIT_CHROMIUM: '/no/such' }, [process.execPath]),
    RealBrowserError,
  );
});
