// Starting a Node server on 127.0.0.1, port 0, and stopping it without waiting for idle sockets.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  close(): Promise<void>;
}

/** The request table sends ~14 kB of Access-Control-Request-Headers; Node's default limit is 16 kB in total. */
export const MAX_HEADER_SIZE = 64 * 1024;

export async function listen(listener: RequestListener): Promise<Running> {
  return listenServer(createServer({ maxHeaderSize: MAX_HEADER_SIZE }, listener));
}

export async function listenServer(server: Server): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
