// `corskit/scan`: find dangerous CORS misconfigurations of a live endpoint with crafted Origins.
// What users call: scan() and its report types; probes, advice tables and severity helpers are
// internals.
export { type ScanOptions, ScanUnreachableError, scan } from './scanner.js';
export type { Finding, FindingClass, Probe, ScanReport, Sendability, Severity } from './types.js';
