// One request to the upstream, streamed both ways through undici's dispatch interface: request
// bodies are read from the client as the upstream accepts them, response chunks are written to
// the client as they arrive, and backpressure flows in both directions (onData returns false
// while the client's socket is full; 'drain' resumes). Nothing is buffered beyond socket buffers.
import type { ServerResponse } from 'node:http';

/** The reason passed to undici's abort when the client went away first. */
export class ClientGoneError extends Error {
  readonly code = 'CLIENT_GONE';
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/**
 * Who an exchange reports to. The owner is passed with a context value instead of per-request
 * closures, because this runs once per proxied request.
 */
export interface ExchangeOwner<T> {
  /** Builds the client's response headers from the upstream's raw ones (flat list). */
  head(context: T, statusCode: number, rawHeaders: string[]): string[];
  /** Called once: with no error when the whole response reached the client. */
  done(context: T, error: Error | undefined, upstreamStatus: number, responseStarted: boolean): void;
}

type Abort = (reason?: Error) => void;

export class UpstreamExchange<T> {
  #abort: Abort | undefined;
  #resume: (() => void) | undefined;
  #waitingForDrain = false;
  #clientGone = false;
  #finished = false;
  #completed = false;
  #status = 0;
  #pendingAbort: Error | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly owner: ExchangeOwner<T>,
    private readonly context: T,
  ) {}

  /**
   * The client's response closed. The caller listens for 'close' once per request (and calls this
   * for an exchange started after the close, too), so a retry does not add a second listener.
   */
  clientClosed(): void {
    // An HTTP/2 stream the client reset also reports writableFinished: only HTTP/1's means "sent".
    if (this.#finished || (this.res.writableFinished && !('stream' in this.res))) return;
    this.#clientGone = true;
    if (this.#completed) this.#finish(new ClientGoneError());
    else this.#abort?.(new ClientGoneError());
  }

  /** Gives up on the exchange for a reason of the gateway's own (e.g. a too-slow request body). */
  abort(error: Error): void {
    if (this.#abort) this.#abort(error);
    else this.#pendingAbort = error;
  }

  onConnect(abort: Abort): void {
    if (this.#pendingAbort) {
      abort(this.#pendingAbort);
      return;
    }
    if (this.#clientGone) abort(new ClientGoneError());
    else this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText?: string): boolean {
    if (statusCode < 200) return true; // 1xx: informational, not forwarded
    this.#status = statusCode;
    this.#resume = resume;
    const raw = new Array<string>(rawHeaders.length);
    for (let i = 0; i < rawHeaders.length; i++) raw[i] = rawHeaders[i]!.toString('latin1');
    const headers = this.owner.head(this.context, statusCode, raw);
    // HTTP/2 has no reason phrase (Node warns when given one).
    if (statusText && !('stream' in this.res)) this.res.writeHead(statusCode, statusText, headers);
    else this.res.writeHead(statusCode, headers);
    return this.res.writableNeedDrain ? this.#pauseUntilDrain() : true;
  }

  onData(chunk: Buffer): boolean {
    return this.res.write(chunk) || this.#pauseUntilDrain();
  }

  onComplete(): void {
    this.#completed = true;
    this.res.end(() => this.#finish(undefined));
  }

  onError(error: Error): void {
    this.#finish(this.#clientGone && !(error instanceof ClientGoneError) ? new ClientGoneError() : error);
  }

  /** Listens for 'drain' only while paused: most responses never fill the socket. */
  #pauseUntilDrain(): false {
    if (!this.#waitingForDrain) {
      this.#waitingForDrain = true;
      this.res.once('drain', () => {
        this.#waitingForDrain = false;
        this.#resume?.();
      });
    }
    return false;
  }

  #finish(error: Error | undefined): void {
    if (this.#finished) return;
    this.#finished = true;
    this.owner.done(this.context, error, this.#status, this.res.headersSent);
  }
}
