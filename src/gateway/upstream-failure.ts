// What went wrong talking to the upstream, in the words the gateway answers and logs with.

export interface UpstreamFailure {
  /** Status to answer with while no response header has been sent yet. */
  readonly status: 502 | 504 | 400;
  /** Short machine-readable cause, used in the JSON body and in the access log. */
  readonly cause: string;
  readonly message: string;
}

const unreachable = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const nested = (error as { cause?: unknown } | null)?.cause;
  return nested && nested !== error ? codeOf(nested) : undefined;
}

export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const code = codeOf(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return {
      status: 504,
      cause: 'upstream-timeout',
      message: 'the upstream sent no response headers in time',
    };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      status: 504,
      cause: 'upstream-connect-timeout',
      message: 'connecting to the upstream timed out',
    };
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      status: 504,
      cause: 'upstream-body-timeout',
      message: 'the upstream stopped sending its response body',
    };
  }
  if (code && unreachable.has(code)) {
    return {
      status: 502,
      cause: 'upstream-unreachable',
      message: `the upstream cannot be reached (${code})`,
    };
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return { status: 502, cause: 'upstream-connection-lost', message: 'the upstream closed the connection' };
  }
  if (code === 'HPE_INVALID_CONSTANT' || code?.startsWith('HPE_')) {
    return {
      status: 502,
      cause: 'upstream-invalid-response',
      message: 'the upstream sent a malformed response',
    };
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return {
      status: 400,
      cause: 'request-length-mismatch',
      message: 'the request body did not match its Content-Length',
    };
  }
  return { status: 502, cause: 'upstream-error', message: 'the upstream request failed' };
}
