// `npm run conformance`: run the scenario matrix in real Chromium, Firefox and WebKit (MiniBrowser), record the
// observations, compare them with the model and write conformance/report.md.
// Flags: --from-observed (no browsers: compare the recorded observations), --browser <name>,
// --wire h1,h1-lower,h2 (the wire variants, default all three),
// --only <id-substring>, --repeat <n> (check determinism), --no-write (record nothing).
// Exit status: 0 when the model agrees 100 % on verdict, messages and the server requests of
// fetch sequences, 1 when it does not (or is
// missing), 2 when the run itself failed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BrowserName } from '../src/browser/types.js';
import { BROWSERS, REPORT_FILE, runConformance } from './harness.js';
import { disagreementLines, isPerfect, renderReport, summaryLines } from './report.js';
import { isWireVariant, WIRE_VARIANTS, type WireVariant } from './wire.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'from-observed': { type: 'boolean', default: false },
      browser: { type: 'string', multiple: true },
      only: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      'no-write': { type: 'boolean', default: false },
      wire: { type: 'string', multiple: true },
    },
  });
  const browsers = (values.browser ?? [...BROWSERS]) as BrowserName[];
  for (const b of browsers) if (!BROWSERS.includes(b)) throw new Error(`unknown browser ${b}`);
  const wire = (values.wire ?? [...WIRE_VARIANTS]).flatMap((w) => w.split(','));
  for (const w of wire) if (!isWireVariant(w)) throw new Error(`unknown wire variant ${w}`);
  const result = await runConformance({
    browsers,
    wire: wire as WireVariant[],
    ...(values.only ? { only: values.only } : {}),
    fromObserved: values['from-observed'],
    write: !values['no-write'] && !values['from-observed'],
    repeat: Number(values.repeat),
    log: (line) => console.log(line),
  });
  const args = process.argv.slice(2);
  const command = ['npm run conformance', ...(args.length ? ['--', ...args] : [])].join(' ');
  // A filtered run's report would hide the rest of the matrix: only a full run writes report.md.
  if (
    !values.only &&
    !values['no-write'] &&
    browsers.length === BROWSERS.length &&
    wire.length === WIRE_VARIANTS.length
  ) {
    writeFileSync(REPORT_FILE, renderReport(result, command));
    console.log(`wrote ${REPORT_FILE.pathname}`);
  }
  for (const c of result.comparisons ?? [])
    for (const line of disagreementLines(
      c,
      new Set(result.scenarios.filter((s) => s.exclude).map((s) => s.id)),
    ))
      console.log(line);
  for (const line of summaryLines(result)) console.log(line);
  return isPerfect(result.comparisons, result.requestProfile) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
