import type { Command } from 'commander';
import { DoctorInputError, inputWarnings, parseBrowser, parseHeader, parseTimeout } from '../doctor/input.js';
import { isStackName, STACK_NAMES, type StackName } from '../doctor/stack-detection.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { renderDoctorMatrix } from './output/doctor-matrix.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

export interface DoctorFlags {
  origin: string[];
  request: string[];
  header?: string[];
  credentials?: boolean;
  timeout: string;
  insecure?: boolean;
  json?: boolean;
  readHeader?: string[];
  stack?: string;
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
  $ corskit doctor https://api.example.com/items -o https://app.example.com -o https://admin.example.com -X GET -X PUT
  $ corskit doctor https://api.example.com/items -o https://app.example.com --read-header X-Total-Count
  $ corskit doctor https://127.0.0.1:8443/api --origin https://app.example.com -k --real

Exit codes: 0 allowed, 1 blocked, 2 bad usage or the server could not be reached.`;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('probe a live URL as a browser at --origin would, and explain why CORS blocks it')
    .argument('<url>', 'the URL the page fetches (http or https)')
    .requiredOption(
      '-o, --origin <origin>',
      'origin of the page making the request, e.g. https://app.example.com (repeatable: a matrix)',
      collect,
    )
    .option(
      '-X, --request <method>',
      'request method, as in fetch(url, { method }) (repeatable: a matrix)',
      collect,
    )
    .option('-H, --header <header>', "request header 'Name: value' (repeatable)", collect)
    .option(
      '--read-header <name>',
      'a response header the page reads: say if it cannot (repeatable)',
      collect,
    )
    .option('--credentials', 'send as fetch(url, { credentials: "include" }) (cookies, HTTP auth)')
    .option('--timeout <duration>', 'per-request timeout, e.g. 5s or 500ms', '10s')
    .option('-k, --insecure', 'accept an invalid TLS certificate (a local dev server)')
    .option(
      '--browser <name>',
      "whose requests to send: chromium, firefox, webkit (safari), both or all (each probed with its own requests; webkit's are not dressed yet)",
      'both',
    )
    .option(
      '--real [browsers]',
      'also run the fetch in the installed browsers (chromium,firefox; default: every one installed) and compare',
    )
    .option('--chromium-path <path>', 'Chromium executable for --real (or CORSKIT_CHROMIUM)')
    .option('--firefox-path <path>', 'Firefox executable for --real (or CORSKIT_FIREFOX)')
    .option('--json', 'print one JSON object instead of text')
    .option(
      '--stack <name>',
      `put this stack's fix first instead of the detected one (${STACK_NAMES.join(', ')})`,
    )
    .addHelpText('after', EXAMPLES)
    .action(guarded('doctor', (url: string, flags: DoctorFlags) => doctor(url, flags)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function doctor(url: string, flags: DoctorFlags): Promise<number> {
  // Loaded on use: the other commands start without the browser model.
  const [{ DoctorUnreachableError, runDoctor }, { renderDoctor }] = await Promise.all([
    import('../doctor/run-doctor.js'),
    import('./output/doctor-printer.js'),
  ]);
  if (flags.stack !== undefined && !isStackName(flags.stack))
    throw new CliError(
      `--stack must be one of ${STACK_NAMES.join(', ')}, not ${JSON.stringify(flags.stack)}`,
      ExitCode.usage,
    );
  const methods = flags.request?.length ? flags.request : ['GET'];
  const headers = (flags.header ?? []).map(parseHeader);
  const warnings = [...new Set(methods.flatMap((method) => inputWarnings(method, headers)))];
  const browser = parseBrowser(flags.browser);
  const probe = (origin: string, method: string) =>
    runDoctor({
      url,
      origin,
      method,
      headers,
      credentials: flags.credentials === true,
      timeoutMs: parseTimeout(flags.timeout),
      insecure: flags.insecure === true,
      readHeaders: flags.readHeader ?? [],
      ...(flags.stack !== undefined ? { stack: flags.stack as StackName } : {}),
      browser,
    });
  try {
    const cells = flags.origin.flatMap((origin) => methods.map((method) => ({ origin, method })));
    if (cells.length === 1) {
      const { report } = await probe(cells[0]!.origin, cells[0]!.method);
      if (flags.real !== undefined) {
        const { runRealComparison } = await import('./doctor-real.js');
        return await runRealComparison(report, flags, cells[0]!.method);
      }
      if (flags.json) printJson(warnings.length ? { ...report, warnings } : report);
      else printLines([...warningLines(warnings), ...renderDoctor(report, colors())]);
      return report.verdict === 'allowed' ? ExitCode.ok : ExitCode.problem;
    }
    if (flags.real !== undefined)
      throw new CliError('--real compares one fetch: give one --origin and one -X', ExitCode.usage);
    // One probe at a time: the preflight of one must not warm a cache another depends on.
    const reports = [];
    for (const cell of cells)
      reports.push({ ...cell, report: (await probe(cell.origin, cell.method)).report });
    if (flags.json) printJson({ url, warnings, matrix: reports });
    else printLines([...warningLines(warnings), ...renderDoctorMatrix(url, reports, colors())]);
    return reports.every((r) => r.report.verdict === 'allowed') ? ExitCode.ok : ExitCode.problem;
  } catch (error) {
    if (error instanceof DoctorInputError || error instanceof DoctorUnreachableError)
      throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}

function warningLines(warnings: readonly string[]): string[] {
  const c = colors();
  return warnings.flatMap((w) => [`${c.bold(c.yellow('! Warning:'))} ${w}`, '']);
}
