// Durations and sizes as written in gateway.yaml and on the command line. Apart from
// gateway-config.ts so that the CLI can parse `serve` flags without loading the gateway.
const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const sizeUnits: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `30s`, `500ms`, `2m` or a number of milliseconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * units[(m[2] ?? 'ms').toLowerCase()]!);
}

/** `16kb`, `1MiB` or a number of bytes. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+)\s*(b|kb|kib|mb|mib)?\s*$/i.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * sizeUnits[(m[2] ?? 'b').toLowerCase()]!;
}
