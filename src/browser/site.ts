// "Same site" as HTML defines it (schemeful): the same scheme and the same registrable domain, or
// the same host when the host has none (an IP address, `localhost`). Sec-Fetch-Site is built on it.
import { isPublicSuffix } from '../policy/public-suffix.js';
import { sameOrigin } from './origin.js';

/** The host's registrable domain (eTLD+1), or the host itself when it has none. */
export function siteHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^[\d.]+$/.test(bare) || bare.includes(':')) return bare;
  const labels = bare.split('.');
  // The shortest suffix that is not itself a public suffix is the registrable domain.
  for (let i = labels.length - 1; i >= 0; i--) {
    const suffix = labels.slice(i).join('.');
    if (!isPublicSuffix(suffix)) return suffix;
  }
  return bare;
}

/**
 * @param schemeful compare schemes too (HTML's "same site", Chromium); Firefox 153's Sec-Fetch-Site
 * compares registrable domains only (observed: an http page calling https on its own host gets
 * `same-site` from Firefox, `cross-site` from Chromium).
 */
export function sameSite(originA: string, originB: string, schemeful = true): boolean {
  if (originA === 'null' || originB === 'null') return false;
  const a = new URL(originA);
  const b = new URL(originB);
  return (!schemeful || a.protocol === b.protocol) && siteHost(a.hostname) === siteHost(b.hostname);
}

export type FetchSite = 'same-origin' | 'same-site' | 'cross-site';

/**
 * Sec-Fetch-Site of a request from `initiator` (the page's origin) that has visited `urls` (its URL
 * list, redirects included): the weakest relation over the whole list.
 */
export function fetchSite(initiator: string, urls: readonly string[], schemeful = true): FetchSite {
  let site: FetchSite = 'same-origin';
  for (const url of urls) {
    const target = new URL(url).origin;
    if (!sameSite(initiator, target, schemeful)) return 'cross-site';
    if (!sameOrigin(initiator, target)) site = 'same-site';
  }
  return site;
}
