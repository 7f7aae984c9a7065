import { hasBrand } from './error-brand.js';
import type { PolicyIssue } from './types.js';

const CORS_POLICY_ERROR_BRAND = Symbol.for('corskit.CorsPolicyError');

/** Thrown by `createPolicy` with every problem found, so a user fixes a policy in one pass. */
export class CorsPolicyError extends Error {
  /** Branded: `instanceof` holds across duplicate copies of corskit (see error-brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CORS_POLICY_ERROR_BRAND);
  }
  readonly [CORS_POLICY_ERROR_BRAND] = true;
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
