// The proof for the framework generators: one policy, the stack's real CORS library from Debian's
// packages, the same request table as the engine. For every distinct policy of the shared table the
// app runs with the generated configuration, every request of the table is sent to it, and each
// response is compared with policy.evaluate. A response that differs must (1) never let a browser
// do more than the engine allows and (2) be of a kind this file explains for that stack (the same
// explanations are in the generated output and in docs/generate.md).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createPolicy } from '../../src/engine/create-policy.js';
import { type RequestTableCase, requestTable } from '../../src/engine/request-table.js';
import { generateConfig, type StackKind } from '../../src/generate/index.js';
import type { CorsDecision, PolicyOptions } from '../../src/policy/types.js';
import { requireBinary } from '../support/binaries.js';
import { compare, send } from './support/cors-compare.js';
import { GoParityProgram, STACK_BINARY, START_STACK, startRailsInitializer } from './support/stack-apps.js';
import { browserGrant, decisionAsWire, diffKind, morePermissive } from './support/stack-compare.js';
import { STACK_DIFFERENCES } from './support/stack-differences.js';
import { corsRequest, policiesOf } from './support/table-policies.js';
import type { RunningServer } from './support/web-servers.js';

const PATHS = ['/status/200', '/status/404', '/status/500', '/status/200'];

function pathFor(c: RequestTableCase, i: number): { path: string; status: number; vary: string | undefined } {
  const base = PATHS[i % PATHS.length]!;
  const status = Number(/\d{3}/.exec(base)![0]);
  if (c.priorVary === undefined) return { path: base, status, vary: undefined };
  return { path: `${base}?vary=${encodeURIComponent(c.priorVary)}`, status, vary: c.priorVary };
}

/**
 * Requests a browser cannot make: several Origin lines, or a method or header name that is not a
 * token, or a header list longer than the engine's resource bound. A library granting more on these
 * is recorded as its own kind of difference rather than a failure.
 */
function unreachable(c: RequestTableCase): string | undefined {
  if (c.tags.includes('multiple-origin')) return 'several Origin lines';
  if (c.tags.includes('hostile') || c.tags.includes('malformed')) return c.name;
  return undefined;
}

/** The generated piece each test app includes. */
function generatedFor(stack: StackKind, options: PolicyOptions): string {
  const out = generateConfig(stack, options);
  if (stack === 'rack') return out.parts.find((p) => p.where.startsWith('config.ru'))!.text;
  if (stack === 'php' || stack === 'go') return out.parts[0]!.text;
  return out.text;
}

interface StackRun {
  equal: number;
  total: number;
  kinds: Map<string, number>;
  /** One instance of each kind, for the report. */
  examples: Map<string, string>;
  failures: string[];
}

/**
 * `gin` is the Gin half of the `go` output, `rails` the Rails initializer half of the `rack`
 * output, each run and explained on its own.
 */
type ParityTarget = StackKind | 'gin' | 'rails';

async function runPolicy(
  stack: ParityTarget,
  options: PolicyOptions,
  server: RunningServer,
  run: StackRun,
): Promise<void> {
  const policy = createPolicy(options);
  const explained = STACK_DIFFERENCES[stack];
  for (const [i, c] of requestTable.entries()) {
    const target = pathFor(c, i);
    const decision = (await policy.evaluate(corsRequest(c))) as CorsDecision;
    const res = await send(server.origin, target.path, c);
    const diffs = compare(res, decision, target.status, target.vary);
    run.total++;
    if (diffs.length === 0) {
      run.equal++;
      continue;
    }
    const where = `${c.name} (${c.request.method} ${target.path}) policy ${JSON.stringify(options)}`;
    const wider = morePermissive(
      browserGrant(c, res),
      browserGrant(c, decisionAsWire(decision, target.status)),
    );
    if (wider.length > 0 && unreachable(c)) {
      const kind = `wider only for a request no browser sends (${unreachable(c)})`;
      run.kinds.set(kind, (run.kinds.get(kind) ?? 0) + 1);
      if (!run.examples.has(kind)) run.examples.set(kind, `${c.name}: ${wider.join('; ')}`);
      if (!explained[kind]) run.failures.push(`unexplained [${kind}] ${where}: ${wider.join('; ')}`);
    } else if (wider.length > 0)
      run.failures.push(`MORE PERMISSIVE ${where}: ${wider.join('; ')}\n      ${diffs.join('\n      ')}`);
    for (const d of diffs) {
      const kind = c.tags.includes('multiple-origin') ? 'multiple Origin lines' : diffKind(c, d);
      run.kinds.set(kind, (run.kinds.get(kind) ?? 0) + 1);
      if (!run.examples.has(kind))
        run.examples.set(kind, `${c.name} / ${JSON.stringify(options.origins)}: ${d}`);
      if (!explained[kind]) run.failures.push(`unexplained [${kind}] ${where}: ${d}`);
    }
  }
}

/** Every request of the table against every policy of the table, as in the nginx/Apache/Caddy run. */
const POLICIES = policiesOf(requestTable);

function report(stack: ParityTarget, run: StackRun, t: { diagnostic(s: string): void }): void {
  const line = `parity ${stack}: ${run.equal}/${run.total} responses equal to the engine, ${run.failures.length} unexplained or wider for a browser`;
  t.diagnostic(line);
  process.stdout.write(`# ${line}\n`);
  for (const [kind, n] of [...run.kinds].sort())
    process.stdout.write(
      `#   ${n} × ${kind}: ${STACK_DIFFERENCES[stack][kind] ?? 'UNEXPLAINED'}\n#       e.g. ${run.examples.get(kind)?.slice(0, 240)}\n`,
    );
}

describe('framework configs answer like the engine, or stricter (real frameworks)', {
  concurrency: false,
}, () => {
  for (const stack of ['django', 'flask', 'fastapi', 'rack', 'php'] as const) {
    const bin = requireBinary(STACK_BINARY[stack]);
    test(`${stack}: the request table × ${POLICIES.length} policies`, { skip: bin.skip }, async (t) => {
      const run: StackRun = { equal: 0, total: 0, kinds: new Map(), examples: new Map(), failures: [] };
      for (const options of POLICIES) {
        const server = await START_STACK[stack](generatedFor(stack, options));
        try {
          await runPolicy(stack, options, server, run);
        } finally {
          await server.stop();
        }
      }
      report(stack, run, t);
      assert.deepEqual(run.failures, [], `${stack}:\n  ${run.failures.join('\n  ')}`);
      assert.equal(run.total, requestTable.length * POLICIES.length);
    });
  }

  const rails = requireBinary(STACK_BINARY.rack);
  test(`rack (Rails initializer): the request table × ${POLICIES.length} policies`, {
    skip: rails.skip,
  }, async (t) => {
    const run: StackRun = { equal: 0, total: 0, kinds: new Map(), examples: new Map(), failures: [] };
    for (const options of POLICIES) {
      const initializer = generateConfig('rack', options).parts.find((p) =>
        p.where.includes('initializers'),
      )!;
      const server = await startRailsInitializer(initializer.text);
      try {
        await runPolicy('rails', options, server, run);
      } finally {
        await server.stop();
      }
    }
    report('rails', run, t);
    assert.deepEqual(run.failures, [], `rails:\n  ${run.failures.join('\n  ')}`);
    assert.equal(run.total, requestTable.length * POLICIES.length);
  });

  const go = requireBinary(STACK_BINARY.go);
  let program: GoParityProgram | undefined;
  after(() => program?.remove());
  // One program holds every policy's cors.go and Gin part: one `go build` for both libraries.
  const goProgram = async (): Promise<GoParityProgram> => {
    program ??= await GoParityProgram.build(
      POLICIES.map((p) => generatedFor('go', p)),
      POLICIES.map((p) => generateConfig('go', p).parts[1]!.text),
    );
    return program;
  };
  for (const [target, prefix] of [
    ['go', ''],
    ['gin', 'gin'],
  ] as const) {
    test(`${target === 'go' ? 'go (rs/cors)' : 'go (gin-contrib/cors)'}: the request table × ${POLICIES.length} policies`, {
      skip: go.skip,
    }, async (t) => {
      const built = await goProgram();
      const run: StackRun = { equal: 0, total: 0, kinds: new Map(), examples: new Map(), failures: [] };
      for (const [i, options] of POLICIES.entries()) {
        const server = await built.start(`${prefix}${i}`);
        try {
          await runPolicy(target, options, server, run);
        } finally {
          await server.stop();
        }
      }
      report(target, run, t);
      assert.deepEqual(run.failures, [], `${target}:\n  ${run.failures.join('\n  ')}`);
      assert.equal(run.total, requestTable.length * POLICIES.length);
    });
  }
});
