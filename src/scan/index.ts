// `corskit/scan`: find dangerous CORS misconfigurations of a live endpoint with crafted Origins.
// What users call: scan() and its report types; probes, advice tables and severity helpers are
// internals.
// First: @corskit/tools refuses a core of another version (src/tools-release/core-version.ts).
import '../tools-release/require-matching-core.js';

export { type ScanOptions, ScanUnreachableError, scan } from './scanner.js';
export type { Finding, FindingClass, Probe, ScanReport, Sendability, Severity } from './types.js';
