// `corskit/scan`: find dangerous CORS misconfigurations of a live endpoint with crafted Origins.
export { ADVICE, type Advice } from './advice.js';
export { ATTACKER_DOMAIN, generateProbes, THIRD_PARTY_ORIGINS, trustedOriginParts } from './probes.js';
export { type ScanOptions, ScanUnreachableError, scan } from './scanner.js';
export { atLeast, SEVERITY_ORDER, severityOf, worstOf } from './severity.js';
export { ENCODED_CHARACTERS, SPECIAL_CHARACTERS, type SpecialCharacter } from './special-characters.js';
export type { Finding, FindingClass, Probe, ScanReport, Sendability, Severity } from './types.js';
