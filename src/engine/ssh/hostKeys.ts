import { UserError } from '../../common/errors.js';
import { publicKeyInfo, sha256Fingerprint } from './publicKey.js';

/** One host key a server offers, as ssh-keyscan prints it (without the host name). */
export interface HostKey {
  /** Key type: `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`... */
  type: string;
  /** `type base64`, one line of a stored `remote_host_key`. */
  key: string;
  /** `SHA256:...` as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|ssh-dss)$/;

export function hostKeyFromBlob(blob: Buffer): HostKey {
  const { algorithm } = publicKeyInfo(blob);
  return { type: algorithm, key: `${algorithm} ${blob.toString('base64')}`, fingerprint: sha256Fingerprint(blob) };
}

/**
 * Reads a stored `remote_host_key`: lines of `type base64` (ssh-keyscan or known_hosts lines with
 * a host name before the type are read too, whatever the host: see knownHosts.ts for text that
 * must be matched against a connection's host).
 */
export function parseRemoteHostKey(text: string): HostKey[] {
  checkHostKeyTextSize(text);
  const keys: HostKey[] = [];
  hostKeyTextLines(text).forEach(({ tokens, number }) => {
    const at = tokens.findIndex((token) => KEY_TYPE.test(token));
    if (at < 0 || at > 1) throw invalidLine(number);
    addKey(keys, hostKeyFromTokens(tokens[at]!, tokens[at + 1], number));
  });
  if (keys.length === 0) throw new UserError('No remote host key given');
  return keys;
}

/** The non-empty, non-comment lines of a host key text, split into fields, with their numbers. */
export function hostKeyTextLines(text: string): { tokens: string[]; number: number }[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, index) => ({ line: raw.trim(), number: index + 1 }))
    .filter(({ line }) => line && !line.startsWith('#'))
    .map(({ line, number }) => ({ tokens: line.split(/\s+/), number }));
}

export function isHostKeyType(token: string): boolean {
  return KEY_TYPE.test(token);
}

/** One key from its type and base64 fields, checked (line `number` named in refusals). */
export function hostKeyFromTokens(type: string, base64: string | undefined, number: number): HostKey {
  if (!KEY_TYPE.test(type) || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalidLine(number);
  let key: HostKey;
  try {
    key = hostKeyFromBlob(Buffer.from(base64, 'base64'));
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`The remote host key is not valid (line ${number}): ${error.message}`);
    throw error;
  }
  if (key.type !== type) throw new UserError(`The remote host key is not valid (line ${number}): it says ${type} but holds a ${key.type} key`);
  return key;
}

/** Adds a key unless it is there already. */
export function addKey(keys: HostKey[], key: HostKey): void {
  if (!keys.some((known) => known.key === key.key)) keys.push(key);
}

export function checkHostKeyTextSize(text: string): void {
  if (Buffer.byteLength(text) > 64 * 1024) throw new UserError('The remote host key text is larger than 64 KiB');
}

export function invalidLine(number: number): UserError {
  return new UserError(`The remote host key is not valid (line ${number}): expected 'ssh-ed25519 AAAA...' as ssh-keyscan prints it`);
}

/** The `remote_host_key` value for a set of keys: one `type base64` line each. */
export function formatRemoteHostKey(keys: readonly HostKey[]): string {
  return keys.map((key) => key.key).join('\n');
}

/**
 * The server offered a host key that is not the stored one. Either the server was reinstalled
 * or re-keyed, or someone sits between us and it; only the user can tell, so the new key
 * travels with the error for an explicit "accept the new key".
 */
export class HostKeyMismatchError extends UserError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly storedFingerprints: readonly string[],
    readonly offered: HostKey,
  ) {
    super(
      `WARNING: the host key of ${host}:${port} has CHANGED (possible man-in-the-middle attack): ` +
        `stored ${storedFingerprints.join(', ')}, offered ${offered.type} ${offered.fingerprint}. ` +
        'Accept the new key only if you know why it changed.',
    );
    this.name = 'HostKeyMismatchError';
  }
}
