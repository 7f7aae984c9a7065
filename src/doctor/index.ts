// `corskit/doctor` library surface (Node only: it owns a real HTTP client). What users call:
// runDoctor and its report; input parsing, trap detection and report building are internals.
// First: @corskit/tools refuses a core of another version (src/tools-release/core-version.ts).
import '../tools-release/require-matching-core.js';

export type { DoctorReport, StepReport } from './doctor-report.js';
export { createHttpTransport, type HttpTransport, type HttpTransportOptions } from './http-transport.js';
export { DoctorInputError } from './input.js';
export { type DoctorOptions, type DoctorResult, DoctorUnreachableError, runDoctor } from './run-doctor.js';
export { STACK_NAMES, type StackEvidence, type StackName } from './stack-detection.js';
export type { StackFix } from './stack-fix.js';
export type { Trap, TrapId } from './traps.js';
