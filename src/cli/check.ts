import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { PolicyFileCode } from '../policy/issue-codes.js';
import type { PolicyIssue, Problem } from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { renderTable } from './output/table.js';
import { printLines } from './output/write.js';

const EXAMPLES = `
Examples:
  $ corskit check cors.json
  $ corskit check policy.yaml --json

Exit codes: 0 valid (warnings are printed), 1 the policy has problems, 2 the file cannot be read or parsed.`;

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate a policy file (JSON or YAML) and list every problem with its path and a hint')
    .argument('<policy-file>', 'a .json, .yaml or .yml file holding corskit PolicyOptions')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('check', (file: string, flags: { json?: boolean }) => check(file, flags)));
}

/** A policy file that cannot be read or parsed: one line (exit 2), and a problem for `--json`. */
export class PolicyFileError extends CliError {
  readonly problem: Problem<PolicyFileCode>;
  constructor(code: PolicyFileCode, message: string, hint: string) {
    super(message);
    this.problem = { code, path: '', message, hint, severity: 'error' };
  }
}

/** Reads and parses a policy file; any failure is a one-line PolicyFileError (exit 2). */
export async function loadPolicyFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new PolicyFileError('policy-file-unreadable', `cannot read ${file}: ${why}`, 'check the path');
  }
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text);
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const kind = ext === '.json' ? 'JSON' : 'YAML';
    throw new PolicyFileError(
      'policy-file-unparseable',
      `cannot parse ${file} as ${kind}: ${message}`,
      `fix the ${kind} syntax`,
    );
  }
}

async function check(file: string, flags: { json?: boolean }): Promise<number> {
  let policy: unknown;
  try {
    policy = await loadPolicyFile(file);
  } catch (error) {
    if (!(flags.json && error instanceof PolicyFileError)) throw error;
    printJson({ file, valid: false, issues: [error.problem] });
    return error.exitCode;
  }
  const { issues } = validatePolicy(policy);
  const errors = issues.filter((i) => i.severity === 'error');
  if (flags.json) printJson({ file, valid: errors.length === 0, issues });
  else printLines(renderIssues(file, issues));
  return errors.length ? ExitCode.problem : ExitCode.ok;
}

function renderIssues(file: string, issues: readonly PolicyIssue[]): string[] {
  const c = colors();
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const summary = errors
    ? c.red(`✗ ${file}: ${plural(errors, 'problem')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`)
    : warnings
      ? c.yellow(`✓ ${file}: valid, ${plural(warnings, 'warning')}`)
      : c.green(`✓ ${file}: valid policy`);
  if (!issues.length) return [summary];
  const rows = issues.map((i) => [i.severity, i.code, i.path || '(root)', i.message, i.hint]);
  return [summary, renderTable(['severity', 'code', 'path', 'problem', 'hint'], rows)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
