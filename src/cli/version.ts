import { createRequire } from 'node:module';

// Read at run time so the version has one source: package.json. Through require rather than an
// ESM import of node:fs, whose facade loads every lazy part of fs (streams included) at start-up.
export const version: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
