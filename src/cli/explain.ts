import type { Command } from 'commander';
import { BROWSER_DISPLAY_NAMES } from '../browser/browser-names.js';
import type { ExplainMatch, ExplainMiss } from '../browser/explain.js';
import { expressFix } from '../doctor/express-fix.js';
import { CliError, guarded } from './output/cli-error.js';
import { type Colors, colors } from './output/colors.js';
import { indent, wrap } from './output/doctor-printer.js';
import { ExitCode } from './output/exit-codes.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

const EXAMPLES = `
Examples:
  $ corskit explain "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
  $ corskit explain "Motivo: Hace falta la cabecera CORS 'Access-Control-Allow-Origin'"
  $ corskit explain "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present"
  $ corskit explain "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 500"
  $ pbpaste | corskit explain --json

Accepts Firefox lines in every locale corskit knows, Chromium and Safari (WebKit) lines, whole or partial, with or without the URL.
Safari's script-side "TypeError: Load failed" names no reason: explain says where to find it.
Exit codes: 0 recognised (a reasonless line too), 1 not a known CORS message (the closest ones are listed), 2 no message given.`;

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'explain a pasted Firefox, Chromium or Safari CORS console message: code, cause, what to check, fix',
    )
    .argument('[message...]', 'the console line (quote it); read from stdin when omitted')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', EXAMPLES)
    .action(guarded('explain', (words: string[], flags: { json?: boolean }) => explain(words, flags)));
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function explain(words: string[], flags: { json?: boolean }): Promise<number> {
  const text = (words.length ? words.join(' ') : await readStdin()).trim();
  if (!text)
    throw new CliError('no message given: paste the console line as an argument (quoted) or on stdin');
  // Loaded on use, like the doctor: the message catalogues are large.
  const { explainMessage } = await import('../browser/explain.js');
  const explanation = explainMessage(text);
  if (explanation.code === null) {
    if (flags.json)
      printJson(
        explanation.note
          ? { recognised: true, input: text, code: null, note: explanation.note }
          : { recognised: false, input: text, closest: explanation.closest },
      );
    else printLines(renderMiss(explanation, colors()));
    // A reasonless line that explain knows (Safari's "Load failed") is recognised, not a miss.
    return explanation.note ? ExitCode.ok : ExitCode.problem;
  }
  if (flags.json)
    printJson({
      recognised: true,
      ...explanation,
      fix: { ...explanation.fix, express: expressFix(explanation.fix.policy) },
    });
  else printLines(renderMatch(explanation, colors()));
  return ExitCode.ok;
}

function renderMatch(e: ExplainMatch, c: Colors): string[] {
  const where =
    e.browser === 'firefox' ? `Firefox (${e.locales.join(', ')})` : BROWSER_DISPLAY_NAMES[e.browser];
  const lines = [
    `${c.bold(e.code)}  ${c.bold(e.title)}`,
    c.dim(`  recognised as ${where}, ${e.match} match of ${e.key}`),
  ];
  const details: Array<[string, string | number | null | undefined]> = [
    ['URL', e.url],
    ['redirected from', e.redirectedFrom],
    ['origin', e.origin],
    ['status', e.status],
    ['header', e.header],
    ['method', e.method],
    ['value', e.value],
  ];
  for (const [label, value] of details)
    if (value !== undefined && value !== null) lines.push(`  ${label}: ${value}`);
  if (e.preflight) lines.push('  (the preflight request failed)');
  lines.push('', c.bold('Cause'), ...indent(wrap(e.cause, 96), '  '));
  if (e.whatToCheck.length) {
    lines.push('', c.bold('What to check'));
    for (const item of e.whatToCheck) {
      const [first = '', ...rest] = wrap(item, 94);
      lines.push(`  - ${first}`, ...indent(rest, '    '));
    }
  }
  lines.push('', c.bold('Fix'), ...indent(wrap(e.fix.summary, 96), '  '));
  if (e.fix.headers.length) {
    lines.push('', '  Response headers to send:');
    for (const [name, value] of e.fix.headers) lines.push(c.green(`    ${name}: ${value}`));
  }
  lines.push(
    '',
    '  corskit policy (cors.json):',
    ...indent(JSON.stringify(e.fix.policy, null, 2).split('\n'), '    '),
  );
  lines.push('', '  nginx:', ...indent(e.fix.nginx.split('\n'), '    '));
  lines.push('', '  Apache:', ...indent(e.fix.apache.split('\n'), '    '));
  lines.push('', '  Express:', ...indent(expressFix(e.fix.policy).split('\n'), '    '));
  return lines;
}

function renderMiss(e: ExplainMiss, c: Colors): string[] {
  // A line that names no reason (Safari's "TypeError: Load failed"): where the reason is.
  if (e.note) return [c.yellow('This line names no CORS reason.'), '', ...indent(wrap(e.note, 96), '  ')];
  const lines = [c.yellow('Not recognised as a Firefox or Chromium CORS console message.')];
  if (e.closest.length) {
    lines.push('', 'Closest known messages:');
    for (const m of e.closest) lines.push(`  ${c.bold(m.code)}  ${m.example}`);
  }
  lines.push(
    '',
    'Paste the whole line from the browser console (the part after "Reason:" is enough for Firefox).',
  );
  return lines;
}
