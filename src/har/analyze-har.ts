// `corskit har` as a library call: every cross-origin CORS request in a HAR, replayed through the
// browser model with the recording as the only network, and a summary grouped by reason.
import { groupFetches } from './fetch-groups.js';
import { type HarRequestReport, type HarSummary, reportFetch, summarize } from './har-report.js';
import { parseHar, readHar } from './read-har.js';

export interface HarAnalysis {
  readonly summary: HarSummary;
  /** In recording order. */
  readonly requests: readonly HarRequestReport[];
}

/** Takes the HAR's text or its parsed JSON. Throws HarFormatError for anything that is not a HAR. */
export async function analyzeHar(har: string | unknown): Promise<HarAnalysis> {
  const recorded = typeof har === 'string' ? parseHar(har) : readHar(har);
  const { fetches, skipped } = groupFetches(recorded);
  const requests: HarRequestReport[] = [];
  for (const fetch of fetches) requests.push(await reportFetch(fetch));
  requests.sort((a, b) => a.entry - b.entry);
  return { summary: summarize(recorded.creator, requests, skipped), requests };
}
