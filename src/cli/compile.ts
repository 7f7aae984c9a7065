// `corskit compile cors.json [--out cors.compiled.json]`: validates a policy file at build time
// and writes its compiled form for corskit/edge, so an edge bundle never carries the validator or
// the Public Suffix List. A .js/.mjs output is an ES module; anything else is JSON.
// Exit codes: 0 written; 1 the policy has problems; 2 the file cannot be read or written.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { PolicyIssue } from '../policy/types.js';
import { loadPolicyFile, renderIssues } from './check.js';
import { CliError, guarded } from './output/cli-error.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

const EXAMPLES = `
Examples:
  $ corskit compile cors.json --out src/cors.compiled.json
  $ corskit compile cors.yaml --out src/cors-policy.js

Then, in a Worker:  import compiled from './cors.compiled.json'; import { cors } from 'corskit/edge';
The output is tied to this corskit version: compile again after upgrading (corskit/edge refuses it otherwise).`;

interface CompileFlags {
  out?: string;
  json?: boolean;
}

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('validate a policy file and write its compiled form for corskit/edge (small edge bundles)')
    .argument('<policy-file>', 'a .json, .yaml or .yml file holding corskit PolicyOptions')
    .option(
      '--out <file>',
      'where to write it (.json, or .js/.mjs for an ES module); default: standard output',
    )
    .option('--json', 'print one JSON object describing the result instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('compile', (file: string, flags: CompileFlags) => compile(file, flags)));
}

async function compile(file: string, flags: CompileFlags): Promise<number> {
  const options = await loadPolicyFile(file);
  // Loaded on use: the other commands start without the policy engine.
  const { validatePolicy } = await import('../policy/validate.js');
  const { issues } = validatePolicy(options);
  if (issues.some((i) => i.severity === 'error')) {
    if (flags.json) printJson({ file, compiled: false, issues });
    else printLines(await renderIssues(file, issues));
    return ExitCode.problem;
  }
  const text = render(await compiledData(options), flags.out, file);
  if (flags.out === undefined) process.stdout.write(text);
  else await write(flags.out, text);
  if (flags.json) printJson({ file, compiled: true, out: flags.out ?? null, issues });
  else if (flags.out !== undefined)
    printLines([`compiled ${file} → ${flags.out}`, ...(await warningLines(file, issues))]);
  return ExitCode.ok;
}

async function compiledData(options: unknown) {
  const [{ CompiledPolicyError, compilePolicyData }, { createPolicy }] = await Promise.all([
    import('../engine/compiled-policy.js'),
    import('../engine/create-policy.js'),
  ]);
  try {
    return compilePolicyData(createPolicy(options as never));
  } catch (error) {
    if (error instanceof CompiledPolicyError) throw new CliError(error.message, ExitCode.problem);
    throw error;
  }
}

function render(data: object, out: string | undefined, source: string): string {
  const json = JSON.stringify(data, null, 2);
  if (out === undefined || !/\.m?js$/i.test(out)) return `${json}\n`;
  return `// Compiled by corskit from ${JSON.stringify(source)}: do not edit, run \`corskit compile\` again.\nexport default ${json};\n`;
}

async function write(out: string, text: string): Promise<void> {
  try {
    await writeFile(out, text);
  } catch (error) {
    throw new CliError(`cannot write ${out}: ${(error as { code?: string }).code ?? 'unwritable'}`);
  }
}

async function warningLines(file: string, issues: readonly PolicyIssue[]): Promise<string[]> {
  return issues.length ? renderIssues(file, issues) : [];
}
