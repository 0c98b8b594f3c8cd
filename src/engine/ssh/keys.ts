import { generateKeyPair as generateNodeKeyPair, type KeyObject } from 'node:crypto';
import { UserError } from '../../common/errors.js';
import { abortable, throwIfAborted, type Cancellable } from '../abortable.js';
import { encodeOpensshPrivateKey, opensshPublicBlob } from './opensshPrivateKey.js';
import { looksLikePrivateKey, readPrivateKey, readUnencryptedPrivateKey } from './privateKeyReader.js';
import {
  cleanComment,
  formatPublicKeyLine,
  parsePublicKeyLine,
  publicKeyInfo,
  sha256Fingerprint,
  type SshKeyKind,
} from './publicKey.js';

/** A keypair as the store keeps it: unencrypted OpenSSH private key and one public key line. */
export interface Keypair {
  /** An unencrypted OpenSSH private key (openssh-key-v1 armor). */
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment` */
  publicKey: string;
}

export type GeneratedKeyType = 'ed25519' | 'rsa';
export const RSA_KEY_SIZES = [3072, 4096] as const;
export type RsaKeySize = (typeof RSA_KEY_SIZES)[number];

export interface GenerateKeypairOptions {
  /** Ed25519 unless asked otherwise: what OpenSSH generates by default. */
  type?: GeneratedKeyType;
  /** RSA only; 3072 unless asked otherwise. */
  bits?: RsaKeySize;
  comment?: string;
}

export interface ImportKeypairInput {
  privateKey: string;
  publicKey?: string;
  passphrase?: string;
}

export interface KeyDescription {
  /** ED25519, RSA or ECDSA, as `ssh-keygen -l` names it. */
  type: SshKeyKind;
  bits: number;
  comment: string;
  /** `SHA256:...` exactly as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`... */
  algorithm: string;
  /** The public key line (of the private key, when a private key was described). */
  publicKey: string;
}

export type PrivateKeyExportFormat = 'openssh' | 'pem';

const MAX_PASSPHRASE_BYTES = 1024;

/**
 * Generates a keypair without blocking the event loop: node's async crypto.generateKeyPair
 * runs on the libuv thread pool, and only the quick OpenSSH encoding runs here. (Not ssh2's
 * generateKeyPair: it strips a leading zero byte from Ed25519 public keys, so one key in 256
 * comes out broken; mscdex/ssh2#1390, still open in 1.17.)
 */
export async function generateKeypair(options: GenerateKeypairOptions & Cancellable = {}): Promise<Keypair> {
  const type = options.type ?? 'ed25519';
  const comment = cleanComment(options.comment ?? '');
  if (type !== 'ed25519' && type !== 'rsa') throw new UserError(`Unknown key type ${String(type)}: use ed25519 or rsa`, 2);
  if (type === 'ed25519' && options.bits !== undefined) throw new UserError('A key size applies to RSA keys only', 2);
  const bits = options.bits ?? 3072;
  if (!RSA_KEY_SIZES.includes(bits)) throw new UserError(`RSA key size must be ${RSA_KEY_SIZES.join(' or ')} bits`, 2);
  throwIfAborted(options.signal);
  const generating = new Promise<KeyObject>((resolve, reject) => {
    const done = (error: Error | null, _publicKey: KeyObject, privateKey: KeyObject) => (error ? reject(error) : resolve(privateKey));
    if (type === 'rsa') generateNodeKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, done);
    else generateNodeKeyPair('ed25519', {}, done);
  });
  // OpenSSL's prime search in the thread pool cannot be interrupted (nor could a worker's:
  // terminating one waits for its native call). A cancel abandons it: the key it makes is
  // dropped unseen, the screen is free at once, and the pool thread is back in seconds.
  const key = await abortable(generating, options.signal);
  const blob = opensshPublicBlob(key);
  return {
    privateKey: encodeOpensshPrivateKey(key, comment),
    publicKey: formatPublicKeyLine({ algorithm: publicKeyInfo(blob).algorithm, blob, comment }),
  };
}

/**
 * Imports a private key (OpenSSH, PEM PKCS#1/SEC1, PKCS#8; protected ones with `passphrase`),
 * checks it against `publicKey` when one is given, and returns it normalised to unencrypted
 * OpenSSH format with its public key line. The public key's comment wins over the private key's.
 */
export async function importKeypair(input: ImportKeypairInput): Promise<Keypair> {
  if (input.passphrase !== undefined && Buffer.byteLength(input.passphrase) > MAX_PASSPHRASE_BYTES) {
    throw new UserError(`The passphrase is longer than ${MAX_PASSPHRASE_BYTES} bytes`);
  }
  const { key, comment } = await readPrivateKey(input.privateKey, input.passphrase || undefined);
  const blob = opensshPublicBlob(key);
  let publicComment = comment;
  if (input.publicKey !== undefined && input.publicKey.trim() !== '') {
    const given = parsePublicKeyLine(input.publicKey);
    if (!given.blob.equals(blob)) throw new UserError('Private key and public key do not match');
    publicComment = given.comment || comment;
  }
  const { algorithm } = publicKeyInfo(blob);
  return {
    privateKey: encodeOpensshPrivateKey(key, publicComment),
    publicKey: formatPublicKeyLine({ algorithm, blob, comment: publicComment }),
  };
}

/** Type, size, comment and fingerprint of a public key line or an (unencrypted) private key. */
export function describeKey(publicKeyOrPrivate: string): KeyDescription {
  let blob: Buffer;
  let comment: string;
  if (looksLikePrivateKey(publicKeyOrPrivate)) {
    const read = readUnencryptedPrivateKey(publicKeyOrPrivate);
    blob = opensshPublicBlob(read.key);
    comment = read.comment;
  } else {
    ({ blob, comment } = parsePublicKeyLine(publicKeyOrPrivate));
  }
  const info = publicKeyInfo(blob);
  return {
    type: info.kind,
    bits: info.bits,
    comment,
    fingerprint: sha256Fingerprint(blob),
    algorithm: info.algorithm,
    publicKey: formatPublicKeyLine({ algorithm: info.algorithm, blob, comment }),
  };
}

/**
 * The private key as a file for other tools, as `ssh-keygen -p -m PEM` writes it: PKCS#1 for
 * RSA, SEC1 for ECDSA. An Ed25519 key has no PEM form that OpenSSH loads (OpenSSH 9.2 cannot read
 * PKCS#8), and for a PEM request ssh-keygen writes it in OpenSSH format: so is it here. The
 * result says which format was written.
 */
export function exportPrivateKey(privateKey: string, format: PrivateKeyExportFormat): { text: string; format: PrivateKeyExportFormat } {
  const { key, comment } = readUnencryptedPrivateKey(privateKey);
  switch (format) {
    case 'openssh':
      return { text: encodeOpensshPrivateKey(key, comment), format };
    case 'pem': {
      if (key.asymmetricKeyType === 'rsa') return { text: key.export({ type: 'pkcs1', format: 'pem' }).toString(), format };
      if (key.asymmetricKeyType === 'ec') return { text: key.export({ type: 'sec1', format: 'pem' }).toString(), format };
      return { text: encodeOpensshPrivateKey(key, comment), format: 'openssh' };
    }
    default:
      throw new UserError(`Unknown private key format ${String(format)}: use openssh or pem`, 2);
  }
}

/** The public key as one authorized_keys line, `type base64 comment`, with `comment` if given. */
export function authorizedKeysLine(publicKey: string, comment?: string): string {
  const parsed = parsePublicKeyLine(publicKey);
  return formatPublicKeyLine({ ...parsed, comment: comment ?? parsed.comment });
}

/** The public key line of an unencrypted private key (with the private key's comment). */
export function publicKeyOfPrivateKey(privateKey: string): string {
  return describeKey(privateKey).publicKey;
}
