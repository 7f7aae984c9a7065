// The conformance run: observe every scenario in real Chromium, Firefox and WebKit (one browser
// instance each, many scenarios per page load), record the observations, and compare them with
// the model. `npm run conformance` (run.ts) and conformance.browser.test.ts both call this.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { BrowserName } from '../src/browser/types.js';
import { launchBrowser } from '../test/support/browsers.js';
import { checkRequestProfile, type ProfileCheck } from '../test/support/request-profile-check.js';
import { type BrowserComparison, compareBrowser, type Model, type Simulate } from './compare.js';
import { type Observation, type ObservedFile, observe, PLACEHOLDER_NOTE } from './observe.js';
import type { Scenario } from './scenario.js';
import { startConformanceServers } from './servers.js';
import { observedName, runsVariant, WIRE_VARIANTS, type WireVariant } from './wire.js';

export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox', 'webkit'];
const HERE = new URL('./', import.meta.url);
export const CASES_FILE = new URL('scenarios/cases.json', HERE);
export const REPORT_FILE = new URL('report.md', HERE);
export const observedFile = (browser: BrowserName, variant: WireVariant = 'h1'): URL =>
  new URL(`observed/${observedName(browser, variant)}`, HERE);

export interface ConformanceOptions {
  browsers?: readonly BrowserName[];
  /** Substring filter on scenario ids. */
  only?: string;
  /** Compare the checked-in observations with the model; launch no browser. */
  fromObserved?: boolean;
  /** Write conformance/observed/*.json (merged with the existing file when filtered). */
  write?: boolean;
  /** Run the browsers this many times and report cases whose observations differ. */
  repeat?: number;
  /** How the servers answer (default: all three variants, in one browser process per browser). */
  wire?: readonly WireVariant[];
  log?: (line: string) => void;
}

export interface ConformanceResult {
  scenarios: Scenario[];
  /** The h1 (canonical-case HTTP/1.1) observations. */
  observed: Partial<Record<BrowserName, ObservedFile>>;
  /** Every variant's observations (h1 included). */
  observedWire: Partial<Record<WireVariant, Partial<Record<BrowserName, ObservedFile>>>>;
  /** null when src/browser/index.ts (simulate) is not available yet. */
  comparisons: BrowserComparison[] | null;
  modelError: string | null;
  /**
   * The doctor's browser request profile against what each real browser sent (every header of
   * preflights and requests, HTTP/1.1 and HTTP/2) and against request-sensitive servers. Absent
   * in runs filtered by --only and in --from-observed runs.
   */
  requestProfile: Partial<Record<BrowserName, ProfileCheck>>;
  /** Case ids whose observations differed between repeated runs, per browser. */
  unstable: Partial<Record<BrowserName, string[]>>;
}

export function loadScenarios(only?: string): Scenario[] {
  const data = JSON.parse(readFileSync(CASES_FILE, 'utf8')) as { scenarios: Scenario[] };
  return only ? data.scenarios.filter((s) => s.id.includes(only)) : data.scenarios;
}

export function loadObserved(browser: BrowserName, variant: WireVariant = 'h1'): ObservedFile | null {
  const file = observedFile(browser, variant);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ObservedFile) : null;
}

/** The model, if it exists yet: it is written alongside this harness. */
export async function loadModel(): Promise<{ model: Model | null; error: string | null }> {
  try {
    // A computed specifier: the typecheck must not depend on the model existing yet.
    const specifier = '../src/browser/index.js';
    const module = (await import(specifier)) as {
      simulate?: Simulate;
      PreflightCache?: new () => unknown;
    };
    const { simulate, PreflightCache } = module;
    if (typeof simulate !== 'function')
      return { model: null, error: 'src/browser/index.ts exports no simulate()' };
    if (typeof PreflightCache !== 'function')
      return { model: null, error: 'src/browser/index.ts exports no PreflightCache' };
    return { model: { simulate, newPreflightCache: () => new PreflightCache() }, error: null };
  } catch (error) {
    return { model: null, error: `cannot load src/browser/index.ts: ${(error as Error).message}` };
  }
}

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const log = options.log ?? (() => {});
  const browsers = options.browsers ?? BROWSERS;
  const variants = options.wire ?? WIRE_VARIANTS;
  const scenarios = loadScenarios(options.only);
  const observedWire: ConformanceResult['observedWire'] = {};
  const unstable: Partial<Record<BrowserName, string[]>> = {};
  const requestProfile: ConformanceResult['requestProfile'] = {};
  const record = (variant: WireVariant, browser: BrowserName, file: ObservedFile) => {
    observedWire[variant] = { ...observedWire[variant], [browser]: file };
  };

  if (options.fromObserved) {
    for (const variant of variants)
      for (const browser of browsers.filter((b) => runsVariant(b, variant))) {
        const file = loadObserved(browser, variant);
        if (!file)
          throw new Error(
            `no recorded ${variant} observations for ${browser}: run without --from-observed first`,
          );
        record(variant, browser, file);
      }
  } else {
    for (const browser of browsers) {
      const started = Date.now();
      // One browser process per browser for every variant; a fresh one per repeat, so a repeated
      // run does not find the first run's cached preflights.
      const runs: Array<Partial<Record<WireVariant, Record<string, Observation>>>> = [];
      let version = '';
      for (let i = 0; i < (options.repeat ?? 1); i++) {
        const session = await launchBrowser(browser, { ignoreCertificateErrors: true });
        const run: Partial<Record<WireVariant, Record<string, Observation>>> = {};
        try {
          version = session.version;
          for (const variant of variants.filter((v) => runsVariant(browser, v))) {
            const servers = await startConformanceServers(scenarios, variant);
            try {
              run[variant] = await observe(session, servers, scenarios, log);
            } finally {
              await servers.close();
            }
          }
          // In the same browser process: the request headers it sends, against the doctor's profile.
          if (!options.only && i === 0) {
            requestProfile[browser] = await checkRequestProfile(session);
            if (options.write) writeRequestHeaders(browser, requestProfile[browser]!);
          }
        } finally {
          await session.close();
        }
        runs.push(run);
      }
      const ids: string[] = [];
      const ran = variants.filter((v) => runsVariant(browser, v));
      for (const variant of ran) {
        const cases = runs.map((r) => r[variant]!);
        ids.push(...differingIds(cases).map((id) => (variant === 'h1' ? id : `${id} (${variant})`)));
        const file: ObservedFile = {
          browser,
          version,
          placeholders: PLACEHOLDER_NOTE,
          count: Object.keys(cases[0]!).length,
          cases: cases[0]!,
        };
        record(variant, browser, file);
        if (options.write) writeObserved(browser, file, Boolean(options.only), variant);
      }
      unstable[browser] = ids;
      log(
        `${browser} (${version}): ${scenarios.length} scenarios × ${ran.length} wire variant(s) (${ran.join(', ')}) in ${Date.now() - started} ms`,
      );
    }
  }

  const { model, error } = await loadModel();
  let comparisons: BrowserComparison[] | null = null;
  if (model) {
    comparisons = [];
    for (const variant of variants)
      for (const browser of browsers.filter((b) => runsVariant(b, variant))) {
        const file = observedWire[variant]![browser]!;
        comparisons.push(await compareBrowser(browser, file.version, scenarios, file.cases, model, variant));
      }
  }
  return {
    scenarios,
    observed: observedWire.h1 ?? {},
    observedWire,
    comparisons,
    modelError: error,
    unstable,
    requestProfile,
  };
}

function differingIds(runs: Array<Record<string, Observation>>): string[] {
  const [first, ...rest] = runs;
  if (!first) return [];
  return Object.keys(first).filter((id) =>
    rest.some((run) => JSON.stringify(stableView(run[id])) !== JSON.stringify(stableView(first[id]))),
  );
}

/** What must be identical between runs: the server hits are left out (browsers may retry a reset connection). */
function stableView(o: Observation | undefined): unknown {
  return (
    o && [o, ...(o.followUps ?? [])].map((f) => [f.readable, f.status, f.error, f.consoleLines, f.exposed])
  );
}

/** observed/<browser>.request-headers.json: what the browser sent and what the doctor sent, ports as {port}. */
function writeRequestHeaders(browser: BrowserName, check: ProfileCheck): void {
  const text = JSON.stringify(check, null, 1).replace(/(127\.0\.0\.1|localhost):\d{2,5}/g, '$1:{port}');
  mkdirSync(new URL('observed/', HERE), { recursive: true });
  writeFileSync(new URL(`observed/${browser}.request-headers.json`, HERE), `${text}\n`);
}

function writeObserved(browser: BrowserName, file: ObservedFile, merge: boolean, variant: WireVariant): void {
  const all = loadScenarios();
  const previous = merge ? (loadObserved(browser, variant)?.cases ?? {}) : {};
  const cases: Record<string, Observation> = {};
  // Keep the file in scenario order and drop ids that no longer exist.
  for (const scenario of all) {
    const observation = file.cases[scenario.id] ?? previous[scenario.id];
    if (observation) cases[scenario.id] = observation;
  }
  mkdirSync(new URL('observed/', HERE), { recursive: true });
  const out: ObservedFile = { ...file, count: Object.keys(cases).length, cases };
  writeFileSync(observedFile(browser, variant), `${JSON.stringify(out, null, 1)}\n`);
}
