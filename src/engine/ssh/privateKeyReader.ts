import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { ssh2 } from './ssh2Lazy.js';
import { UserError } from '../../common/errors.js';
import { decryptOpensshKey } from './opensshDecryption.js';
import { CHACHA_POLY_CIPHER, decryptChachaPolySection } from './opensshChacha.js';
import { opensshPublicBlob, readOpensshKeyHeader, unencryptedOpensshKey, type OpensshKeyHeader } from './opensshPrivateKey.js';
import { checkKeyTextSize, cleanComment, dsaRefused, unsupportedCurve, unsupportedKeyType } from './publicKey.js';

/**
 * Reads a private key in any format we accept into a node:crypto KeyObject: OpenSSH
 * (openssh-key-v1, via ssh2's parser), PEM PKCS#1 / SEC1 / PKCS#8 (via node:crypto), each
 * possibly passphrase-protected. Every refusal is a one-line UserError without key material.
 */

export interface ReadPrivateKey {
  key: KeyObject;
  /** The comment an OpenSSH key carries; PEM keys have none. */
  comment: string;
}

/** bcrypt rounds beyond this would keep a worker busy for minutes: a hostile or broken file. */
const MAX_BCRYPT_ROUNDS = 1024;
const NODE_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const MIN_RSA_BITS = 1024; // OpenSSH's RequiredRSASize default

interface KeyBlock {
  label: string;
  block: string;
  openssh?: { header: OpensshKeyHeader };
}

/** Reads a key, decrypting it with `passphrase` if it is protected (bcrypt runs in a worker). */
export async function readPrivateKey(text: string, passphrase?: string): Promise<ReadPrivateKey> {
  const found = findKeyBlock(text);
  if (found.openssh && found.openssh.header.cipherName !== 'none') {
    const header = found.openssh.header;
    if (!passphrase) throw passphraseNeeded();
    if (header.kdfName !== 'bcrypt') throw new UserError(`The private key uses an unknown key derivation (${cleanComment(header.kdfName).slice(0, 40)})`);
    if ((header.kdfRounds ?? 0) > MAX_BCRYPT_ROUNDS) {
      throw new UserError(`The private key asks for ${header.kdfRounds} bcrypt rounds (more than ${MAX_BCRYPT_ROUNDS}): refusing`);
    }
    if (header.cipherName === CHACHA_POLY_CIPHER) return readChachaPolyKey(header, passphrase);
    const result = await decryptOpensshKey(found.block, passphrase);
    if (!result.ok) throw opensshFailure(result.reason, true);
    if (result.key.type === 'ssh-dss') throw dsaRefused();
    const key = soundKey(supportedKey(pemToKey(result.key.privatePem)), header.publicBlob);
    return { key, comment: cleanComment(result.key.comment) };
  }
  return readFoundKey(found, passphrase);
}

/** ssh2 cannot decrypt this cipher: decrypt the section here, then read the key as an unencrypted one. */
async function readChachaPolyKey(header: OpensshKeyHeader, passphrase: string): Promise<ReadPrivateKey> {
  const section = await decryptChachaPolySection(header, passphrase);
  if (!section) throw new UserError('Wrong passphrase for the private key');
  return readFoundKey(findKeyBlock(unencryptedOpensshKey(header.publicBlob, section)), undefined);
}

/**
 * Whether a private key text is protected by a passphrase (so that a screen can ask for one
 * before importing). False for anything it cannot read: the import then says what is wrong.
 */
export function isPassphraseProtected(text: string): boolean {
  try {
    const found = findKeyBlock(text);
    return found.openssh ? found.openssh.header.cipherName !== 'none' : isEncryptedPem(found);
  } catch {
    return false;
  }
}

function isEncryptedPem(found: KeyBlock): boolean {
  return found.label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,ENCRYPTED/m.test(found.block);
}

/**
 * Reads an unencrypted key synchronously: what the store holds (keys are normalised to
 * unencrypted OpenSSH on import), so describing or exporting a stored key needs no worker.
 */
export function readUnencryptedPrivateKey(text: string): ReadPrivateKey {
  const found = findKeyBlock(text);
  if (found.openssh && found.openssh.header.cipherName !== 'none') throw passphraseNeeded();
  return readFoundKey(found, undefined);
}

/** True when the text looks like a private key at all (for callers that accept either kind). */
export function looksLikePrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

function readFoundKey(found: KeyBlock, passphrase: string | undefined): ReadPrivateKey {
  if (found.openssh) {
    let parsed = ssh2().utils.parseKey(found.block);
    if (Array.isArray(parsed)) parsed = parsed[0];
    if (parsed instanceof Error) throw opensshFailure(parsed.message, false);
    if (parsed.type === 'ssh-dss') throw dsaRefused();
    const pem = parsed.getPrivatePEM();
    if (!pem) throw new UserError('The private key is damaged or truncated');
    return { key: soundKey(supportedKey(pemToKey(pem)), found.openssh.header.publicBlob), comment: cleanComment(parsed.comment) };
  }
  const encrypted = isEncryptedPem(found);
  if (encrypted && !passphrase) throw passphraseNeeded();
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: found.block, format: 'pem', passphrase } : { key: found.block, format: 'pem' });
  } catch {
    throw new UserError(encrypted ? 'Wrong passphrase for the private key (or the key is damaged)' : 'The private key is damaged or truncated');
  }
  return { key: soundKey(supportedKey(key), undefined), comment: '' };
}

/**
 * Parsers accept a key whose private numbers were damaged (a flipped byte in the middle of a
 * pasted key): it would only fail later, at login, as "permission denied". Check instead that
 * it signs what its public key verifies, and that an OpenSSH key matches its stored public key.
 */
function soundKey(key: KeyObject, storedPublicBlob: Buffer | undefined): KeyObject {
  let sound = false;
  try {
    const data = randomBytes(32);
    const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    sound = verify(digest, data, createPublicKey(key), sign(digest, data, key));
    // OpenSSL quietly repairs a bad CRT part (p, q, iqmp) while signing, so check the numbers.
    if (key.asymmetricKeyType === 'rsa' && !rsaNumbersFit(key)) sound = false;
    if (storedPublicBlob && !opensshPublicBlob(key).equals(storedPublicBlob)) sound = false;
  } catch {
    sound = false;
  }
  if (!sound) throw new UserError('The private key is damaged or truncated (its parts do not fit together)');
  return key;
}

function findKeyBlock(input: string): KeyBlock {
  checkKeyTextSize(input, 'private key');
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!begin) {
    const start = text.trimStart();
    if (start.startsWith('PuTTY-User-Key-File')) {
      throw new UserError('PuTTY keys are not supported: convert it first with: puttygen KEY -O private-openssh -o FILE');
    }
    if (/^(ssh-|ecdsa-sha2-|sk-)/.test(start)) throw new UserError('This is a public key where the private key was expected');
    throw notAPrivateKey();
  }
  const label = begin[1]!;
  const endMarker = `-----END ${label}-----`;
  const end = text.indexOf(endMarker, begin.index);
  if (end < 0) throw new UserError('The private key is truncated: its END line is missing');
  const block = `${text.slice(begin.index, end + endMarker.length)}\n`;
  switch (label) {
    case 'OPENSSH PRIVATE KEY': {
      const base64 = text.slice(begin.index + begin[0].length, end).replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length === 0) throw new UserError('The private key is damaged or truncated');
      const header = readOpensshKeyHeader(Buffer.from(base64, 'base64'));
      if (header.keyCount !== 1) throw new UserError('The private key file holds more than one key: give one key');
      return { label, block, openssh: { header } };
    }
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'PRIVATE KEY':
    case 'ENCRYPTED PRIVATE KEY':
      return { label, block };
    case 'DSA PRIVATE KEY':
      throw dsaRefused();
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
      throw new UserError('This is a public key where the private key was expected');
    case 'SSH2 ENCRYPTED PRIVATE KEY':
      throw new UserError('SSH.COM private keys are not supported: convert it with "ssh-keygen -i" first');
    default:
      throw notAPrivateKey();
  }
}

function pemToKey(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new UserError('The private key is damaged or truncated');
  }
}

/** Ed25519, RSA (at least 1024 bits) and ECDSA on the NIST curves OpenSSH uses; nothing else. */
function supportedKey(key: KeyObject): KeyObject {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return key;
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) throw new UserError(`The RSA key has only ${bits} bits: OpenSSH needs at least ${MIN_RSA_BITS} (use 3072 or more)`);
      return key;
    }
    case 'ec':
      if (NODE_CURVES.has(details.namedCurve ?? '')) return key;
      throw unsupportedCurve(details.namedCurve ?? 'unknown');
    case 'dsa':
      throw dsaRefused();
    default:
      throw unsupportedKeyType(key.asymmetricKeyType ?? 'unknown');
  }
}

function rsaNumbersFit(key: KeyObject): boolean {
  const jwk = key.export({ format: 'jwk' });
  const [n, e, d, p, q, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.qi].map((part) => BigInt(`0x${Buffer.from(part ?? '', 'base64url').toString('hex') || '0'}`));
  return p! * q! === n! && (e! * d!) % (p! - 1n) === 1n && (e! * d!) % (q! - 1n) === 1n && (q! * qi!) % p! === 1n;
}

function opensshFailure(reason: string, encrypted: boolean): UserError {
  if (/integrity check failed|bad passphrase/i.test(reason)) {
    return new UserError(encrypted ? 'Wrong passphrase for the private key' : 'The private key is damaged or truncated');
  }
  const unsupported = /Unsupported OpenSSH private key type: (\S+)/.exec(reason);
  if (unsupported) return unsupportedKeyType(unsupported[1]!);
  if (/Unsupported cipher/.test(reason)) return new UserError('The private key is encrypted with a cipher this program does not know');
  return new UserError('The private key is damaged or truncated');
}

function passphraseNeeded(): UserError {
  return new UserError('The private key is protected by a passphrase: give the passphrase to import it (it is then stored decrypted)');
}

function notAPrivateKey(): UserError {
  return new UserError('Not a private key: expected an OpenSSH key (BEGIN OPENSSH PRIVATE KEY) or a PEM key (BEGIN RSA/EC PRIVATE KEY, BEGIN PRIVATE KEY)');
}
