import { createRequire } from 'node:module';

// The tools' own version, read from the package.json two folders up: in the published tools
// package that is @corskit/tools' manifest, in this repository the workspace root's (kept equal
// by src/policy/version.test.ts). Through require rather than an ESM import of node:fs, whose
// facade loads every lazy part of fs (streams included) at start-up.
export const TOOLS_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
