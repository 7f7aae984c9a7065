// The matcher runs an entry's regexes only when the pasted text holds every literal piece of the
// entry (compared upper-cased): that pre-test must never lose a match, or `explain` would answer
// differently with it than without it. Checked for every wording of every catalogue (every locale),
// as printed, lower- and upper-cased, against every entry; then for arbitrary text around them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type CompiledEntry,
  compiledEntries,
  matchLine,
  mayHold,
  normalizeMessage,
} from './message-matcher.js';
import { PLACEHOLDER_TOKEN } from './messages/catalogue.js';

// A value for each kind of placeholder that its pattern (if any) accepts.
const SAMPLE: Readonly<Record<string, string>> = {
  url: 'http://api.test/x',
  origin: 'http://app.test',
  status: '403',
  value: 'https://other.test',
  header: 'x-api-key',
  method: 'PUT',
  kind: 'fetch',
  location: 'http://b.test/y',
  redirected: '',
  preflightPrefix: '',
};

function fill(template: string, c: CompiledEntry): string {
  return template.replace(PLACEHOLDER_TOKEN, (token) => {
    const detail = c.entry.placeholders[token]?.detail;
    return detail === undefined ? token : (SAMPLE[detail] ?? 'x');
  });
}

/** The entry's wording as a browser prints it: the whole line, the reason alone, the frame alone. */
function linesOf(c: CompiledEntry): string[] {
  const { frame, reason, tail } = c.entry;
  const whole = [frame, reason, tail].filter((p) => p).map((p) => fill(p as string, c));
  return [whole.join(' '), fill(reason, c), ...(frame ? [fill(frame, c)] : [])];
}

function variants(text: string): string[] {
  return [text, text.toLowerCase(), text.toUpperCase(), normalizeMessage(text)];
}

/** Fails when a regex of `c` matches `text` but the pre-test would have skipped it. */
function assertNeverLost(c: CompiledEntry, text: string): void {
  const upper = text.toUpperCase();
  const where = `${c.catalogue.browser} ${c.entry.locale} ${c.entry.key}: ${JSON.stringify(text)}`;
  if (c.full.test(text) || c.reason.test(text))
    assert.ok(mayHold(c.reasonNeedles, upper), `reason pre-test lost ${where}`);
  const framed = `${text} `;
  if (c.frame?.test(framed))
    assert.ok(mayHold(c.frameNeedles, framed.toUpperCase()), `frame pre-test lost ${where}`);
}

const entries = compiledEntries();
const corpus = entries.flatMap((c) => linesOf(c).flatMap(variants));

test('every wording of every catalogue matches its own regexes (the check below is not vacuous)', () => {
  assert.ok(entries.length > 100, `only ${entries.length} entries`);
  for (const c of entries) {
    const [whole] = linesOf(c);
    for (const text of variants(whole!))
      assert.ok(
        c.full.test(normalizeMessage(text)),
        `${c.catalogue.browser} ${c.entry.locale} ${c.entry.key}`,
      );
  }
});

test('the pre-test never skips an entry whose regex matches: every wording, every case, every entry', () => {
  for (const text of corpus) for (const c of entries) assertNeverLost(c, text);
});

// Characters whose case mappings are irregular: ß → SS, ı → I, ſ → S, the Kelvin sign, dotted İ,
// final sigma, ligatures, and letters of the locales the catalogues hold.
const TRICKY = [
  'ß',
  'ẞ',
  'ı',
  'İ',
  'ſ',
  'K',
  'ς',
  'σ',
  'Σ',
  'ﬀ',
  'ǅ',
  'é',
  'É',
  'ё',
  'Ё',
  'ｉ',
  '‘',
  '’',
  '«',
];

const arbitraryText = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(
      fc.oneof(
        fc.constantFrom(...TRICKY),
        fc.string({ maxLength: 3 }),
        fc.string({ unit: 'binary', maxLength: 2 }),
      ),
      {
        maxLength: 6,
      },
    ),
    fc.array(fc.nat(), { maxLength: 6 }),
    fc.array(fc.boolean(), { maxLength: 200 }),
  )
  .map(([line, inserts, at, flips]) => {
    let text = line;
    inserts.forEach((piece, i) => {
      const pos = (at[i] ?? 0) % (text.length + 1);
      text = text.slice(0, pos) + piece + text.slice(pos);
    });
    // Flip the case of some characters one by one, as a user retyping a line might.
    return [...text]
      .map((ch, i) => (flips[i] ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch))
      .join('');
  });

test('property: for any text near a wording, the pre-test never skips an entry whose regex matches', () => {
  fc.assert(
    fc.property(arbitraryText, (text) => {
      for (const c of entries) assertNeverLost(c, text);
    }),
    { numRuns: 300 },
  );
});

test('the pre-test skips almost every entry for one pasted line', () => {
  const line = "Reason: CORS header 'Access-Control-Allow-Origin' missing";
  const upper = line.toUpperCase();
  const kept = entries.filter((c) => mayHold(c.reasonNeedles, upper));
  assert.ok(kept.length < entries.length / 10, `${kept.length} of ${entries.length} entries kept`);
  assert.equal(matchLine(line)?.compiled.entry.code, 'CORSMissingAllowOrigin');
});
