import type { RefusalReason } from '../common/errors.js';

/**
 * What the scripted commands add to an engine refusal: the flag that lets the work go on.
 * The engine says what is wrong; the console offers its own way out (a toggle, a question).
 */
const HINTS: Partial<Record<RefusalReason, string>> = {
  'target-exists': 'add --force to replace it',
  'passphrase-required': 'give the passphrase with --passphrase-file or --passphrase-env',
  'password-required': 'give the rclone config password with --password-file or --password-env',
  'secrets-unreadable': 'or add --discard-secrets to keep the records without the secrets this seed cannot read',
  'records-invalid': 'add --skip-invalid to leave those records out',
  'seed-required': 'give the seed with --secret-file',
  'name-taken': 'add --rename to import it under another name',
  'host-key-unconfirmed': 'check the fingerprint, then give it with --host-key-fingerprint or add --accept-new-host-key',
  'tls-certificate-unconfirmed': 'then give it with --tls-fingerprint',
  'otp-required': 'give the code with --otp-file or --otp-env',
  'key-files-named': 'add --allow-key-files to read them',
  'secret-damaged': 'see `nasconsole config repair`, which can drop just that secret',
  'seed-mismatch': 'a configuration saved with its seed can always be uploaded (`nasconsole config upload FILE`)',
  'recipient-required': 'add one with "nasconsole backup recipient add age1..." or make one with "nasconsole backup keygen"',
  'seed-excluded': 'add --secret-seed',
  'identity-required': 'give the identity with --identity-file',
};

/** The message with the CLI's hint for its reason, if any. */
export function withCliHint(message: string, reason: RefusalReason | undefined): string {
  const hint = reason ? HINTS[reason] : undefined;
  if (!hint) return message;
  return `${message.replace(/\.$/, '')}: ${hint}.`;
}
