import { createHash, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { UserError } from '../../common/errors.js';

/**
 * rclone's configuration encryption (rclone config password), as rclone's fs/config/crypt.go
 * does it: after the header, a line `RCLONE_ENCRYPT_V0:` and then standard base64 of a 24-byte
 * nonce followed by a NaCl secretbox (XSalsa20-Poly1305) of the plain rclone.conf, under the key
 * SHA-256("[" + password + "][rclone-config]"), the password NFKC-normalized. A wrong password
 * fails the secretbox's authentication: it is never garbage.
 */
const HEADER = '# Encrypted rclone configuration File';
const MARKER = 'RCLONE_ENCRYPT_V0:';
const NONCE_BYTES = nacl.secretbox.nonceLength;

/** rclone's test: the first line that is neither blank nor a comment is the marker. */
function firstContentLine(text: string): { line: string; rest: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    return { line, rest: lines.slice(index + 1).join('\n') };
  }
  return undefined;
}

export function isEncryptedRcloneConf(text: string): boolean {
  return firstContentLine(text)?.line.startsWith('RCLONE_ENCRYPT_V') ?? false;
}

/** rclone's key from the password; an empty (or all-blank) password is refused, as rclone does. */
function configKey(password: string): Uint8Array {
  if (password.trim() === '') throw new UserError('The rclone config password is empty.', { reason: 'password-required' });
  return createHash('sha256').update(`[${password.normalize('NFKC')}][rclone-config]`, 'utf8').digest();
}

export function decryptRcloneConf(text: string, password: string | undefined): string {
  const content = firstContentLine(text);
  if (!content || !content.line.startsWith('RCLONE_ENCRYPT_V')) return text;
  if (content.line !== MARKER) throw new UserError('This rclone.conf is encrypted with a newer scheme than rclone\'s RCLONE_ENCRYPT_V0: it cannot be read here.');
  if (password === undefined) throw new UserError('This rclone.conf is encrypted: its rclone config password is needed.', { reason: 'password-required' });
  const key = configKey(password);
  const base64 = content.rest.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new UserError('This encrypted rclone.conf is damaged: its data is not base64.');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < NONCE_BYTES + nacl.secretbox.overheadLength) throw new UserError('This encrypted rclone.conf is damaged: its data is too short.');
  const plain = nacl.secretbox.open(bytes.subarray(NONCE_BYTES), bytes.subarray(0, NONCE_BYTES), key);
  if (!plain) throw new UserError('The rclone config password is wrong (or the encrypted rclone.conf is damaged).');
  return Buffer.from(plain).toString('utf8');
}

/** The rclone.conf encrypted as rclone writes it, which rclone reads with the password. */
export function encryptRcloneConf(text: string, password: string): string {
  const key = configKey(password);
  const nonce = randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(Buffer.from(text, 'utf8'), nonce, key);
  return `${HEADER}\n\n${MARKER}\n${Buffer.concat([nonce, box]).toString('base64')}\n`;
}
