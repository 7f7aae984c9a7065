import type { PolicyIssue } from './types.js';

/** Thrown by `createPolicy` with every problem found, so a user fixes a policy in one pass. */
export class CorsPolicyError extends Error {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    super(formatIssues(issues));
    this.name = 'CorsPolicyError';
    this.issues = Object.freeze([...issues]);
  }
}

export function formatIssues(issues: readonly PolicyIssue[]): string {
  const errors = issues.filter((i) => i.severity === 'error');
  const head = `invalid CORS policy: ${errors.length} problem${errors.length === 1 ? '' : 's'}`;
  const lines = errors.map((i) => `  ${i.path || '(policy)'}: ${i.message}\n    hint: ${i.hint}`);
  return [head, ...lines].join('\n');
}
