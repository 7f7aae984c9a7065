// corskit/har: CORS analysis of a recorded HAR file, with no network.
export { analyzeHar, type HarAnalysis } from './analyze-har.js';
export type { PageOriginSource } from './fetch-groups.js';
export type { FailureGroup, HarRequestReport, HarSummary } from './har-report.js';
export { HarFormatError } from './read-har.js';
export { REDACTED } from './redact.js';
