import { UserError } from '../../common/errors.js';
import { X25519_RECIPIENT } from './rules.js';

/**
 * age X25519 keys for backups that leave the machine unattended: the machine holds only
 * recipients (public keys, `age1...` as `age-keygen` prints them); the identity that decrypts
 * lives off the machine, with the user. age-encryption is loaded on demand.
 */

const IDENTITY = /^AGE-SECRET-KEY-(?:PQ-)?1[02-9AC-HJ-NP-Z]+$/;

export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1...`: shown once, never stored. */
  identity: string;
  recipient: string;
}

export async function generateAgeKeyPair(): Promise<AgeKeyPair> {
  const { generateX25519Identity, identityToRecipient } = await import('age-encryption');
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The identity as `age-keygen` writes it, so `age -d -i FILE` reads the saved text as it is. */
export function formatIdentityFile(keys: AgeKeyPair, createdAt: Date): string {
  return `# created: ${createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n# public key: ${keys.recipient}\n${keys.identity}\n`;
}

/** A recipient as given, checked (format and checksum); the normalised text. */
export async function checkRecipient(text: string): Promise<string> {
  const recipient = text.trim().toLowerCase();
  if (!X25519_RECIPIENT.test(recipient)) {
    throw new UserError(
      recipient.startsWith('age1')
        ? 'Not an age X25519 recipient: expected "age1" and 58 more characters, as age-keygen prints it (post-quantum and plugin recipients are not supported).'
        : 'Not an age recipient: it starts with "age1", as age-keygen prints it (an SSH public key is not accepted).',
      2,
    );
  }
  const { Encrypter } = await import('age-encryption');
  try {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    await encrypter.encrypt(new Uint8Array(0));
  } catch {
    throw new UserError('Not a valid age recipient: its checksum is wrong (a typing or copying mistake?).', 2);
  }
  return recipient;
}

export async function encryptToRecipients(bytes: Uint8Array, recipients: readonly string[]): Promise<Buffer> {
  if (recipients.length === 0) throw new Error('encryptToRecipients needs at least one recipient');
  const { Encrypter } = await import('age-encryption');
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return Buffer.from(await encrypter.encrypt(bytes));
}

/** The identities of an identity file (age-keygen's format: `#` comments, one key a line). */
export function parseIdentityFile(text: string): string[] {
  const identities: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // Never quote the line: it may be a mistyped secret key.
    if (!IDENTITY.test(line)) throw new UserError(`Line ${index + 1} of the identity file is not an age identity (AGE-SECRET-KEY-1...).`);
    identities.push(line);
  });
  if (identities.length === 0) throw new UserError('The identity file holds no age identity (AGE-SECRET-KEY-1...).');
  return identities;
}

/** How an age file was encrypted, from its header's stanzas: `X25519`, `scrypt`... */
export function ageStanzaTypes(bytes: Uint8Array): string[] {
  const header = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1');
  const end = header.indexOf('\n---');
  return [...(end < 0 ? header : header.slice(0, end)).matchAll(/^-> (\S+)/gm)].map((match) => match[1]!);
}

export async function decryptWithIdentities(bytes: Uint8Array, identities: readonly string[]): Promise<Buffer> {
  const types = ageStanzaTypes(bytes);
  if (types.includes('scrypt')) {
    throw new UserError('This backup is protected with a passphrase, not encrypted to a recipient: give its passphrase.', { reason: 'passphrase-required' });
  }
  const { Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  try {
    return Buffer.from(await decrypter.decrypt(bytes));
  } catch {
    throw new UserError('None of the given identities decrypts this backup: it was encrypted to other recipients, or it is damaged.');
  }
}
