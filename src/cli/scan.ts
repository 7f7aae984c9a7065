import type { Command } from 'commander';
import { DoctorInputError, parseOrigin, parseTargetUrl, parseTimeout } from '../doctor/input.js';
import { atLeast } from '../scan/severity.js';
import type { Finding, ScanReport, Severity } from '../scan/types.js';
import { CliError, guarded } from './output/cli-error.js';
import { type Colors, colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { indent, wrap } from './output/wrap.js';
import { printLines } from './output/write.js';

interface ScanFlags {
  origin?: string;
  timeout: string;
  deadline: string;
  insecure?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ corskit scan https://api.example.com/me --origin https://www.example.com
  $ corskit scan http://127.0.0.1:8080/api/items --origin https://app.example.com --json

Probes are derived from --origin (the origin the site is meant to trust; default: the URL's own).
Only run it against servers you are allowed to test.

Exit codes: 0 nothing of medium severity or worse, 1 a medium/high finding, 2 bad usage or unreachable.`;

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('look for dangerous CORS misconfigurations by sending crafted Origin headers')
    .argument('<url>', 'an endpoint that answers with CORS headers (ideally one that needs a login)')
    .option('-o, --origin <trusted>', 'an origin the site legitimately trusts, e.g. https://www.example.com')
    .option('--timeout <duration>', 'per-request timeout, e.g. 5s or 500ms', '10s')
    .option('--deadline <duration>', 'stop the whole scan after this long and report what was found', '60s')
    .option('-k, --insecure', 'accept an invalid TLS certificate (a local dev server)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('scan', (url: string, flags: ScanFlags) => runScan(url, flags)));
}

async function runScan(urlText: string, flags: ScanFlags): Promise<number> {
  let report: ScanReport;
  // Loaded on use, so that the other commands start without the scanner and its transport.
  const [{ createHttpTransport }, { scan }] = await Promise.all([
    import('../doctor/http-transport.js'),
    import('../scan/scanner.js'),
  ]);
  try {
    const url = parseTargetUrl(urlText);
    const trustedOrigin = parseOrigin(flags.origin ?? url.origin);
    if (trustedOrigin === 'null')
      throw new DoctorInputError('--origin must be the origin the site trusts, not "null"');
    const http = createHttpTransport({
      timeoutMs: parseTimeout(flags.timeout),
      insecure: flags.insecure === true,
    });
    const progress = flags.json ? null : progressLine();
    report = await scan({
      url: url.href,
      trustedOrigin,
      transport: http.transport,
      deadlineMs: parseTimeout(flags.deadline),
      ...(progress ? { onProgress: progress.update } : {}),
    })
      .finally(() => progress?.clear())
      .catch((error: unknown) => {
        throw new CliError(
          http.failures[0]?.message ?? (error instanceof Error ? error.message : String(error)),
        );
      });
  } catch (error) {
    if (error instanceof DoctorInputError) throw new CliError(error.message);
    throw error;
  }
  if (flags.json) printJson(report);
  else printLines(await renderScan(report, colors()));
  return report.worst && atLeast(report.worst, 'medium') ? ExitCode.problem : ExitCode.ok;
}

/** `scanning… 12/40 requests` on stderr, rewritten in place; only on a terminal. */
function progressLine(): { update: (sent: number, total: number) => void; clear: () => void } | null {
  if (!process.stderr.isTTY) return null;
  return {
    update: (sent, total) => process.stderr.write(`\rscanning… ${sent}/${total} requests`),
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}

function paint(severity: Severity, c: Colors): string {
  const painters: Record<Severity, (s: string) => string> = {
    high: (s) => c.bold(c.red(s)),
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  return painters[severity](severity.toUpperCase());
}

export async function renderScan(report: ScanReport, c: Colors): Promise<string[]> {
  const lines = [
    `${c.bold('corskit scan')} ${report.url}  (trusted origin ${report.trustedOrigin}, ${report.requestsSent} requests)`,
  ];
  if (report.timedOut)
    lines.push(c.yellow('! the --deadline passed before every probe was sent: these findings are partial.'));
  if (!report.trustedOriginAllowed)
    lines.push(
      c.yellow(
        `! ${report.trustedOrigin} itself gets no CORS grant here: pass --origin with an origin this endpoint allows, or the scan can only find wildcard-style flaws.`,
      ),
    );
  if (report.findings.length === 0) return [...lines, c.green('✓ no CORS misconfiguration found')];
  const { renderTable } = await import('./output/table.js');
  lines.push(
    renderTable(
      ['severity', 'class', 'probe origin', 'credentials'],
      report.findings.map((f) => [
        f.severity.toUpperCase(),
        f.class,
        f.probeOrigin ?? '-',
        f.credentials ? 'yes' : 'no',
      ]),
    ),
  );
  for (const f of report.findings) lines.push('', ...renderFinding(f, c));
  return lines;
}

function renderFinding(f: Finding, c: Colors): string[] {
  const lines = [`${paint(f.severity, c)}  ${c.bold(f.title)}  [${f.class}]`];
  lines.push(`  ${f.request.method} ${f.request.url}`);
  for (const [name, value] of f.request.headers) lines.push(c.dim(`    > ${name}: ${value}`));
  lines.push(`    < ${f.status}`);
  for (const [name, value] of f.evidence) lines.push(`    < ${name}: ${value}`);
  if (!f.sendableBy.chromium || !f.sendableBy.firefox) {
    const who = f.sendableBy.chromium
      ? 'only Chromium'
      : f.sendableBy.firefox
        ? 'only Firefox'
        : 'no browser';
    lines.push(c.dim(`  (${who} can send this Origin)`));
  }
  lines.push(...indent(wrap(f.description, 96), '  '), ...indent(wrap(`Fix: ${f.fix}`, 96), '  '));
  return lines;
}
