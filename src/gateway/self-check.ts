// A few requests against a running gateway, printed with the CORS headers that came back, so the
// quick start shows at once what the policy does for an allowed and a refused origin.
import { request } from 'undici';

export interface CheckCase {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Whether the policy is expected to grant this origin. */
  readonly expectAllowed: boolean;
}

export interface CheckResult {
  readonly check: CheckCase;
  readonly status: number;
  readonly cors: Array<[string, string]>;
  /** The response granted what the check expected. */
  readonly asExpected: boolean;
}

export async function runSelfCheck(gatewayUrl: string, cases: readonly CheckCase[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of cases) {
    const response = await request(gatewayUrl + check.path, {
      method: check.method as 'GET',
      headers: check.headers,
    });
    await response.body.dump();
    const cors: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (name.startsWith('access-control-') || name === 'vary') cors.push([name, String(value)]);
    }
    const granted = cors.some(([name]) => name === 'access-control-allow-origin');
    results.push({ check, status: response.statusCode, cors, asExpected: granted === check.expectAllowed });
  }
  return results;
}

export function formatSelfCheck(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const { check, status, cors, asExpected } of results) {
    const verdict = cors.some(([n]) => n === 'access-control-allow-origin')
      ? 'allowed: the browser lets the page read it'
      : 'refused: no Access-Control-Allow-Origin, the browser blocks the read';
    lines.push(`  ${asExpected ? '✓' : '✗ UNEXPECTED'} ${check.label} → ${status}, ${verdict}`);
    for (const [name, value] of cors) lines.push(`      ${name}: ${value}`);
  }
  return lines.join('\n');
}
