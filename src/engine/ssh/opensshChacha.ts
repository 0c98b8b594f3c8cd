import { timingSafeEqual } from 'node:crypto';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { bcryptPbkdf } from './opensshDecryption.js';
import type { OpensshKeyHeader } from './opensshPrivateKey.js';

/**
 * The private section of an OpenSSH key encrypted with chacha20-poly1305@openssh.com (what
 * `ssh-keygen -Z chacha20-poly1305@openssh.com` writes), decrypted as OpenSSH's
 * cipher-chachapoly.c does it for sequence number 0: bcrypt-pbkdf gives 64 bytes, of which the
 * first 32 are the ChaCha20 key (the other 32, the length key, encrypt nothing here); ChaCha20
 * with an all-zero 8-byte nonce gives the Poly1305 key at block 0 and the keystream from block
 * 1; the 16-byte tag follows the encrypted section and is checked first.
 */

export const CHACHA_POLY_CIPHER = 'chacha20-poly1305@openssh.com';
const KEY_BYTES = 64;
const TAG_BYTES = 16;

/** The clear private section, or undefined when the tag does not match (a wrong passphrase). */
export async function decryptChachaPolySection(header: OpensshKeyHeader, passphrase: string): Promise<Buffer | undefined> {
  if (!header.kdfSalt || header.kdfRounds === undefined || header.trailer.length < TAG_BYTES) return undefined;
  const derived = await bcryptPbkdf(passphrase, header.kdfSalt, header.kdfRounds, KEY_BYTES);
  if (!derived) return undefined;
  const key = derived.subarray(0, 32);
  const nonce = new Uint8Array(8);
  const polyKey = chacha20orig(key, nonce, new Uint8Array(32));
  const tag = poly1305(header.privateSection, polyKey);
  if (!timingSafeEqual(Buffer.from(tag), header.trailer.subarray(0, TAG_BYTES))) return undefined;
  return Buffer.from(chacha20orig(key, nonce, header.privateSection, undefined, 1));
}
