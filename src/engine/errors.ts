/**
 * An error whose message is meant for the user as it is: one line, no secret, no stack.
 * Anything else that escapes is a bug and is reported as such.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** Process exit code for scripted commands: 1 = failure, 2 = bad usage. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The secret seed in use cannot decrypt a value (wrong seed, or the value was tampered with). */
export class SeedMismatchError extends UserError {
  constructor(message = 'The secret seed does not match: stored secrets cannot be decrypted with it.') {
    super(message);
    this.name = 'SeedMismatchError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
