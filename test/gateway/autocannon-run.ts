// autocannon ships no type declarations; this typed wrapper loads it through require so the
// load test and the benchmark share one small, checked surface.
import { createRequire } from 'node:module';

export interface LoadRequest {
  method?: string;
  /** Header names arrive as the server sent them (not lower-cased). */
  onResponse?: (
    status: number,
    body: string,
    context: object,
    headers: Record<string, string | string[]>,
  ) => void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  headers?: Record<string, string>;
  requests?: LoadRequest[];
}

export interface LoadResult {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

type Autocannon = (options: LoadOptions, done: (error: Error | null, result: LoadResult) => void) => unknown;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs one autocannon load and resolves with its result. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
