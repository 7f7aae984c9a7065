// The scaffolding every ported peer suite shares. A ported test either passes against corskit, or
// it is listed as a divergence: then the runner asserts that the peer's assertions really fail
// against corskit (so an entry cannot go stale silently) and that corskit's documented behaviour
// holds. docs/migrating.md's table is generated from the same data (see migration-table.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { send } from '../../adapters/support/http-client.js';

export type Why = 'security hardening' | 'Fetch Standard' | 'HTTP standard' | 'not supported';

export interface Divergence {
  /** The exact input: options and request, short. */
  input: string;
  /** What the peer does. */
  peer: string;
  /** What corskit does instead (asserted by `check`). */
  corskit: string;
  why: Why;
  /** What a migrating user must change ("nothing" when the browser's verdict is the same). */
  change: string;
  /** Asserts corskit's behaviour as described. */
  check: () => Promise<void>;
}

export interface PortedCase {
  /** The peer's test title, verbatim (plus " [realistic preflight]" for the variant with ACRM). */
  title: string;
  /** The peer's assertions, run against corskit through the real framework over loopback. */
  run: () => Promise<void>;
  divergence?: Divergence;
}

export interface PortedSuite {
  /** e.g. "expressjs/cors" */
  peer: string;
  /** Where the tests come from: repository, commit, files. */
  source: string;
  /** What the suite runs against in corskit. */
  against: string;
  cases: PortedCase[];
}

/** Registers a suite with node:test. */
export function runPortedSuite(suite: PortedSuite): void {
  describe(`${suite.peer} (ported; against ${suite.against})`, () => {
    const titles = new Set<string>();
    for (const c of suite.cases) {
      assert.ok(!titles.has(c.title), `duplicate ported title: ${c.title}`);
      titles.add(c.title);
      const label = c.divergence ? `${c.title} — divergence (${c.divergence.why})` : c.title;
      test(label, async () => {
        if (c.divergence === undefined) return c.run();
        await assert.rejects(
          c.run(),
          `listed as a divergence in docs/migrating.md but the peer's assertions pass: remove the entry`,
        );
        await c.divergence.check();
      });
    }
  });
}

export interface SuiteCounts {
  peer: string;
  ported: number;
  passing: number;
  divergences: number;
}

export function countsOf(suite: PortedSuite): SuiteCounts {
  const divergences = suite.cases.filter((c) => c.divergence !== undefined).length;
  return {
    peer: suite.peer,
    ported: suite.cases.length,
    passing: suite.cases.length - divergences,
    divergences,
  };
}

// --- HTTP exchanges -------------------------------------------------------------------------

export interface Exchange {
  method: string;
  path?: string;
  headers?: Record<string, string>;
}

/** Expected response: a header mapped to undefined must be absent. */
export interface Expected {
  status?: number;
  body?: string | RegExp;
  headers?: Record<string, string | undefined>;
}

export async function expectExchange(base: string, exchange: Exchange, expected: Expected): Promise<void> {
  const res = await send(`${base}${exchange.path ?? '/'}`, {
    method: exchange.method,
    headers: exchange.headers ?? {},
  });
  if (expected.status !== undefined) assert.equal(res.status, expected.status, 'status');
  if (typeof expected.body === 'string') assert.equal(res.body, expected.body, 'body');
  else if (expected.body !== undefined) assert.match(res.body, expected.body, 'body');
  for (const [name, value] of Object.entries(expected.headers ?? {}))
    assert.equal(res.headers[name.toLowerCase()], value, name);
}

/** The realistic preflight for an OPTIONS request a peer's test sends without ACRM. */
export function asPreflight(exchange: Exchange, method: string): Exchange {
  return { ...exchange, headers: { ...exchange.headers, 'access-control-request-method': method } };
}
