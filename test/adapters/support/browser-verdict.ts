// The browser's side of CORS, reduced to its verdict, for comparing two servers' answers: would a
// script at `origin` get to read the response? Follows the Fetch Standard's CORS-preflight fetch,
// CORS check, and the method/header checks on the preflight's answer.
import { send } from './http-client.js';

export interface BrowserRequest {
  origin: string;
  method: string;
  /** Request headers a script sets (lower-case names). */
  headers: Record<string, string>;
  credentials: 'omit' | 'include';
}

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SIMPLE_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

function unsafeHeaderNames(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => {
      if (name === 'accept' || name === 'accept-language' || name === 'content-language') return false;
      if (name === 'content-type')
        return !SIMPLE_CONTENT_TYPES.has(value.split(';')[0]!.trim().toLowerCase());
      return true;
    })
    .map(([name]) => name)
    .sort();
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Fetch's CORS check on one response. */
export function corsCheck(headers: Record<string, string | undefined>, request: BrowserRequest): boolean {
  const acao = headers['access-control-allow-origin'];
  if (acao === undefined || acao.includes(',')) return false;
  if (request.credentials !== 'include' && acao === '*') return true;
  if (acao !== request.origin) return false;
  if (request.credentials !== 'include') return true;
  return headers['access-control-allow-credentials'] === 'true';
}

export async function browserVerdict(url: string, request: BrowserRequest): Promise<'allowed' | 'blocked'> {
  const unsafe = unsafeHeaderNames(request.headers);
  if (!SAFELISTED_METHODS.has(request.method) || unsafe.length > 0) {
    const pre = await send(url, {
      method: 'OPTIONS',
      headers: {
        origin: request.origin,
        'access-control-request-method': request.method,
        ...(unsafe.length > 0 ? { 'access-control-request-headers': unsafe.join(',') } : {}),
      },
    });
    if (pre.status < 200 || pre.status > 299 || !corsCheck(pre.headers, request)) return 'blocked';
    const methods = list(pre.headers['access-control-allow-methods']);
    const wildcardOk = request.credentials !== 'include';
    if (!SAFELISTED_METHODS.has(request.method) && !methods.includes(request.method)) {
      if (!(wildcardOk && methods.includes('*'))) return 'blocked';
    }
    const allowedHeaders = list(pre.headers['access-control-allow-headers']).map((h) => h.toLowerCase());
    for (const name of unsafe) {
      if (allowedHeaders.includes(name)) continue;
      if (wildcardOk && allowedHeaders.includes('*') && name !== 'authorization') continue;
      return 'blocked';
    }
  }
  const res = await send(url, {
    method: request.method,
    headers: { origin: request.origin, ...request.headers },
  });
  return corsCheck(res.headers, request) ? 'allowed' : 'blocked';
}
