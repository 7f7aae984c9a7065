// corskit/verify: prove that a live server answers CORS exactly as a policy says. What users
// call: verifyServer and its report; probe derivation and comparison are internals.
// First: @corskit/tools refuses a core of another version (src/tools-release/core-version.ts).
import '../tools-release/require-matching-core.js';

export * from './verify-report.js';
export {
  VerifyInputError,
  type VerifyOptions,
  VerifyUnreachableError,
  verifyServer,
} from './verify-server.js';
