import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { PolicyIssue } from '../policy/types.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
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

/** Reads and parses a policy file; any failure is a one-line CliError (exit 2). */
export async function loadPolicyFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new CliError(`cannot read ${file}: ${why}`);
  }
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text);
    // Loaded on use: YAML is the largest dependency after undici, and JSON policies never need it.
    const { parse: parseYaml } = await import('yaml');
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`cannot parse ${file} as ${ext === '.json' ? 'JSON' : 'YAML'}: ${message}`);
  }
}

async function check(file: string, flags: { json?: boolean }): Promise<number> {
  const policy = await loadPolicyFile(file);
  const { validatePolicy } = await import('../policy/validate.js');
  const { issues } = validatePolicy(policy);
  const errors = issues.filter((i) => i.severity === 'error');
  if (flags.json) printJson({ file, valid: errors.length === 0, issues });
  else printLines(await renderIssues(file, issues));
  return errors.length ? ExitCode.problem : ExitCode.ok;
}

export async function renderIssues(file: string, issues: readonly PolicyIssue[]): Promise<string[]> {
  const c = colors();
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const summary = errors
    ? c.red(`✗ ${file}: ${plural(errors, 'problem')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`)
    : warnings
      ? c.yellow(`✓ ${file}: valid, ${plural(warnings, 'warning')}`)
      : c.green(`✓ ${file}: valid policy`);
  if (!issues.length) return [summary];
  // Only a policy with issues draws a table: a valid one starts without cli-table3.
  const { renderTable } = await import('./output/table.js');
  const rows = issues.map((i) => [i.severity, i.path || '(root)', i.message, i.hint]);
  return [summary, renderTable(['severity', 'path', 'problem', 'hint'], rows)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
