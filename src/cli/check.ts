import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { PolicyFileCode } from '../policy/issue-codes.js';
import type { PolicyIssue, Problem } from '../policy/types.js';
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

const READABLE = ['.json', '.yaml', '.yml'];

/** A policy file that cannot be read or parsed: one line (exit 2), and a problem for `--json`. */
export class PolicyFileError extends CliError {
  readonly problem: Problem<PolicyFileCode>;
  constructor(code: PolicyFileCode, message: string, hint: string, detail: readonly string[] = []) {
    super(message, ExitCode.usage, detail);
    this.problem = { code, path: '', message, hint, severity: 'error' };
  }
}

/** Reads and parses a policy file; any failure is a PolicyFileError (exit 2) naming where it is. */
export async function loadPolicyFile(file: string): Promise<unknown> {
  const ext = extname(file).toLowerCase();
  // No extension: YAML, which also reads JSON. Any other extension is a format we cannot read.
  if (ext && !READABLE.includes(ext))
    throw new PolicyFileError(
      'policy-file-unreadable',
      `cannot read ${ext} files: a policy is JSON (.json) or YAML (.yaml, .yml)`,
      'write the policy as JSON or YAML',
    );
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new PolicyFileError('policy-file-unreadable', `cannot read ${file}: ${why}`, 'check the path');
  }
  const format = ext === '.json' ? 'JSON' : 'YAML';
  try {
    if (ext === '.json') return JSON.parse(text);
    // Loaded on use: YAML is the largest dependency after undici, and JSON policies never need it.
    const { parse: parseYaml } = await import('yaml');
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = (error instanceof Error ? error.message.split('\n')[0] : String(error)) ?? '';
    const where = await errorPosition(error, text);
    // V8 quotes a piece of the text after its reason; the offending line is shown instead.
    const reason =
      /^Unexpected (?:token '[^']*'|end of JSON input|non-whitespace character after JSON)/.exec(
        message,
      )?.[0] ?? message.replace(/ at line \d+, column \d+:?$/, '');
    const at = where ? ` at line ${where.line}, column ${where.col}` : '';
    throw new PolicyFileError(
      'policy-file-unparseable',
      `cannot parse ${file} as ${format}${at}: ${reason}`,
      `fix the ${format} syntax`,
      where ? offendingLine(text, where) : [],
    );
  }
}

interface Position {
  readonly line: number;
  readonly col: number;
}

/** Where the parser stopped: YAML says it; for JSON, the YAML parser (JSON is YAML) or V8's offset. */
async function errorPosition(error: unknown, text: string): Promise<Position | null> {
  const yamlPos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  if (yamlPos) return yamlPos;
  const offset = /at position (\d+)/.exec(String((error as Error).message))?.[1];
  if (offset !== undefined) return positionOf(text, Number(offset));
  const lineCol = /line (\d+) column (\d+)/.exec(String((error as Error).message));
  if (lineCol) return { line: Number(lineCol[1]), col: Number(lineCol[2]) };
  const { parse: parseYaml } = await import('yaml');
  try {
    parseYaml(text, { prettyErrors: true });
  } catch (yamlError) {
    return (yamlError as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0] ?? null;
  }
  return null;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

function offendingLine(text: string, { line, col }: Position): string[] {
  const source = text.split('\n')[line - 1] ?? '';
  const gutter = `  ${line} | `;
  return [`${gutter}${source}`, `${' '.repeat(gutter.length + col - 1)}^`];
}

async function check(file: string, flags: { json?: boolean }): Promise<number> {
  let policy: unknown;
  try {
    policy = await loadPolicyFile(file);
  } catch (error) {
    if (!(flags.json && error instanceof PolicyFileError)) throw error;
    // The policy-file problem (one shape with policy issues) and the error every command reports.
    const report = { command: 'check', message: error.message, exitCode: error.exitCode };
    printJson({ file, valid: false, issues: [error.problem], error: report });
    return error.exitCode;
  }
  // Loaded on use: the other commands start without the validator and the Public Suffix List.
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
  const rows = issues.map((i) => [i.severity, i.code, i.path || '(root)', i.message, i.hint]);
  return [summary, renderTable(['severity', 'code', 'path', 'problem', 'hint'], rows, terminalWidth())];
}

/** The terminal's width; COLUMNS when stdout is not a terminal; none (natural width) otherwise. */
function terminalWidth(): number | undefined {
  const columns = process.stdout.columns || Number(process.env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? columns : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
