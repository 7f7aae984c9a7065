// Where the installed browsers are: a flag, then an environment variable, then the usual paths.
import { accessSync, constants } from 'node:fs';
import type { BrowserName } from '../browser/types.js';

export const BROWSER_ENV: Readonly<Record<BrowserName, string>> = {
  chromium: 'CORSKIT_CHROMIUM',
  firefox: 'CORSKIT_FIREFOX',
  webkit: 'CORSKIT_WEBKIT',
};

const USUAL_PATHS: Readonly<Record<BrowserName, readonly string[]>> = {
  chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
  firefox: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
  // --real does not drive WebKit yet (MiniBrowser needs a display and its own driver).
  webkit: [],
};

/** The one line printed when no browser can be found. */
export const INSTALL_HINT =
  'no browser to run: install Chromium or Firefox (Debian/Ubuntu: sudo apt-get install chromium firefox-esr), or point CORSKIT_CHROMIUM / CORSKIT_FIREFOX (or --chromium-path / --firefox-path) at one';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable for `browser`, or null when none is installed. An explicit path (flag or
 * environment variable) that is not executable is an error, not a silent fallback.
 */
export function locateBrowser(
  browser: BrowserName,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  usual: readonly string[] = USUAL_PATHS[browser],
): string | null {
  const chosen = explicit ?? env[BROWSER_ENV[browser]];
  if (chosen) {
    if (!executable(chosen)) throw new RealBrowserError(`${browser}: ${chosen} is not an executable file`);
    return chosen;
  }
  return usual.find(executable) ?? null;
}

export class RealBrowserError extends Error {
  override readonly name = 'RealBrowserError';
}
