// Every message catalogue `explain` reads, current wordings first. Registering a browser is one
// line here.
import type { MessageCatalogue } from './catalogue.js';
import { CHROMIUM_CATALOGUE } from './chromium-catalogue.js';
import { FIREFOX_CATALOGUE } from './firefox-catalogue.js';
import { LEGACY_CHROMIUM_CATALOGUE, LEGACY_FIREFOX_CATALOGUE } from './legacy-wordings.js';
import { WEBKIT_CATALOGUE } from './webkit-catalogue.js';

export const MESSAGE_CATALOGUES: readonly MessageCatalogue[] = [
  FIREFOX_CATALOGUE,
  CHROMIUM_CATALOGUE,
  WEBKIT_CATALOGUE,
  LEGACY_FIREFOX_CATALOGUE,
  LEGACY_CHROMIUM_CATALOGUE,
];
