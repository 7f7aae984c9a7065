// Compares recorded browser observations with the model (`simulate()` from src/browser): the same
// scenario is described to the model as a FetchDescription, and its transport answers from the
// scenario exactly as the real servers did (both call `replyFor`). The model is run with fixed
// stand-in origins; its messages are then put in placeholder form, like the observations.
import type {
  BrowserName,
  Diagnosis,
  ExchangeStep,
  FetchDescription,
  NetworkFailure,
  Transport,
} from '../src/browser/types.js';
import type { FetchObservation, Observation } from './observe.js';
import { toPlaceholders } from './observe.js';
import {
  caseUrl,
  fetchesOf,
  type Origins,
  parseCasePath,
  replyFor,
  type Scenario,
  type ScenarioRequest,
} from './scenario.js';
import { onTheWire, schemeOf, type WireVariant } from './wire.js';

export interface SimulateOptions {
  /** A `PreflightCache` shared by the fetches of one sequence. */
  preflightCache?: unknown;
}
export type Simulate = (
  desc: FetchDescription,
  transport: Transport,
  options?: SimulateOptions,
) => Promise<Diagnosis & { exchanges?: Record<BrowserName, readonly ExchangeStep[]> }>;

/** The model's entry points the harness uses (loaded from src/browser/index.ts). */
export interface Model {
  simulate: Simulate;
  /** A fresh preflight cache, shared by the fetches of one scenario. */
  newPreflightCache(): unknown;
}

/** Stand-in origins for the model: any distinct loopback ports do, the texts are compared in placeholder form. */
export const MODEL_ORIGINS: Origins = {
  page: 'http://127.0.0.1:41001',
  api: 'http://127.0.0.1:41002',
  other: 'http://127.0.0.1:41003',
  closed: 'http://127.0.0.1:41004',
};

/** The model's stand-in origins for a wire variant: https ones for HTTP/2 over TLS. */
export function modelOriginsFor(variant: WireVariant): Origins {
  if (schemeOf(variant) === 'http') return MODEL_ORIGINS;
  const https = (origin: string) => origin.replace(/^http:/, 'https:');
  return {
    page: https(MODEL_ORIGINS.page),
    api: https(MODEL_ORIGINS.api),
    other: https(MODEL_ORIGINS.other),
    closed: https(MODEL_ORIGINS.closed),
  };
}

/** One fetch() of a scenario: what the browser did and what the model predicts. */
export interface FetchComparison {
  observed: FetchObservation;
  modelVerdict: 'allowed' | 'blocked' | 'error';
  modelMessages: string[];
  modelExposed: string[];
  /** The model threw: its message. */
  modelError: string | null;
  verdictAgrees: boolean;
  messagesAgree: boolean;
  /** Only meaningful when both say the response is readable. */
  exposedAgrees: boolean;
}

export interface CaseComparison extends FetchComparison {
  id: string;
  title: string;
  observed: Observation;
  /** Every fetch of the scenario (the first is also spread above); the case agrees when all do. */
  fetches: FetchComparison[];
  /**
   * For scenarios with follow-up fetches: the requests that reached the servers against the ones
   * the model sends (`OPTIONS s0`, `PUT s0`, …), which shows whether a cached preflight was reused.
   * null for single-fetch scenarios (browsers retry reset connections, which the model does not).
   */
  wire: { observed: string[]; model: string[]; agrees: boolean } | null;
}

export interface BrowserComparison {
  browser: BrowserName;
  version: string;
  /** How the servers answered (see wire.ts). */
  variant: WireVariant;
  cases: CaseComparison[];
  /** Agreement counts leave out scenarios marked `exclude`. */
  verdict: { agree: number; total: number };
  messages: { agree: number; total: number };
  exposed: { agree: number; total: number };
  /** Scenarios with follow-up fetches whose server-side requests the model predicts exactly. */
  wire: { agree: number; total: number };
}

const CONNECTION_REFUSED: NetworkFailure = { networkError: 'ERR_CONNECTION_REFUSED' };
const EMPTY_RESPONSE: NetworkFailure = { networkError: 'ERR_EMPTY_RESPONSE' };
const INVALID_URL: NetworkFailure = { networkError: 'ERR_INVALID_URL' };
const H2_STREAM_RESET: NetworkFailure = { networkError: 'ERR_HTTP2_PROTOCOL_ERROR', protocol: 'h2' };

export function describeToModel(
  scenario: Scenario,
  origins: Origins,
  request: ScenarioRequest = scenario.request,
): FetchDescription {
  const { method, headers, credentials, redirect, body } = request;
  return {
    url: caseUrl(scenario, origins),
    pageOrigin: scenario.page === 'sandboxed' ? 'null' : origins.page,
    ...(method !== undefined ? { method } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(redirect !== undefined ? { redirect } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

/**
 * Answers as the conformance servers do. Network errors are named as Chromium names them: nothing
 * listens on the closed port (`ERR_CONNECTION_REFUSED`); a reset scenario's server closes the
 * connection without a byte of response (`ERR_EMPTY_RESPONSE`).
 */
export function scenarioTransport(
  scenarios: readonly Scenario[],
  origins: Origins,
  variant: WireVariant = 'h1',
): Transport {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const served = new Set([origins.page, origins.api, origins.other]);
  return (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return INVALID_URL;
    }
    if (!served.has(url.origin)) return CONNECTION_REFUSED;
    const target = parseCasePath(url.pathname);
    const scenario = target ? byId.get(target.id) : undefined;
    const reply = target && scenario ? replyFor(scenario, target.step, request.method, origins) : null;
    if (!reply) return { status: 404, headers: [['Content-Type', 'text/plain']] };
    // A reset HTTP/2 stream is a protocol error to Chromium; a closed HTTP/1.1 socket an empty response.
    if (reply.reset) return variant === 'h2' ? H2_STREAM_RESET : EMPTY_RESPONSE;
    // What any HTTP/1.1 parser hands on: field values without surrounding spaces and tabs.
    const headers = onTheWire(variant, reply.headers).map(([name, value]): [string, string] => [
      name,
      value.replace(/^[ \t]+|[ \t]+$/g, ''),
    ]);
    return variant === 'h2'
      ? { status: reply.status, headers, protocol: 'h2' }
      : { status: reply.status, headers };
  };
}

export async function compareBrowser(
  browser: BrowserName,
  version: string,
  scenarios: readonly Scenario[],
  observed: Record<string, Observation>,
  model: Model,
  variant: WireVariant = 'h1',
): Promise<BrowserComparison> {
  const origins = modelOriginsFor(variant);
  const transport = scenarioTransport(scenarios, origins, variant);
  const excluded = new Set(scenarios.filter((s) => s.exclude).map((s) => s.id));
  const cases: CaseComparison[] = [];
  for (const scenario of scenarios) {
    const observation = observed[scenario.id];
    if (!observation) continue;
    cases.push(await compareCase(browser, scenario, observation, model, transport, origins));
  }
  const count = (
    pick: (c: CaseComparison) => boolean,
    among: (c: CaseComparison) => boolean = () => true,
  ) => ({
    agree: cases.filter((c) => !excluded.has(c.id) && among(c) && pick(c)).length,
    total: cases.filter((c) => !excluded.has(c.id) && among(c)).length,
  });
  return {
    browser,
    version,
    variant,
    cases,
    verdict: count((c) => c.verdictAgrees),
    messages: count((c) => c.messagesAgree),
    exposed: count(
      (c) => c.exposedAgrees,
      (c) => c.observed.readable && c.modelVerdict === 'allowed',
    ),
    wire: count(
      (c) => c.wire?.agrees === true,
      (c) => c.wire !== null,
    ),
  };
}

async function compareCase(
  browser: BrowserName,
  scenario: Scenario,
  observed: Observation,
  model: Model,
  transport: Transport,
  origins: Origins,
): Promise<CaseComparison> {
  // One cache per scenario and browser comparison, as a fresh browser profile has.
  const preflightCache = model.newPreflightCache();
  const observations = [observed, ...(observed.followUps ?? [])];
  const fetches: FetchComparison[] = [];
  const modelWire: string[] = [];
  for (const [index, request] of fetchesOf(scenario).entries()) {
    const observation = observations[index];
    if (!observation) break;
    let diagnosis: Awaited<ReturnType<Simulate>> | null = null;
    let modelError: string | null = null;
    try {
      const desc = describeToModel(scenario, origins, request);
      diagnosis = await model.simulate(desc, transport, { preflightCache });
    } catch (error) {
      modelError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    fetches.push(fetchComparison(browser, observation, diagnosis, modelError, origins));
    modelWire.push(...wireOf(diagnosis?.exchanges?.[browser] ?? diagnosis?.exchange ?? []));
  }
  const first = fetches[0]!;
  const observedWire = observed.requests.map(
    (hit) => `${hit.method} s${hit.step}${hit.authorization ? ' +authorization' : ''}`,
  );
  return {
    ...first,
    id: scenario.id,
    title: scenario.title,
    observed,
    fetches,
    verdictAgrees: fetches.every((f) => f.verdictAgrees),
    messagesAgree: fetches.every((f) => f.messagesAgree),
    exposedAgrees: fetches.every((f) => f.exposedAgrees),
    wire:
      scenario.followUps || scenario.compareWire
        ? { observed: observedWire, model: modelWire, agrees: sameLines(observedWire, modelWire) }
        : null,
  };
}

function fetchComparison(
  browser: BrowserName,
  observed: FetchObservation,
  diagnosis: Diagnosis | null,
  modelError: string | null,
  origins: Origins,
): FetchComparison {
  const outcome = diagnosis?.browsers[browser];
  const modelVerdict = outcome ? outcome.verdict : 'error';
  const modelMessages = (outcome?.messages ?? []).map((line) => toPlaceholders(line, origins));
  const modelExposed = [...(diagnosis?.exposedHeaders ?? [])].map((n) => n.toLowerCase()).sort();
  const observedVerdict = observed.readable ? 'allowed' : 'blocked';
  return {
    observed,
    modelVerdict,
    modelMessages,
    modelExposed,
    modelError,
    verdictAgrees: modelVerdict === observedVerdict,
    messagesAgree: outcome !== undefined && sameLines(observed.consoleLines, modelMessages),
    exposedAgrees:
      !(observed.readable && modelVerdict === 'allowed') || sameLines(observed.exposed ?? [], modelExposed),
  };
}

/** The requests of the model's exchange that reach a server, as `METHOD s<step>`. */
function wireOf(steps: readonly ExchangeStep[]): string[] {
  return steps
    .filter((step) => step.networkError !== 'ERR_CONNECTION_REFUSED')
    .map((step) => {
      const target = parseCasePath(new URL(step.request.url).pathname);
      const auth = step.request.headers.some(([n]) => n.toLowerCase() === 'authorization');
      return `${step.request.method} s${target?.step ?? '?'}${auth ? ' +authorization' : ''}`;
    });
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
