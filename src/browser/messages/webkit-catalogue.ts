// WebKit's (Safari's) messages as an explain catalogue. Its console lines are bare reasons, so each
// entry's reason is the whole line; "Cross-origin redirection to … denied by Cross-Origin Resource
// Sharing policy:" is an optional frame around one of them, whose location is the URL. WebKit
// prints English only.
import type { CatalogueEntry, MessageCatalogue, Placeholder } from './catalogue.js';
import { PLACEHOLDER_TOKEN } from './catalogue.js';
import {
  WEBKIT_DISPLAY_NAME,
  WEBKIT_EXPLAIN_NOTES,
  WEBKIT_EXPLAIN_TEMPLATES,
  WEBKIT_MESSAGES,
} from './webkit.js';

/** The redirect frame, its `{location}` read as the URL the line is about. */
const REDIRECT_FRAME = WEBKIT_MESSAGES.RedirectDenied.replace('{reason}', '').replace('{location}', '{url}');

/**
 * `{name}` fills the detail `name`; a status is digits; a placeholder that ends the line takes the
 * rest of it (a lazy group there would match nothing).
 */
function placeholdersOf(reason: string): Record<string, Placeholder> {
  const out: Record<string, Placeholder> = { '{url}': { detail: 'url' } };
  for (const [token] of reason.matchAll(PLACEHOLDER_TOKEN)) {
    const detail = token.slice(1, -1);
    if (detail === 'status') out[token] = { detail, pattern: '\\d+' };
    else if (reason.endsWith(token)) out[token] = { detail, pattern: '.*' };
    else out[token] = { detail };
  }
  return out;
}

function entries(): CatalogueEntry[] {
  return WEBKIT_EXPLAIN_TEMPLATES.map(({ key, code, preflight }) => {
    const reason = WEBKIT_MESSAGES[key];
    const note = WEBKIT_EXPLAIN_NOTES[key];
    return {
      locale: 'en-US',
      key: `webkit:${key}`,
      code,
      frame: REDIRECT_FRAME,
      frameOptional: true,
      wordStart: true,
      reason,
      tail: '',
      placeholders: placeholdersOf(reason),
      preflight,
      ...(note ? { note } : {}),
    };
  });
}

export const WEBKIT_CATALOGUE: MessageCatalogue = {
  browser: 'webkit',
  displayName: WEBKIT_DISPLAY_NAME,
  get entries() {
    return entries();
  },
};
