// Tests that need a real browser or web server call requireBinary(): on CI (CI=true) a missing
// binary fails the test; on a developer machine it skips, loudly, so a skip is never silent.
import { accessSync, constants } from 'node:fs';

const warned = new Set<string>();

export function findBinary(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Returns the binary's path, or a skip message for node:test's `skip` option.
 * Usage: `const b = requireBinary('/usr/bin/chromium'); test('x', { skip: b.skip }, ...)`.
 */
export function requireBinary(path: string): { path: string; skip: false | string } {
  if (findBinary(path)) return { path, skip: false };
  if (process.env.CI) throw new Error(`${path} is required on CI but is missing: .ci/run must install it`);
  const message = `SKIPPED: ${path} is not installed (apt-get install it, or run .ci/run)`;
  if (!warned.has(path)) {
    warned.add(path);
    process.stderr.write(`\n${'!'.repeat(72)}\n!!! ${message}\n${'!'.repeat(72)}\n\n`);
  }
  return { path, skip: message };
}

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
export const NGINX = '/usr/sbin/nginx';
export const APACHE = '/usr/sbin/apache2';
export const CADDY = '/usr/bin/caddy';
export const HAPROXY = '/usr/sbin/haproxy';
// WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver); it runs under xvfb-run (test/support/webkit.ts).
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_RUN = '/usr/bin/xvfb-run';
