// Compares recorded browser observations with the model (`simulate()` from src/browser): the same
// scenario is described to the model as a FetchDescription, and its transport answers from the
// scenario exactly as the real servers did (both call `replyFor`). The model is run with fixed
// stand-in origins; its messages are then put in placeholder form, like the observations.
import type { BrowserName, Diagnosis, FetchDescription, Transport } from '../src/browser/types.js';
import type { Observation } from './observe.js';
import { toPlaceholders } from './observe.js';
import { caseUrl, type Origins, parseCasePath, replyFor, type Scenario } from './scenario.js';

export type Simulate = (desc: FetchDescription, transport: Transport) => Promise<Diagnosis>;

/** Stand-in origins for the model: any distinct loopback ports do, the texts are compared in placeholder form. */
export const MODEL_ORIGINS: Origins = {
  page: 'http://127.0.0.1:41001',
  api: 'http://127.0.0.1:41002',
  other: 'http://127.0.0.1:41003',
  closed: 'http://127.0.0.1:41004',
};

export interface CaseComparison {
  id: string;
  title: string;
  observed: Observation;
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

export interface BrowserComparison {
  browser: BrowserName;
  version: string;
  cases: CaseComparison[];
  /** Agreement counts leave out scenarios marked `exclude`. */
  verdict: { agree: number; total: number };
  messages: { agree: number; total: number };
  exposed: { agree: number; total: number };
}

export function describeToModel(scenario: Scenario, origins: Origins): FetchDescription {
  const { method, headers, credentials, redirect, body } = scenario.request;
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

/** Answers as the conformance servers do; null (a network error) for the closed port or a reset. */
export function scenarioTransport(scenarios: readonly Scenario[], origins: Origins): Transport {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const served = new Set([origins.page, origins.api, origins.other]);
  return (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return null;
    }
    if (!served.has(url.origin)) return null;
    const target = parseCasePath(url.pathname);
    const scenario = target ? byId.get(target.id) : undefined;
    const reply = target && scenario ? replyFor(scenario, target.step, request.method, origins) : null;
    if (!reply) return { status: 404, headers: [['Content-Type', 'text/plain']] };
    if (reply.reset) return null;
    // What any HTTP/1.1 parser hands on: field values without surrounding spaces and tabs.
    return {
      status: reply.status,
      headers: reply.headers.map(([name, value]) => [name, value.replace(/^[ \t]+|[ \t]+$/g, '')]),
    };
  };
}

export async function compareBrowser(
  browser: BrowserName,
  version: string,
  scenarios: readonly Scenario[],
  observed: Record<string, Observation>,
  simulate: Simulate,
): Promise<BrowserComparison> {
  const transport = scenarioTransport(scenarios, MODEL_ORIGINS);
  const excluded = new Set(scenarios.filter((s) => s.exclude).map((s) => s.id));
  const cases: CaseComparison[] = [];
  for (const scenario of scenarios) {
    const observation = observed[scenario.id];
    if (!observation) continue;
    cases.push(await compareCase(browser, scenario, observation, simulate, transport));
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
    cases,
    verdict: count((c) => c.verdictAgrees),
    messages: count((c) => c.messagesAgree),
    exposed: count(
      (c) => c.exposedAgrees,
      (c) => c.observed.readable && c.modelVerdict === 'allowed',
    ),
  };
}

async function compareCase(
  browser: BrowserName,
  scenario: Scenario,
  observed: Observation,
  simulate: Simulate,
  transport: Transport,
): Promise<CaseComparison> {
  let diagnosis: Diagnosis | null = null;
  let modelError: string | null = null;
  try {
    diagnosis = await simulate(describeToModel(scenario, MODEL_ORIGINS), transport);
  } catch (error) {
    modelError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const outcome = diagnosis?.browsers[browser];
  const modelVerdict = outcome ? outcome.verdict : 'error';
  const modelMessages = (outcome?.messages ?? []).map((line) => toPlaceholders(line, MODEL_ORIGINS));
  const modelExposed = [...(diagnosis?.exposedHeaders ?? [])].map((n) => n.toLowerCase()).sort();
  const observedVerdict = observed.readable ? 'allowed' : 'blocked';
  return {
    id: scenario.id,
    title: scenario.title,
    observed,
    modelVerdict,
    modelMessages,
    modelExposed,
    modelError,
    verdictAgrees: modelVerdict === observedVerdict,
    messagesAgree: outcome !== undefined && sameLines(observed.consoleLines, modelMessages),
    exposedAgrees: sameLines(observed.exposed ?? [], modelExposed),
  };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
