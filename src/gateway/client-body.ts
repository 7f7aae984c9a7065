// How a request body is read from the client before and while it goes upstream. A client that
// sends one byte every few seconds must not hold an upstream connection: the pool is small and
// shared. So the head of every body (all of a small one) is read first, against a deadline,
// without an upstream connection; only then is one taken. A body larger than that streams, and
// must keep up a minimum rate while the upstream is reading it.
import type { IncomingMessage } from 'node:http';

export type BufferedBody =
  /** The whole body arrived: send it as one buffer. */
  | { readonly kind: 'whole'; readonly body: Buffer }
  /** The first part arrived and was put back into the request stream, which is paused. */
  | { readonly kind: 'stream' }
  /** The deadline passed first. */
  | { readonly kind: 'timeout' }
  /** The client went away first. */
  | { readonly kind: 'gone' };

/** Reads up to `limit` bytes of the body, or all of it, within `deadlineMs` (0: no deadline). */
export function bufferBody(req: IncomingMessage, limit: number, deadlineMs: number): Promise<BufferedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: BufferedBody) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size < limit) return;
      // Enough to know the client is not trickling: hand the stream on with what was read put back.
      req.pause();
      req.unshift(Buffer.concat(chunks, size));
      finish({ kind: 'stream' });
    };
    const onEnd = () => finish({ kind: 'whole', body: Buffer.concat(chunks, size) });
    const onGone = () => finish({ kind: 'gone' });
    if (deadlineMs > 0) timer = setTimeout(() => finish({ kind: 'timeout' }), deadlineMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

/** Raised into the upstream exchange when a streamed body falls below the minimum rate. */
export class SlowBodyError extends Error {
  readonly code = 'CLIENT_BODY_TOO_SLOW';
  constructor(bytesPerSecond: number) {
    super(`the request body arrived slower than ${bytesPerSecond} bytes/s`);
    this.name = 'SlowBodyError';
  }
}

/** Rate checks look at windows this long: short enough to free a connection soon, long enough for jitter. */
export const rateWindowMs = 5_000;

/**
 * Calls `tooSlow` when, in a window, fewer than `bytesPerSecond × window` bytes arrived while the
 * stream was flowing (a window in which the upstream held it paused is not the client's fault).
 * Returns a function that stops watching.
 */
export function watchBodyRate(
  req: IncomingMessage,
  bytesPerSecond: number,
  tooSlow: (error: SlowBodyError) => void,
): () => void {
  if (bytesPerSecond <= 0 || req.readableEnded) return () => {};
  let seen = 0;
  let pausedInWindow = false;
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
  };
  const onPause = () => {
    pausedInWindow = true;
  };
  const timer = setInterval(() => {
    const fair = !pausedInWindow && !req.isPaused();
    if (fair && seen < (bytesPerSecond * rateWindowMs) / 1000) {
      stop();
      tooSlow(new SlowBodyError(bytesPerSecond));
      return;
    }
    seen = 0;
    pausedInWindow = req.isPaused();
  }, rateWindowMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    req.off('data', onData);
    req.off('pause', onPause);
    req.off('end', stop);
    req.off('close', stop);
  };
  req.on('data', onData);
  req.on('pause', onPause);
  req.on('end', stop);
  req.on('close', stop);
  return stop;
}
