// A port for a server that another program binds (nginx, Apache, Python, Go, a CLI under test),
// which cannot be asked to bind port 0 and report the port it got.
//
// Binding port 0 to find a free port, closing it and handing the number to the program is a race:
// until the program binds it, the port is free for the kernel to give to anyone else, and the test
// files run two at a time, each starting servers on port 0 and opening thousands of connections,
// whose local ports come from the same ephemeral range. The program then fails to bind, or worse,
// the readiness probe reaches the other test's server. So the port is drawn at random *below* the
// kernel's ephemeral range, which neither `listen(0)` nor an outgoing connection ever uses, and is
// checked to be bindable.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const FLOOR = 10_000;

/** The first port of the kernel's ephemeral range (Linux), 32768 where it cannot be read. */
export function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(low);
    return Number.isInteger(port) && port > FLOOR + 1000 ? port : 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const ceiling = ephemeralRangeStart();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FLOOR + Math.floor(Math.random() * (ceiling - FLOOR));
    if (await bindable(port)) return port;
  }
  throw new Error(`freePort: no bindable port found between ${FLOOR} and ${ceiling}`);
}
