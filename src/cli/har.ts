import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { printLines } from './output/write.js';

const EXAMPLES = `
Examples:
  $ corskit har network.har
  $ corskit har network.har --json | jq 'select(.verdict == "blocked") | .code'

Cookie, Authorization and Set-Cookie values are redacted in every output.
Exit codes: 0 nothing blocked, 1 a request was blocked, 2 bad usage or not a HAR file.`;

export function registerHar(program: Command): void {
  program
    .command('har')
    .description('replay every cross-origin request of a HAR file through the browser model, offline')
    .argument('<file>', 'a HAR file saved by Chromium, Firefox or Playwright')
    .option('--json', 'print one JSON object per request, one per line')
    .addHelpText('after', EXAMPLES)
    .action(guarded('har', (file: string, flags: { json?: boolean }) => har(file, flags)));
}

async function har(file: string, flags: { json?: boolean }): Promise<number> {
  const [{ analyzeHar, HarFormatError }, { renderHar }] = await Promise.all([
    import('../har/index.js'),
    import('./output/har-printer.js'),
  ]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const analysis = await analyzeHar(text);
    if (flags.json) printLines(analysis.requests.map((r) => JSON.stringify(r)));
    else printLines(renderHar(analysis, colors()));
    return analysis.summary.blocked > 0 ? ExitCode.problem : ExitCode.ok;
  } catch (error) {
    if (error instanceof HarFormatError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}
