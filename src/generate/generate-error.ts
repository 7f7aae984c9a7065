// The one error every generator throws: a policy or option the target server cannot express
// exactly, or a value that would break (or inject into) the config syntax.
import { hasBrand } from '../policy/error-brand.js';

const GENERATE_ERROR_BRAND = Symbol.for('corskit.GenerateError');

export class GenerateError extends Error {
  /** Branded: `instanceof` holds across duplicate copies of corskit (see error-brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, GENERATE_ERROR_BRAND);
  }
  readonly [GENERATE_ERROR_BRAND] = true;
  constructor(message: string) {
    super(message);
    this.name = 'GenerateError';
  }
}
