// Warnings of corskit/compat: once per distinct message, or an error with `strict: true`.

export class CorsCompatError extends Error {
  override readonly name = 'CorsCompatError';
}

/** `danger`: the options allow more than intended; `lossy`: corskit cannot keep them as they are. */
export type Report = (kind: 'danger' | 'lossy', message: string) => void;

const warnedOnce = new Set<string>();

export function reporter(compat: { strict?: boolean; warn?: (message: string) => void }): Report {
  const warn =
    compat.warn ??
    ((message: string) => {
      if (warnedOnce.has(message)) return;
      warnedOnce.add(message);
      process.emitWarning(message, { type: 'CorskitWarning', code: 'CORSKIT_COMPAT' });
    });
  return (_kind, message) => {
    if (compat.strict === true) throw new CorsCompatError(`corskit/compat (strict): ${message}`);
    warn(`corskit/compat: ${message}`);
  };
}
