/**
 * Errors meant for users, shared by the engine and the provider table (neither imports the
 * other for them). A message says what is wrong, never which flag or key to use: each
 * interface adds its own hint from the structured `reason` (the CLI names a flag, the screen
 * focuses a field or offers a toggle).
 */

/**
 * Why an operation was refused, when an interface can offer a way out. Add a reason when an
 * interface needs to tell this refusal apart from the others; most errors need none.
 */
export type RefusalReason =
  /** The target exists: replacing it needs an explicit yes. */
  | 'target-exists'
  /** A passphrase-protected input and no passphrase. */
  | 'passphrase-required'
  /** An encrypted rclone.conf (rclone config password) and no password. */
  | 'password-required'
  /** Secrets that this seed cannot read: dropping them would let the work go on. */
  | 'secrets-unreadable'
  /** Records that fail validation: skipping them would let the work go on. */
  | 'records-invalid'
  /** A bare database or archive without its seed, and none given. */
  | 'seed-required'
  /** A record with this name exists: renaming would let the work go on. */
  | 'name-taken'
  /** An unknown SSH host key: confirming it would let the work go on. */
  | 'host-key-unconfirmed'
  /** A TLS certificate that does not verify: confirming its fingerprint would let the work go on. */
  | 'tls-certificate-unconfirmed'
  /** The remote account has a second factor and no one-time code was given. */
  | 'otp-required'
  /** Key files named inside an imported file: reading them needs an explicit yes. */
  | 'key-files-named'
  /** An input or a response larger than its limit. */
  | 'too-large'
  /** The store is at its capacity (database size or rows): removing records would let the work go on. */
  | 'store-full'
  /** The secret seed does not match the configuration database. */
  | 'seed-mismatch'
  /** One stored secret does not decrypt although the seed is right: dropping it would let the work go on. */
  | 'secret-damaged'
  /** A backup about to leave the machine and no age recipient to encrypt it to. */
  | 'recipient-required'
  /** A backup about to leave the machine without the secret seed. */
  | 'seed-excluded'
  /** A backup encrypted to age recipients, and no identity given to decrypt it. */
  | 'identity-required'
  /** A credential that did not verify (or could not be verified) was not saved: saving it anyway needs a yes. */
  | 'verify-failed'
  /** The person stopped the work (Esc): nothing was stored; not a failure (src/engine/abortable.ts). */
  | 'cancelled';

export interface UserErrorOptions {
  /** Process exit code for scripted commands: 1 = failure, 2 = bad usage. */
  exitCode?: 1 | 2;
  reason?: RefusalReason;
  /** The field (attribute key, form field) the message is about, for a form to focus. */
  field?: string;
}

/**
 * An error whose message is meant for the user as it is: one line, no secret, no stack.
 * Anything else that escapes is a bug and is reported as such.
 */
export class UserError extends Error {
  readonly exitCode: 1 | 2;
  readonly reason: RefusalReason | undefined;
  readonly field: string | undefined;

  constructor(message: string, options: 1 | 2 | UserErrorOptions = {}) {
    super(message);
    this.name = 'UserError';
    const resolved = typeof options === 'number' ? { exitCode: options } : options;
    this.exitCode = resolved.exitCode ?? 1;
    this.reason = resolved.reason;
    this.field = resolved.field;
  }
}

/** The secret seed in use cannot decrypt a value (wrong seed, or the value was tampered with). */
export class SeedMismatchError extends UserError {
  constructor(message = 'The secret seed does not match: stored secrets cannot be decrypted with it.', options: UserErrorOptions = {}) {
    super(message, options);
    this.name = 'SeedMismatchError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function refusalReason(error: unknown): RefusalReason | undefined {
  return error instanceof UserError ? error.reason : undefined;
}
