// A raw loopback HTTP client for adapter tests: sends repeated header lines (array values) and
// latin1 bytes exactly as written, which fetch() would refuse or normalise.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string | readonly string[]> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers as never, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
