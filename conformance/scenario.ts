// The shape of a conformance scenario (conformance/scenarios/cases.json) and the one function that
// decides what the scenario's server answers. The real API server and the model's transport both
// call `replyFor`, so the browsers and the model see the same bytes.

export type Header = [name: string, value: string];

export interface Reply {
  status: number;
  /** Sent verbatim, in order, repeats kept. Values may use the placeholders of `Origins`. */
  headers: Header[];
  /** Destroy the socket instead of answering: a network error. */
  reset?: boolean;
}

/** One URL of the scenario: step 0 is `/c/<id>`, step k is `/c/<id>/s<k>`. */
export interface Step {
  /** The answer to OPTIONS. Absent: 405 with no headers. */
  preflight?: Reply;
  /** The answer to every other method. */
  actual: Reply;
}

export interface ScenarioRequest {
  method?: string;
  headers?: Record<string, string>;
  credentials?: 'omit' | 'same-origin' | 'include';
  redirect?: 'follow' | 'error' | 'manual';
  body?: string;
}

export interface Scenario {
  id: string;
  group: string;
  title: string;
  /** The document that runs fetch(): the page origin, or a CSP-sandboxed page (origin "null"). */
  page: 'page' | 'sandboxed';
  /** The origin of the first URL: the API server, the page's own origin, or a closed port. */
  target: 'api' | 'page' | 'other' | 'closed';
  request: ScenarioRequest;
  /**
   * More fetches to the same URL, each started once the previous one settled, in the same browser
   * (so they share its preflight cache); the model runs them with one PreflightCache. The servers
   * answer every fetch of the sequence alike.
   */
  followUps?: ScenarioRequest[];
  steps: Step[];
  /**
   * Compare the requests that reached the servers (method, step, whether Authorization was sent)
   * with the model's, as for fetch sequences.
   */
  compareWire?: boolean;
  /** Why the case exists, or how a browser departs from the spec in it. */
  note?: string;
  /**
   * Recorded but left out of the agreement counts, with the reason: the model cannot be told
   * this case apart from another through the Transport contract.
   */
  exclude?: string;
}

/** The run's concrete origins, substituted for the placeholders in header values. */
export interface Origins {
  page: string;
  api: string;
  other: string;
  closed: string;
}

const NO_PREFLIGHT_HANDLER: Reply = { status: 405, headers: [] };

export function casePath(id: string, step = 0): string {
  return step === 0 ? `/c/${id}` : `/c/${id}/s${step}`;
}

export function targetOrigin(scenario: Scenario, origins: Origins): string {
  return origins[scenario.target];
}

/** Every fetch() the scenario makes, in order: the request, then its follow-ups. */
export function fetchesOf(scenario: Scenario): ScenarioRequest[] {
  return [scenario.request, ...(scenario.followUps ?? [])];
}

export function caseUrl(scenario: Scenario, origins: Origins): string {
  return `${targetOrigin(scenario, origins)}${casePath(scenario.id)}`;
}

/** Placeholders: {page} {api} {other} {closed} (origins), {PAGE} (upper-cased), {pageHost} {apiHost} {otherHost} (host:port), {self} (the case's path), {scheme} (http, or https on the h2 variant). */
export function fill(template: string, origins: Origins, id: string): string {
  return template.replace(
    /\{(page|api|other|closed|PAGE|pageHost|apiHost|otherHost|self|scheme)\}/g,
    (_, key: string) => {
      switch (key) {
        case 'scheme':
          return origins.page.slice(0, origins.page.indexOf(':'));
        case 'PAGE':
          return origins.page.toUpperCase();
        case 'pageHost':
          return hostOf(origins.page);
        case 'apiHost':
          return hostOf(origins.api);
        case 'otherHost':
          return hostOf(origins.other);
        case 'self':
          return casePath(id);
        default:
          return origins[key as keyof Origins];
      }
    },
  );
}

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

/** Which step of which scenario a path names, e.g. `/c/acao-star-omit/s2` → step 2. */
export function parseCasePath(path: string): { id: string; step: number } | null {
  const match = /^\/c\/([A-Za-z0-9._-]+)(?:\/s(\d+))?(?:\?.*)?$/.exec(path);
  if (!match) return null;
  return { id: match[1]!, step: match[2] ? Number(match[2]) : 0 };
}

/** What the scenario's server answers to `method` at `step`; null for an unknown step. */
export function replyFor(scenario: Scenario, step: number, method: string, origins: Origins): Reply | null {
  const entry = scenario.steps[step];
  if (!entry) return null;
  const reply = method === 'OPTIONS' ? (entry.preflight ?? NO_PREFLIGHT_HANDLER) : entry.actual;
  return {
    status: reply.status,
    headers: reply.headers.map(([name, value]) => [name, fill(value, origins, scenario.id)]),
    ...(reply.reset ? { reset: true } : {}),
  };
}

/** Statuses that never carry a body. */
export function isBodiless(status: number, method: string): boolean {
  return method === 'HEAD' || status === 204 || status === 205 || status === 304 || status < 200;
}
