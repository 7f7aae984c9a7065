import type { Command } from 'commander';
import { expressFix } from '../doctor/express-fix.js';
import { EXPLAIN_LANGUAGES, isKnownLanguage, sentencesFor } from './explain-lang/index.js';
import { CliError, guarded } from './output/cli-error.js';
import { colors } from './output/colors.js';
import { ExitCode } from './output/exit-codes.js';
import { renderExplanation } from './output/explain-printer.js';
import { printJson } from './output/json.js';
import { printLines } from './output/write.js';

const EXAMPLES = `
Examples:
  $ corskit explain "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
  $ corskit explain "Motivo: Hace falta la cabecera CORS 'Access-Control-Allow-Origin'"
  $ corskit explain "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present"
  $ corskit explain "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 500"
  $ pbpaste | corskit explain --json

Accepts Firefox lines in every locale corskit knows, Chromium lines (with the "GET … net::ERR_FAILED 500"
line under them), Safari (WebKit) lines, whole or partial, with or without the URL; and "TypeError: Failed to fetch".
Safari's script-side "TypeError: Load failed" names no reason: explain says where to find it (exit 0).
Answers in the language of the pasted line (--lang ${EXPLAIN_LANGUAGES.join('|')}).
Exit codes: 0 recognised, 1 not a clear match (cut line, several candidates, unknown), 2 no message given.`;

interface ExplainFlags {
  json?: boolean;
  lang: string;
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'explain a pasted Firefox, Chromium or Safari CORS console message: code, cause, what to check, fix',
    )
    .argument('[message...]', 'the console line (quote it); read from stdin when omitted')
    .option('--json', 'print one JSON object instead of text')
    .option('--lang <lang>', `language of the answer: ${EXPLAIN_LANGUAGES.join(', ')}`, 'auto')
    .addHelpText('after', EXAMPLES)
    .action(guarded('explain', (words: string[], flags: ExplainFlags) => explain(words, flags)));
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function explain(words: string[], flags: ExplainFlags): Promise<number> {
  if (!isKnownLanguage(flags.lang))
    throw new CliError(`unknown --lang '${flags.lang}': use one of ${EXPLAIN_LANGUAGES.join(', ')}`);
  const text = (words.length ? words.join(' ') : await readStdin()).trim();
  if (!text)
    throw new CliError('no message given: paste the console line as an argument (quoted) or on stdin');
  // Loaded on use, like the doctor: the message catalogues are large.
  const { explainMessage } = await import('../browser/explain.js');
  const { reasonIn } = await import('../browser/message-matcher.js');
  const e = explainMessage(text);
  const { lang, table } = await sentencesFor(flags.lang, 'locale' in e ? e.locale : undefined);
  // A reasonless line explain knows (Safari's "Load failed") is recognised, not a miss.
  const recognised =
    e.kind === 'match' || (e.kind === 'notice' && e.diagnosis) || (e.kind === 'unknown' && Boolean(e.note));
  if (flags.json) {
    const extra = e.kind === 'match' ? { fix: { ...e.fix, express: expressFix(e.fix.policy) } } : {};
    printJson({ recognised, input: text, lang, ...e, ...extra });
  } else {
    const title = e.kind === 'match' && lang !== 'en' ? reasonIn(e.code, lang) : undefined;
    printLines(renderExplanation(e, table, colors(), title));
  }
  return recognised ? ExitCode.ok : ExitCode.problem;
}
