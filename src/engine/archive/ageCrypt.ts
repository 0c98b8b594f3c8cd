import { UserError } from '../../common/errors.js';

const AGE_HEADER = Buffer.from('age-encryption.org/v1\n');

export function isAgeEncrypted(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, AGE_HEADER.length)).equals(AGE_HEADER);
}

// age-encryption is loaded on demand: most saves and every scripted command without a
// passphrase never need it.
export async function encryptWithPassphrase(bytes: Uint8Array, passphrase: string): Promise<Buffer> {
  if (!passphrase) throw new UserError('The passphrase is empty.');
  const { Encrypter } = await import('age-encryption');
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  return Buffer.from(await encrypter.encrypt(bytes));
}
