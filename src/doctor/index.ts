// `corskit/doctor`-style library surface (Node only: it owns a real HTTP client).
export { buildDoctorReport, type DoctorReport, type StepReport } from './doctor-report.js';
export { expressFix } from './express-fix.js';
export { createHttpTransport, type HttpTransport, type HttpTransportOptions } from './http-transport.js';
export {
  DoctorInputError,
  parseHeader,
  parseMethod,
  parseOrigin,
  parseTargetUrl,
  parseTimeout,
} from './input.js';
export {
  type DoctorOptions,
  type DoctorResult,
  DoctorUnreachableError,
  describeFetch,
  runDoctor,
} from './run-doctor.js';
export {
  detectStacks,
  isStackName,
  STACK_NAMES,
  type StackEvidence,
  type StackName,
} from './stack-detection.js';
export { type StackFix, stackFixes } from './stack-fix.js';
export { detectTraps, type Trap, type TrapId } from './traps.js';
