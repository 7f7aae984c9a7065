// A static `origin` option of the `cors` package, mapped to corskit origin entries without ever
// allowing more: `cors` compares strings literally, so an entry corskit would read differently
// (a `'*'` in a list, a pattern such as `'https://*.example.com'`, a string that is not exactly
// what a browser sends) never matched any browser's Origin there. Those are dropped, each with a
// warning giving the fix. RegExps are kept (unanchored ones with a warning and the anchored fix).
import { parseOriginEntry } from '../../policy/origin-syntax.js';
import { anchoredRegExpFix } from '../../policy/regexp-fix.js';
import { checkOriginRegExp } from '../../policy/regexp-origin.js';
import type { OriginEntry, OriginPatternSpec } from '../../policy/types.js';
import type { Report } from './report.js';

export function staticOrigins(
  origin: string | RegExp | ReadonlyArray<unknown>,
  report: Report,
): OriginEntry[] {
  const entries: unknown[] = typeof origin === 'string' || origin instanceof RegExp ? [origin] : [...origin];
  const kept: OriginEntry[] = [];
  for (const entry of entries) {
    if (entry instanceof RegExp) {
      warnUnanchored(entry, report);
      kept.push(entry);
    } else if (typeof entry !== 'string') {
      kept.push(entry as OriginEntry); // cors's truthiness rule; validation sends it to cors matching
    } else if (literalOnly(entry, report)) {
      kept.push(entry);
    }
  }
  return kept;
}

function warnUnanchored(re: RegExp, report: Report): void {
  const problem = checkOriginRegExp(re);
  if (problem === undefined) return;
  report(
    'danger',
    `origin ${re}: ${problem.message}, so it also matches origins such as "https://example.com.evil.net". ` +
      `Fix: ${anchoredRegExpFix(re)} (or a corskit pattern like 'https://*.example.com').`,
  );
}

/** True when corskit reads `entry` exactly as `cors` did (one exact origin, or "null"). */
function literalOnly(entry: string, report: Report): boolean {
  if (entry === '*') {
    report(
      'lossy',
      "origin list entry '*': in cors a '*' inside a list is a literal that never matched any origin (it does not " +
        "mean every origin there), so corskit drops it. Fix: remove it, or use origin: '*' on its own (never with credentials).",
    );
    return false;
  }
  const parsed = parseOriginEntry(entry);
  if (parsed.ok && parsed.kind === 'null') return true;
  if (parsed.ok && parsed.kind === 'exact' && parsed.origin === entry) return true;
  if (parsed.ok && parsed.kind === 'pattern') {
    report(
      'lossy',
      `origin '${entry}': cors compares strings literally and no browser sends this, so it never matched; corskit ` +
        `drops it rather than turn it into a pattern. Fix: origin: ${patternRegExp(parsed.spec)} to allow what it ` +
        `looks like, or corskit/express with origins: ['${entry}'].`,
    );
    return false;
  }
  const fix =
    parsed.ok && parsed.kind === 'exact' ? `write '${parsed.origin}'` : parsed.ok ? '' : parsed.hint;
  report(
    'lossy',
    `origin '${entry}'${parsed.ok ? '' : ` ${parsed.message}`}: browsers never send it in an Origin header, so in ` +
      `cors it never matched; corskit drops it. Fix: ${fix}.`,
  );
  return false;
}

/** The anchored RegExp a `cors` user can paste for what a corskit pattern means. */
function patternRegExp(spec: OriginPatternSpec): RegExp {
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const labels = spec.subdomains ? '(?:[a-z0-9-]+\\.)+' : '';
  const port = spec.port === '*' ? '(?::[0-9]+)?' : spec.port === null ? '' : `:${spec.port}`;
  return new RegExp(`^${escapeRegExp(spec.scheme)}:\\/\\/${labels}${escapeRegExp(spec.host)}${port}$`);
}
