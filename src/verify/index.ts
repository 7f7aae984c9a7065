// corskit/verify: prove that a live server answers CORS exactly as a policy says.
export { type CompareOptions, compareResponse, corsView } from './compare-response.js';
export type { ProbeOrigin } from './probe-origins.js';
export { probeOrigins } from './probe-origins.js';
export { type FetchProbe, type ProbeTable, probeTable, type RawProbe } from './probe-table.js';
export * from './verify-report.js';
export {
  VerifyInputError,
  type VerifyOptions,
  VerifyUnreachableError,
  verifyServer,
} from './verify-server.js';
