// Reads the policies a gateway applies, from files or inline config, and validates them before
// anything is swapped in: a policy with any error is never used, and every problem is reported.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsPolicy, PolicyIssue, Problem } from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import { type Route, RouteTable } from './route-table.js';
import type { RouteConfig } from './types.js';

/** One problem that stops a set of policies from being used, located for a human. */
/** `code`: a policy issue code, a policy-file code, a gateway-config code or `policy-rejected`. */
export interface PolicyProblem extends Problem {
  /** The file (or `inline`) and the route prefix it serves. */
  readonly source: string;
  readonly prefix: string;
}

export type LoadResult =
  | { readonly ok: true; readonly table: RouteTable; readonly warnings: PolicyProblem[] }
  | { readonly ok: false; readonly problems: PolicyProblem[] };

/** Parses JSON, or YAML when the file name says so. */
export function parseDocument(text: string, fileName: string): unknown {
  return /\.ya?ml$/i.test(fileName) ? parseYaml(text) : JSON.parse(text);
}

async function readPolicyOptions(file: string): Promise<unknown> {
  return parseDocument(await readFile(file, 'utf8'), file);
}

function locate(issue: PolicyIssue, source: string, prefix: string): PolicyProblem {
  return {
    source,
    prefix,
    code: issue.code,
    path: issue.path,
    message: issue.message,
    hint: issue.hint,
    severity: issue.severity,
  };
}

async function loadRoute(
  route: RouteConfig,
): Promise<{ route?: Route; problems: PolicyProblem[]; warnings: PolicyProblem[] }> {
  const source = route.policyFile ?? 'inline';
  let options: unknown;
  try {
    options = route.policyFile ? await readPolicyOptions(route.policyFile) : route.policy;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem = {
      code: 'policy-file-unreadable' as const,
      source,
      prefix: route.prefix,
      path: '',
      message,
      hint: 'fix the file',
      severity: 'error' as const,
    };
    return { problems: [problem], warnings: [] };
  }
  const issues = validatePolicy(options).issues.map((issue) => locate(issue, source, route.prefix));
  const problems = issues.filter((p) => p.severity === 'error');
  if (problems.length > 0) return { problems, warnings: [] };
  let policy: CorsPolicy;
  try {
    policy = createPolicy(options as Parameters<typeof createPolicy>[0]);
  } catch (error) {
    // validatePolicy and createPolicy agree by contract; this only guards against a disagreement.
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        {
          code: 'policy-rejected',
          source,
          prefix: route.prefix,
          path: '',
          message,
          hint: '',
          severity: 'error',
        },
      ],
      warnings: [],
    };
  }
  return { route: { prefix: route.prefix, policy, source, options }, problems: [], warnings: issues };
}

/** Loads every route's policy; succeeds only when all of them are valid. */
export async function loadRoutes(
  routes: readonly RouteConfig[],
  options: { caseSensitive?: boolean } = {},
): Promise<LoadResult> {
  const results = await Promise.all(routes.map(loadRoute));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) return { ok: false, problems };
  const table = new RouteTable(
    results.map((r) => r.route!),
    options,
  );
  return { ok: true, table, warnings: results.flatMap((r) => r.warnings) };
}
