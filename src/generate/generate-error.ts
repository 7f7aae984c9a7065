// The one error every generator throws: a policy or option the target server cannot express
// exactly, or a value that would break (or inject into) the config syntax.

export class GenerateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerateError';
  }
}
