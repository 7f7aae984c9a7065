// `npm install` must not warn EBADENGINE: every package in the lock file supports the oldest Node
// the engines field promises (undici sets the floor at 20.18.1; fastify's light-my-request is held
// at 6.6.0 by an override because 6.8 pulls cookie@2, which needs Node 22).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const semver = require('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};
const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

test('every locked package supports the engines floor', () => {
  const floor = semver.minVersion(
    (read('package.json') as { engines: { node: string } }).engines.node,
  )?.version;
  assert.ok(floor);
  const lock = read('package-lock.json') as { packages: Record<string, { engines?: { node?: string } }> };
  const unsupported = Object.entries(lock.packages)
    .filter(([, p]) => typeof p.engines?.node === 'string' && !semver.satisfies(floor, p.engines.node))
    .map(([name, p]) => `${name} needs node ${p.engines?.node}`);
  assert.deepEqual(unsupported, []);
});
