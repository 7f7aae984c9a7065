// Reading a probe's response the way a browser's CORS check would: which origin is granted,
// whether credentials come with it, whether it varies on Origin.
import type { HeaderList, WireResponse } from '../browser/types.js';

export function values(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** Every Access-Control-Allow-Origin value, comma-joined lists split, trimmed. */
export function allowOrigins(response: WireResponse): string[] {
  return values(response.headers, 'access-control-allow-origin').flatMap((v) =>
    v.split(',').map((s) => s.trim()),
  );
}

/** The probe origin appears in Access-Control-Allow-Origin (as a whole line, or one of a list). */
export function grants(response: WireResponse, origin: string): boolean {
  return (
    values(response.headers, 'access-control-allow-origin').some((v) => v.trim() === origin) ||
    allowOrigins(response).includes(origin)
  );
}

/**
 * Several origin values: more than one header line, or a comma list. A probe Origin that itself
 * contains a comma (`https://www.example.com,.attacker.test`) and is echoed whole is one value.
 */
export function hasSeveralAllowOrigins(response: WireResponse, requestOrigin: string | null): boolean {
  const lines = values(response.headers, 'access-control-allow-origin');
  if (lines.length > 1) return true;
  const only = lines[0]?.trim();
  return only !== undefined && only !== requestOrigin && only.includes(',');
}

/** Browsers honour only the exact value `true`. */
export function allowsCredentials(response: WireResponse): boolean {
  const v = values(response.headers, 'access-control-allow-credentials');
  return v.length === 1 && v[0]!.trim() === 'true';
}

export function variesOnOrigin(response: WireResponse): boolean {
  return values(response.headers, 'vary').some((v) =>
    v.split(',').some((t) => ['origin', '*'].includes(t.trim().toLowerCase())),
  );
}

export function corsEvidence(response: WireResponse): HeaderList {
  return response.headers.filter(([n]) => {
    const name = n.toLowerCase();
    return name.startsWith('access-control-') || name === 'vary';
  });
}
