// Reading a HAR file as Chromium (DevTools, Playwright's recorder) and Firefox write it, into one
// shape: the exchanges in recording order, header lists as recorded, secrets redacted. The
// formats differ: Chromium's recorder writes failed requests with status -1 (DevTools: 0) and no
// headers, Firefox lower-cases header names, failures are named in `_error`, `_failureText` or
// `response._error`; pages carry the document URL (DevTools, Firefox) or its title (Playwright).
import type { HeaderList } from '../browser/types.js';
import { redactHeaders } from './redact.js';

export interface RecordedExchange {
  /** Position in `log.entries`, from 0. */
  readonly index: number;
  readonly startedMs: number;
  readonly pageref: string | null;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: HeaderList;
  /** null: the browser recorded no response (status 0 or -1). */
  readonly response: { readonly status: number; readonly headers: HeaderList } | null;
  /** Redirect target as recorded (`response.redirectURL`), resolved against the URL. */
  readonly redirectUrl: string | null;
  /** The browser's failure text (`net::ERR_FAILED`, `NS_ERROR_DOM_BAD_URI`), when it recorded one. */
  readonly error: string | null;
  /** `_resourceType` (Chromium) or the initiator type when known: `fetch`, `xhr`, `document`, `preflight`… */
  readonly resourceType: string | null;
}

export interface RecordedPage {
  readonly id: string;
  /** The document's URL when the HAR names it (DevTools and Firefox put it in `title`). */
  readonly url: string | null;
}

export interface RecordedHar {
  readonly creator: string;
  readonly pages: readonly RecordedPage[];
  readonly exchanges: readonly RecordedExchange[];
}

/** A file that is not a HAR, with what is wrong in one sentence. */
export class HarFormatError extends Error {
  override readonly name = 'HarFormatError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseHar(text: string): RecordedHar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HarFormatError(`not a HAR file: invalid JSON (${(error as Error).message})`);
  }
  return readHar(json);
}

export function readHar(json: unknown): RecordedHar {
  const log = isObject(json) ? json.log : undefined;
  if (!isObject(log) || !Array.isArray(log.entries))
    throw new HarFormatError('not a HAR file: expected {"log": {"entries": [...]}}');
  const creator = isObject(log.creator) ? `${str(log.creator.name)} ${str(log.creator.version)}`.trim() : '';
  const pages = Array.isArray(log.pages) ? log.pages.filter(isObject).map(readPage) : [];
  const exchanges = log.entries.map((entry, index) => readEntry(entry, index));
  return { creator, pages, exchanges };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function readPage(page: Json): RecordedPage {
  const title = str(page.title);
  return { id: str(page.id), url: isHttpUrl(title) ? title : null };
}

export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function readEntry(entry: unknown, index: number): RecordedExchange {
  const where = `entry ${index}`;
  if (!isObject(entry) || !isObject(entry.request))
    throw new HarFormatError(`not a HAR file: ${where} has no request`);
  const request = entry.request;
  const method = str(request.method).toUpperCase();
  const url = str(request.url);
  if (!method || !url) throw new HarFormatError(`not a HAR file: ${where} has no method or URL`);
  const response = isObject(entry.response) ? entry.response : {};
  const status = typeof response.status === 'number' ? response.status : 0;
  const responseHeaders = readHeaders(response.headers, `${where} response`);
  const redirect = str(response.redirectURL) || null;
  return {
    index,
    startedMs: Date.parse(str(entry.startedDateTime)) || 0,
    pageref: str(entry.pageref) || null,
    method,
    url,
    requestHeaders: redactHeaders(readHeaders(request.headers, `${where} request`)),
    // Status 0 / -1 is how both browsers record "no response"; a status without any header is the
    // same thing in some exports (a blocked request whose response the recorder never saw).
    response: status > 0 ? { status, headers: redactHeaders(responseHeaders) } : null,
    redirectUrl: redirect ? resolve(redirect, url) : null,
    error:
      str(entry._error) ||
      str(response._error) ||
      str(response._failureText) ||
      str(entry._failureText) ||
      null,
    resourceType: str(entry._resourceType) || null,
  };
}

function resolve(target: string, base: string): string | null {
  try {
    return new URL(target, base).href;
  } catch {
    return null;
  }
}

function readHeaders(value: unknown, where: string): HeaderList {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HarFormatError(`not a HAR file: ${where} headers is not a list`);
  const list: HeaderList = [];
  for (const header of value) {
    if (!isObject(header) || typeof header.name !== 'string')
      throw new HarFormatError(`not a HAR file: ${where} has a header without a name`);
    // HTTP/2 pseudo-headers (`:authority`, `:status`) are framing, not headers.
    if (header.name.startsWith(':')) continue;
    list.push([header.name, str(header.value)]);
  }
  return list;
}
