import type { Command } from 'commander';
import { DoctorInputError, parseBrowser, parseHeader, parseTimeout } from '../doctor/input.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { renderDoctor } from './output/doctor-printer.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

export interface DoctorFlags {
  origin: string;
  request: string;
  header?: string[];
  credentials?: boolean;
  timeout: string;
  insecure?: boolean;
  json?: boolean;
  browser: string;
  real?: boolean | string;
  chromiumPath?: string;
  firefoxPath?: string;
}

const EXAMPLES = `
Examples:
  $ corskit doctor https://api.example.com/items --origin https://app.example.com
  $ corskit doctor https://api.example.com/items --origin https://app.example.com \\
      -X PUT -H 'Content-Type: application/json' -H 'Authorization: Bearer x' --credentials
  $ corskit doctor http://127.0.0.1:8080/api --origin http://localhost:3000 --json
  $ corskit doctor https://127.0.0.1:8443/api --origin https://app.example.com -k --real

Exit codes: 0 allowed, 1 blocked, 2 bad usage or the server could not be reached.`;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('probe a live URL as a browser at --origin would, and explain why CORS blocks it')
    .argument('<url>', 'the URL the page fetches (http or https)')
    .requiredOption(
      '-o, --origin <origin>',
      'origin of the page making the request, e.g. https://app.example.com',
    )
    .option('-X, --request <method>', 'request method, as in fetch(url, { method })', 'GET')
    .option('-H, --header <header>', "request header 'Name: value' (repeatable)", collect)
    .option('--credentials', 'send as fetch(url, { credentials: "include" }) (cookies, HTTP auth)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '10000')
    .option('-k, --insecure', 'accept an invalid TLS certificate (a local dev server)')
    .option(
      '--browser <name>',
      'send the requests of chromium, firefox or both (each probed with its own requests)',
      'both',
    )
    .option(
      '--real [browsers]',
      'also run the fetch in the installed browsers (chromium,firefox; default: every one installed) and compare',
    )
    .option('--chromium-path <path>', 'Chromium executable for --real (or CORSKIT_CHROMIUM)')
    .option('--firefox-path <path>', 'Firefox executable for --real (or CORSKIT_FIREFOX)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('doctor', (url: string, flags: DoctorFlags) => doctor(url, flags)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function doctor(url: string, flags: DoctorFlags): Promise<number> {
  // Loaded on use: the other commands start without the browser model.
  const { DoctorUnreachableError, runDoctor } = await import('../doctor/run-doctor.js');
  try {
    const { report } = await runDoctor({
      url,
      origin: flags.origin,
      method: flags.request,
      headers: (flags.header ?? []).map(parseHeader),
      credentials: flags.credentials === true,
      timeoutMs: parseTimeout(flags.timeout),
      insecure: flags.insecure === true,
      browser: parseBrowser(flags.browser),
    });
    if (flags.real !== undefined) {
      const { runRealComparison } = await import('./doctor-real.js');
      return await runRealComparison(report, flags);
    }
    if (flags.json) printJson(report);
    else printLines(renderDoctor(report, colors()));
    return report.verdict === 'allowed' ? ExitCode.ok : ExitCode.problem;
  } catch (error) {
    if (error instanceof DoctorInputError || error instanceof DoctorUnreachableError)
      throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}
