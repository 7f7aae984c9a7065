// `corskit verify URL --policy FILE [--path /a …] [--json]`: proves that a live server answers
// CORS as the policy says. Exit 0 conforms, 1 deviates, 2 bad usage or unreachable.
import type { Command } from 'commander';
import { CorsPolicyError } from '../policy/policy-error.js';
import { loadPolicyFile } from './check.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

interface VerifyFlags {
  policy: string;
  path?: string[];
  timeout: string;
  insecure?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ corskit verify https://api.example.com --policy cors.json --path /items --path /login
  $ corskit verify http://127.0.0.1:8080/api --policy cors.yaml --json

Exit codes: 0 the server conforms, 1 it deviates, 2 bad usage or the server could not be reached.`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('send a request table derived from the policy to a live server and report every deviation')
    .argument('<url>', 'the server (http or https); its path is probed unless --path is given')
    .requiredOption('--policy <file>', 'policy file (JSON or YAML)')
    .option('--path <path>', 'a path to probe, starting with / (repeatable)', collect)
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '10000')
    .option('-k, --insecure', 'accept an invalid TLS certificate (a local dev server)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('verify', (url: string, flags: VerifyFlags) => verify(url, flags)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function verify(url: string, flags: VerifyFlags): Promise<number> {
  const timeoutMs = Number(flags.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new CliError(
      `--timeout must be a positive whole number of milliseconds, got ${JSON.stringify(flags.timeout)}`,
    );
  const options = await loadPolicyFile(flags.policy);
  const [{ VerifyInputError, VerifyUnreachableError, verifyServer }, { renderVerify }] = await Promise.all([
    import('../verify/verify-server.js'),
    import('./output/verify-printer.js'),
  ]);
  try {
    const report = await verifyServer(url, options as never, {
      ...(flags.path ? { paths: flags.path } : {}),
      timeoutMs,
      insecure: flags.insecure === true,
    });
    if (flags.json) printJson(report);
    else printLines(renderVerify(report, colors()));
    return report.conforms ? ExitCode.ok : ExitCode.problem;
  } catch (error) {
    if (error instanceof CorsPolicyError) {
      const first = error.issues.find((i) => i.severity === 'error');
      throw new CliError(
        `invalid policy ${flags.policy}${first ? `: ${first.path || '(policy)'}: ${first.message}` : ''} (corskit check ${flags.policy} lists every problem)`,
      );
    }
    if (error instanceof VerifyInputError || error instanceof VerifyUnreachableError)
      throw new CliError(error.message);
    throw error;
  }
}
