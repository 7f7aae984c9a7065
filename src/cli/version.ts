import { readFileSync } from 'node:fs';

// Read at run time so the version has one source: package.json.
export const version: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
