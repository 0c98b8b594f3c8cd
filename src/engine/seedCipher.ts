import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { SeedMismatchError } from '../common/errors.js';

/** The plaintext TrueNAS encrypts into its settings to tell whether a secret is the right one. */
export const SEED_CHECK_PLAINTEXT = 'Donuts!';
export const SEED_BYTES = 32;

/**
 * New values are AES-256-GCM, authenticated, marked with this prefix. `$` is not a base64
 * character, so a legacy pwenc value can never be mistaken for one.
 */
const AUTHENTICATED_PREFIX = '$nc1$';
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const LEGACY_NONCE_BYTES = 8;

/**
 * Encrypts and decrypts stored secrets with the 32-byte secret seed (`pwenc_secret`).
 *
 * Reads two formats:
 * - legacy TrueNAS "pwenc": base64(nonce8 || AES-256-CTR(plaintext)), counter block =
 *   nonce8 || uint64be counter starting at 1; old writers padded with '{' to 32 bytes, so
 *   trailing '{' are stripped. It is unauthenticated: a wrong seed yields garbage, which is why
 *   `decrypt` insists the result be valid UTF-8 and callers parse it (JSON) before trusting it.
 * - our own: `$nc1$` + base64(iv12 || AES-256-GCM ciphertext || tag16), under a key derived
 *   from the seed with HKDF so the two modes never share a keystream. A wrong seed or a
 *   tampered value fails authentication.
 * Writes only the authenticated format unless asked for legacy (to build TrueNAS-shaped data).
 */
export class SeedCipher {
  // KeyObjects, made once: cheaper per value than handing OpenSSL raw bytes every time.
  private readonly legacyKey: KeyObject;
  private readonly gcmKey: KeyObject;
  private readonly readsLegacy: boolean;
  private readonly seedBytes: Buffer;

  /**
   * `readLegacy: false` (the live store): only authenticated values are read, so a value
   * nobody can vouch for is an error rather than a plausible wrong password.
   */
  constructor(secret: Uint8Array, options: { readLegacy?: boolean } = {}) {
    this.readsLegacy = options.readLegacy ?? true;
    if (secret.length !== SEED_BYTES) {
      throw new SeedMismatchError(`The secret seed must be ${SEED_BYTES} bytes, this one has ${secret.length}.`);
    }
    this.seedBytes = Buffer.from(secret);
    this.legacyKey = createSecretKey(Buffer.from(secret));
    this.gcmKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'nasconsole seed cipher v1', 32)));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.gcmKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return AUTHENTICATED_PREFIX + Buffer.concat([iv, body]).toString('base64');
  }

  /** TrueNAS pwenc, byte for byte (unpadded, as current TrueNAS writes it). */
  encryptLegacy(plaintext: string): string {
    const nonce = randomBytes(LEGACY_NONCE_BYTES);
    const cipher = createCipheriv('aes-256-ctr', this.legacyKey, legacyCounterBlock(nonce));
    return Buffer.concat([nonce, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
  }

  /** Throws SeedMismatchError when the value cannot be decrypted with this seed. */
  decrypt(value: string): string {
    if (isAuthenticated(value)) return this.decryptAuthenticated(value);
    if (!this.readsLegacy) throw new SeedMismatchError('A stored secret is in the unauthenticated legacy format, which the store no longer reads.');
    return this.decryptLegacy(value);
  }

  /** The same seed, reading legacy values too (to re-encrypt them). */
  withLegacyReading(): SeedCipher {
    return this.readsLegacy ? this : new SeedCipher(this.seedBytes, { readLegacy: true });
  }

  private decryptAuthenticated(value: string): string {
    const raw = Buffer.from(value.slice(AUTHENTICATED_PREFIX.length), 'base64');
    if (raw.length < GCM_IV_BYTES + GCM_TAG_BYTES) throw new SeedMismatchError('A stored secret is truncated.');
    const decipher = createDecipheriv('aes-256-gcm', this.gcmKey, raw.subarray(0, GCM_IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - GCM_TAG_BYTES));
    try {
      const plain = decipher.update(raw.subarray(GCM_IV_BYTES, raw.length - GCM_TAG_BYTES));
      decipher.final(); // GCM yields nothing here; it checks the tag
      return plain.toString('utf8');
    } catch {
      throw new SeedMismatchError();
    }
  }

  private decryptLegacy(value: string): string {
    const raw = Buffer.from(value, 'base64');
    if (raw.length <= LEGACY_NONCE_BYTES) throw new SeedMismatchError('A stored secret is not in a format this seed cipher reads.');
    const decipher = createDecipheriv('aes-256-ctr', this.legacyKey, legacyCounterBlock(raw.subarray(0, LEGACY_NONCE_BYTES)));
    const plain = Buffer.concat([decipher.update(raw.subarray(LEGACY_NONCE_BYTES)), decipher.final()]);
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0x7b /* '{' */) end--;
    const text = plain.subarray(0, end);
    // Garbage from a wrong seed is almost never valid UTF-8; reject it rather than show it.
    if (!isValidUtf8(text)) throw new SeedMismatchError();
    return text.toString('utf8');
  }

  /** The plaintext, or undefined when the value does not decrypt with this seed. */
  tryDecrypt(value: string): string | undefined {
    try {
      return this.decrypt(value);
    } catch {
      return undefined;
    }
  }

  /** True when `checkValue` (the stored encrypted "Donuts!") was made with this seed. */
  matchesCheck(checkValue: string): boolean {
    return this.tryDecrypt(checkValue) === SEED_CHECK_PLAINTEXT;
  }
}

/** Whether a stored value is in the authenticated format (else legacy pwenc, or not ours). */
export function isAuthenticated(value: string): boolean {
  return value.startsWith(AUTHENTICATED_PREFIX);
}

function legacyCounterBlock(nonce: Uint8Array): Buffer {
  const block = Buffer.alloc(16);
  block.set(nonce, 0);
  block.writeBigUInt64BE(1n, 8);
  return block;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
