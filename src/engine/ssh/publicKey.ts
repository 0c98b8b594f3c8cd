import { createHash } from 'node:crypto';
import { UserError } from '../../common/errors.js';
import { SshWireReader } from './sshWire.js';

/** The key families we accept, named as `ssh-keygen -l` names them. */
export type SshKeyKind = 'ED25519' | 'RSA' | 'ECDSA';

export interface SshPublicKey {
  /** The key's algorithm name as it starts the blob and the line: `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`... */
  algorithm: string;
  /** The public key blob (what the base64 of an authorized_keys line decodes to). */
  blob: Buffer;
  comment: string;
}

export interface PublicKeyInfo {
  algorithm: string;
  kind: SshKeyKind;
  bits: number;
}

/** Longest key or key text we look at: an RSA-16384 private key in PEM is about 12.5 KiB. */
export const MAX_KEY_TEXT_BYTES = 16 * 1024;

const ECDSA_BITS: Record<string, number> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** `SHA256:` + unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -l` prints it. */
export function sha256Fingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Refuses input larger than any key so that a pasted file of garbage fails fast and plainly. */
export function checkKeyTextSize(text: string, what: string): void {
  if (Buffer.byteLength(text) > MAX_KEY_TEXT_BYTES) {
    throw new UserError(`The ${what} is larger than ${MAX_KEY_TEXT_BYTES / 1024} KiB: that is not an SSH key`);
  }
}

/** Comments end up in one-line files (authorized_keys) and on screen: no control characters. */
export function cleanComment(comment: string): string {
  return comment.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 1024);
}

/** Type and size of a public key blob; throws a UserError for DSA, unknown types and broken blobs. */
export function publicKeyInfo(blob: Buffer): PublicKeyInfo {
  try {
    const reader = new SshWireReader(blob);
    const algorithm = reader.string().toString('latin1');
    switch (algorithm) {
      case 'ssh-ed25519': {
        if (reader.string().length !== 32) break;
        return { algorithm, kind: 'ED25519', bits: 256 };
      }
      case 'ssh-rsa': {
        reader.string(); // e
        const bits = unsignedBitLength(reader.string());
        if (bits === 0) break;
        return { algorithm, kind: 'RSA', bits };
      }
      case 'ecdsa-sha2-nistp256':
      case 'ecdsa-sha2-nistp384':
      case 'ecdsa-sha2-nistp521': {
        const curve = reader.string().toString('latin1');
        if (`ecdsa-sha2-${curve}` !== algorithm || reader.string().length === 0) break;
        return { algorithm, kind: 'ECDSA', bits: ECDSA_BITS[curve]! };
      }
      case 'ssh-dss':
        throw dsaRefused();
      default:
        if (CERTIFICATE_TYPE.test(algorithm)) throw certificateRefused();
        if (algorithm.startsWith('ecdsa-sha2-')) throw unsupportedCurve(algorithm.slice('ecdsa-sha2-'.length));
        throw unsupportedKeyType(algorithm);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
  }
  throw new UserError('The public key is damaged: its data does not form an SSH key');
}

/**
 * Reads one public key line, `ssh-ed25519 AAAA... comment` (as in a .pub file or authorized_keys
 * without options). The type named on the line must be the one inside the blob.
 */
export function parsePublicKeyLine(text: string): SshPublicKey {
  checkKeyTextSize(text, 'public key');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const match = lines.length === 1 ? /^(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(lines[0]!) : null;
  if (!match) {
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
      throw new UserError('This is a private key where a public key was expected');
    }
    throw new UserError("Not an SSH public key: expected one line like 'ssh-ed25519 AAAA... comment'");
  }
  const [, algorithm, base64, comment = ''] = match;
  const blob = Buffer.from(base64!, 'base64');
  const info = publicKeyInfo(blob);
  if (info.algorithm !== algorithm) {
    throw new UserError(`The public key line says ${algorithm} but its data is a ${info.algorithm} key`);
  }
  return { algorithm: info.algorithm, blob, comment: cleanComment(comment) };
}

export function formatPublicKeyLine(key: { algorithm: string; blob: Uint8Array; comment?: string }): string {
  const comment = cleanComment(key.comment ?? '');
  return `${key.algorithm} ${Buffer.from(key.blob).toString('base64')}${comment ? ` ${comment}` : ''}`;
}

export function dsaRefused(): UserError {
  return new UserError('DSA keys are not supported: use an Ed25519 or RSA key');
}

/** `ssh-ed25519-cert-v01@openssh.com` and the like: a key signed by a CA, not a key. */
const CERTIFICATE_TYPE = /-cert-v0[01]@openssh\.com$/;

export function certificateRefused(): UserError {
  return new UserError('SSH certificates are not supported: give the plain public key (the .pub file, not the -cert.pub one)');
}

export function unsupportedCurve(curve: string): UserError {
  return new UserError(
    `ECDSA keys on the curve ${cleanComment(curve).slice(0, 40)} are not supported: the supported curves are NIST P-256, P-384 and P-521 ` +
      '(ecdsa-sha2-nistp256, -nistp384, -nistp521), as OpenSSH uses them; or use an Ed25519 or RSA key',
  );
}

export function unsupportedKeyType(name: string): UserError {
  return new UserError(`Unsupported key type ${cleanComment(name).slice(0, 60)}: use an Ed25519, RSA or ECDSA key`);
}

function unsignedBitLength(bytes: Buffer): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!));
}
