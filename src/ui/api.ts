// The UI's JSON API. /api/doctor takes the doctor's options and answers exactly what
// `corskit doctor --json` prints; /api/diagnose adds the fix tabs the page shows; /api/har runs
// the HAR analysis on an uploaded file; /api/real is the real-browser hook.
import type { HeaderList } from '../browser/types.js';
import { DoctorInputError, parseHeader, parseTargetUrl } from '../doctor/input.js';
import { type DoctorOptions, DoctorUnreachableError, runDoctor } from '../doctor/run-doctor.js';
import { analyzeHar, HarFormatError } from '../har/index.js';
import { RealBrowserError } from '../real-browser/index.js';
import { fixTabs } from './fix-tabs.js';
import { REAL_MODE_UNAVAILABLE, realBrowserCheck } from './real-mode.js';

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const fail = (status: number, error: string): ApiAnswer => ({ status, body: { error } });

export async function handleApi(path: string, body: unknown): Promise<ApiAnswer> {
  try {
    switch (path) {
      case '/api/doctor':
        return { status: 200, body: (await runDoctor(doctorOptions(body))).report };
      case '/api/diagnose': {
        const { report } = await runDoctor(doctorOptions(body));
        return { status: 200, body: { report, fixTabs: report.fix ? fixTabs(report.fix) : [] } };
      }
      case '/api/har':
        return { status: 200, body: await analyzeHar(body) };
      case '/api/real':
        if (!realBrowserCheck) return fail(501, REAL_MODE_UNAVAILABLE);
        return { status: 200, body: await realBrowserCheck(doctorOptions(body)) };
      default:
        return fail(404, `no API ${path}`);
    }
  } catch (error) {
    if (error instanceof DoctorInputError || error instanceof HarFormatError) return fail(400, error.message);
    if (error instanceof DoctorUnreachableError) return fail(502, error.message);
    // No browser installed: say so, with the install command, as `doctor --real` does.
    if (error instanceof RealBrowserError) return fail(501, error.message);
    return fail(500, 'internal error');
  }
}

type Json = Record<string, unknown>;

/** The doctor's options from JSON, field by field: nothing unvalidated reaches the network. */
export function doctorOptions(body: unknown): DoctorOptions {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DoctorInputError('expected a JSON object with url and origin');
  const o = body as Json;
  if (typeof o.url !== 'string' || typeof o.origin !== 'string')
    throw new DoctorInputError('url and origin are required strings');
  // The doctor checks this too; checked here first so no other scheme is even parsed further.
  parseTargetUrl(o.url);
  const options: { -readonly [K in keyof DoctorOptions]: DoctorOptions[K] } = {
    url: o.url,
    origin: o.origin,
    headers: headersOf(o.headers),
    credentials: o.credentials === true,
  };
  if (o.method !== undefined) {
    if (typeof o.method !== 'string') throw new DoctorInputError('method must be a string');
    options.method = o.method;
  }
  if (o.timeoutMs !== undefined) {
    if (!Number.isInteger(o.timeoutMs) || (o.timeoutMs as number) <= 0 || (o.timeoutMs as number) > 600_000)
      throw new DoctorInputError('timeoutMs: milliseconds between 1 and 600000');
    options.timeoutMs = o.timeoutMs as number;
  }
  if (o.insecure === true) options.insecure = true;
  return options;
}

/** `[["Name", "value"], …]`, `{"Name": "value"}` or `["Name: value", …]`. */
function headersOf(value: unknown): HeaderList {
  if (value === undefined || value === null) return [];
  const texts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') texts.push(item);
      else if (Array.isArray(item) && item.length === 2 && item.every((x) => typeof x === 'string'))
        texts.push(`${item[0]}: ${item[1]}`);
      else throw new DoctorInputError('headers: each header is ["Name", "value"] or "Name: value"');
    }
  } else if (typeof value === 'object') {
    for (const [name, v] of Object.entries(value as Json)) {
      if (typeof v !== 'string') throw new DoctorInputError(`headers: the value of ${name} must be a string`);
      texts.push(`${name}: ${v}`);
    }
  } else throw new DoctorInputError('headers must be a list or an object');
  return texts.map(parseHeader);
}
