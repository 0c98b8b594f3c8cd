import { randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { UserError } from '../../common/errors.js';
import { SshWireReader, SshWireWriter } from './sshWire.js';

/**
 * The openssh-key-v1 private key container (OpenSSH's PROTOCOL.key). Node reads and writes PEM
 * and PKCS#8 but not this format, and ssh2 keeps its encoder private to its (flawed, see
 * keys.ts) key generator; so generated keys and imported PEM/PKCS#8 keys are written here.
 * The key's numbers come from node's JWK export, so no ASN.1 is parsed by hand. Unencrypted
 * output only: keys are stored encrypted by the seed cipher instead.
 */

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
export const OPENSSH_KEY_LABEL = 'OPENSSH PRIVATE KEY';
const BEGIN = `-----BEGIN ${OPENSSH_KEY_LABEL}-----`;
const END = `-----END ${OPENSSH_KEY_LABEL}-----`;
const CURVE_NAMES: Record<string, string> = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' };

export interface OpensshKeyHeader {
  cipherName: string;
  kdfName: string;
  /** bcrypt rounds when the key is encrypted. */
  kdfRounds: number | undefined;
  keyCount: number;
  /** The public key blob stored in clear beside the private part. */
  publicBlob: Buffer;
  /** bcrypt's salt when the key is encrypted. */
  kdfSalt: Buffer | undefined;
  /** The private section (encrypted, or not). */
  privateSection: Buffer;
  /** What follows the private section: an AEAD cipher's tag. */
  trailer: Buffer;
}

/** The unencrypted header of an openssh-key-v1 body: tells whether a passphrase is needed. */
export function readOpensshKeyHeader(body: Buffer): OpensshKeyHeader {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new UserError('The private key is damaged or truncated (no openssh-key-v1 header)');
  }
  try {
    const reader = new SshWireReader(body.subarray(MAGIC.length));
    const cipherName = reader.string().toString('latin1');
    const kdfName = reader.string().toString('latin1');
    const kdfOptions = reader.string();
    const keyCount = reader.uint32();
    const publicBlob = reader.string();
    const privateSection = keyCount === 1 ? reader.string() : Buffer.alloc(0);
    const trailer = reader.fixed(reader.remaining);
    let kdfRounds: number | undefined;
    let kdfSalt: Buffer | undefined;
    if (kdfName === 'bcrypt') {
      const options = new SshWireReader(kdfOptions);
      kdfSalt = options.string();
      kdfRounds = options.uint32();
    }
    return { cipherName, kdfName, kdfRounds, keyCount, publicBlob, kdfSalt, privateSection, trailer };
  } catch {
    throw new UserError('The private key is damaged or truncated');
  }
}

/** The public key blob of a Node key object (public or private), in SSH wire encoding. */
export function opensshPublicBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const writer = new SshWireWriter();
  switch (jwk.kty) {
    case 'OKP':
      if (jwk.crv !== 'Ed25519') break;
      return writer.string('ssh-ed25519').string(b64url(jwk.x)).toBuffer();
    case 'RSA':
      return writer.string('ssh-rsa').mpint(b64url(jwk.e)).mpint(b64url(jwk.n)).toBuffer();
    case 'EC': {
      const curve = CURVE_NAMES[jwk.crv ?? ''];
      if (!curve) break;
      return writer.string(`ecdsa-sha2-${curve}`).string(curve).string(ecPoint(jwk)).toBuffer();
    }
  }
  throw new Error(`No SSH encoding for key type ${jwk.kty}/${jwk.crv ?? ''}`);
}

/** Writes a private key as an unencrypted OpenSSH (openssh-key-v1) armored block. */
export function encodeOpensshPrivateKey(key: KeyObject, comment: string): string {
  const jwk = key.export({ format: 'jwk' });
  const publicBlob = opensshPublicBlob(key);
  const section = new SshWireWriter();
  const checkInt = randomBytes(4);
  section.raw(checkInt).raw(checkInt);
  switch (jwk.kty) {
    case 'OKP': {
      const publicPoint = b64url(jwk.x);
      section.string('ssh-ed25519').string(publicPoint).string(Buffer.concat([b64url(jwk.d), publicPoint]));
      break;
    }
    case 'RSA':
      section.string('ssh-rsa').mpint(b64url(jwk.n)).mpint(b64url(jwk.e)).mpint(b64url(jwk.d));
      section.mpint(b64url(jwk.qi)).mpint(b64url(jwk.p)).mpint(b64url(jwk.q));
      break;
    case 'EC': {
      const curve = CURVE_NAMES[jwk.crv ?? '']!;
      section.string(`ecdsa-sha2-${curve}`).string(curve).string(ecPoint(jwk)).mpint(b64url(jwk.d));
      break;
    }
  }
  section.string(comment);
  for (let pad = 1; section.length % 8 !== 0; pad++) section.raw(Buffer.from([pad]));
  return unencryptedOpensshKey(publicBlob, section.toBuffer());
}

/** The armored, unencrypted openssh-key-v1 container of one key's public blob and (clear) private section. */
export function unencryptedOpensshKey(publicBlob: Buffer, privateSection: Buffer): string {
  const body = new SshWireWriter().raw(MAGIC).string('none').string('none').string('').uint32(1);
  body.string(publicBlob).string(privateSection);
  const base64 = body.toBuffer().toString('base64');
  return `${BEGIN}\n${base64.replace(/.{70}/g, '$&\n').replace(/\n$/, '')}\n${END}\n`;
}

function b64url(value: string | undefined): Buffer {
  if (value === undefined) throw new Error('Key component missing from JWK export');
  return Buffer.from(value, 'base64url');
}

function ecPoint(jwk: JsonWebKey): Buffer {
  return Buffer.concat([Buffer.from([4]), b64url(jwk.x), b64url(jwk.y)]);
}
