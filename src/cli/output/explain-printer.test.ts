// No answer of `explain` shows a browser's internal string name or a raw template, whatever
// catalogue entry is pasted, in whatever language the answer is given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import pc from 'picocolors';
import { explainMessage } from '../../browser/explain.js';
import { compiledEntries, reasonIn } from '../../browser/message-matcher.js';
import { CHROMIUM_REASONS } from '../../browser/messages/chromium.js';
import { FIREFOX_KEYS } from '../../browser/messages/firefox.js';
import { EXPLAIN_LANGUAGES, sentencesFor } from '../explain-lang/index.js';
import { renderExplanation } from './explain-printer.js';

const plain = pc.createColors(false);
const INTERNAL = [...FIREFOX_KEYS.filter((k) => /\d$|^Check/.test(k)), ...Object.keys(CHROMIUM_REASONS)];
const RAW = /%\d\$S|\{(?:value|method|header|location|url|origin|kind|redirected|preflightPrefix)\}/;

function fill(
  template: string,
  values: Record<string, string>,
  placeholders: Record<string, { detail: string; pattern?: string }>,
): string {
  return template.replace(/%\d\$S|\{\w+\}/g, (token) => {
    const detail = placeholders[token]?.detail ?? 'value';
    if (detail === 'redirected' || detail === 'preflightPrefix') return '';
    const value = values[detail] ?? 'x';
    // A status the browser can only print as digits (WebKit) gets digits.
    const pattern = placeholders[token]?.pattern;
    if (detail === 'status' && pattern && !new RegExp(`^(?:${pattern})$`).test(value)) return '500';
    return value;
  });
}

test('every catalogue entry, filled with any values, renders without internal names or raw templates', async () => {
  const entries = compiledEntries();
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: entries.length - 1 }),
      fc.constantFrom('http://localhost:5000/api', 'https://api.example.com/a?b=1'),
      fc.constantFrom('200', '401', '500', '(null)'),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
      fc.boolean(),
      fc.constantFrom(...EXPLAIN_LANGUAGES),
      async (index, url, status, token, whole, lang) => {
        const { entry } = entries[index]!;
        const values = {
          url,
          status,
          value: token,
          header: token,
          method: 'PUT',
          origin: 'http://localhost:3000',
          kind: 'fetch',
          location: 'https://u:p@api.example.com/x',
        };
        const text = whole
          ? fill(`${entry.frame ?? ''}${entry.reason}${entry.tail}`, values, entry.placeholders)
          : fill(entry.reason, values, entry.placeholders);
        const e = explainMessage(text);
        const { table } = await sentencesFor(lang, 'locale' in e ? e.locale : undefined);
        const title = e.kind === 'match' ? reasonIn(e.code, lang) : undefined;
        const out = renderExplanation(e, table, plain, title).join('\n');
        assert.doesNotMatch(out, RAW, text);
        // Whole words: the public code CORSRedirectContainsCredentials contains Chromium's name.
        for (const name of INTERNAL)
          assert.doesNotMatch(out, new RegExp(`\\b${name}\\b`), `${name} in the answer to ${text}`);
        if (whole) assert.equal(e.code, entry.code, text);
      },
    ),
    { numRuns: 400 },
  );
});

test('Spanish is complete: every code has its cause, what to check and fix in Spanish', async () => {
  const { ES } = await import('../explain-lang/es.js');
  const { CAUSES } = await import('../../browser/causes.js');
  for (const code of Object.keys(CAUSES) as Array<keyof typeof CAUSES>) {
    assert.ok(ES.causes?.[code], `cause ${code}`);
    assert.ok(ES.checks?.[code]?.length, `checks ${code}`);
    assert.ok(ES.fixes?.[code], `fix ${code}`);
  }
});
