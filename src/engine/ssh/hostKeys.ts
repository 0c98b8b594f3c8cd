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
 * Reads a stored or pasted `remote_host_key`: lines of `type base64`, and also ssh-keyscan or
 * known_hosts lines (a host name before the type, `#` comments), so the user can paste either.
 */
export function parseRemoteHostKey(text: string): HostKey[] {
  if (Buffer.byteLength(text) > 64 * 1024) throw new UserError('The remote host key text is larger than 64 KiB');
  const keys: HostKey[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const tokens = line.split(/\s+/);
    const at = tokens.findIndex((token) => KEY_TYPE.test(token));
    const base64 = at >= 0 ? tokens[at + 1] : undefined;
    if (at < 0 || at > 1 || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
      throw new UserError(`The remote host key is not valid (line ${index + 1}): expected 'ssh-ed25519 AAAA...' as ssh-keyscan prints it`);
    }
    let key: HostKey;
    try {
      key = hostKeyFromBlob(Buffer.from(base64, 'base64'));
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`The remote host key is not valid (line ${index + 1}): ${error.message}`);
      throw error;
    }
    if (key.type !== tokens[at]) {
      throw new UserError(`The remote host key is not valid (line ${index + 1}): it says ${tokens[at]} but holds a ${key.type} key`);
    }
    if (!keys.some((known) => known.key === key.key)) keys.push(key);
  });
  if (keys.length === 0) throw new UserError('No remote host key given');
  return keys;
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
