import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '../../common/errors.js';

/**
 * rclone's "obscure": not encryption (the key is public, in rclone's source) but the form
 * rclone expects for password options in rclone.conf, so that a glance does not reveal them.
 * AES-256-CTR under rclone's fixed key, a random 16-byte IV in front of the ciphertext, the
 * whole in unpadded URL-safe base64.
 */
const RCLONE_OBSCURE_KEY = Buffer.from('9c935b48730a554d6bfd7c63c886a92bd390198eb8128afbf4de162b8b95f638', 'hex');
const IV_BYTES = 16;

export function obscure(plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-ctr', RCLONE_OBSCURE_KEY, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64url');
}

/** Throws a UserError when `obscured` is not something rclone's obscure produced. */
export function reveal(obscured: string): string {
  // Node's decoder skips bad characters silently; rclone's refuses them, and so do we.
  if (!/^[A-Za-z0-9_-]*$/.test(obscured) || obscured.length % 4 === 1) {
    throw new UserError('Cannot reveal the password: it is not in rclone\'s obscured form (base64).');
  }
  const bytes = Buffer.from(obscured, 'base64url');
  if (bytes.length < IV_BYTES) throw new UserError('Cannot reveal the password: too short to be obscured by rclone.');
  const decipher = createDecipheriv('aes-256-ctr', RCLONE_OBSCURE_KEY, bytes.subarray(0, IV_BYTES));
  const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES)), decipher.final()]);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    // A value that merely looks like base64 reveals to noise: say so rather than import noise.
    throw new UserError('Cannot reveal the password: it does not look obscured by rclone (it reveals to binary data).');
  }
}
