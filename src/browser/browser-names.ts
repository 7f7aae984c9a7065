// The browsers the model knows, as users name them: `--browser webkit` or its alias `safari`, and
// how each is shown ("Safari (WebKit)": Safari's CORS checks and messages are WebKit's WebCore).
import type { BrowserName } from './types.js';

export const BROWSER_NAMES: readonly BrowserName[] = ['chromium', 'firefox', 'webkit'];

export const BROWSER_DISPLAY_NAMES: Readonly<Record<BrowserName, string>> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'Safari (WebKit)',
};

const ALIASES: Readonly<Record<string, BrowserName>> = { safari: 'webkit' };

/** `webkit`, `Safari`, `FIREFOX` … → the model's name; null for a browser the model does not know. */
export function parseBrowserName(input: string): BrowserName | null {
  const name = input.trim().toLowerCase();
  if ((BROWSER_NAMES as readonly string[]).includes(name)) return name as BrowserName;
  return ALIASES[name] ?? null;
}
