import { performance } from 'node:perf_hooks';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { UserError } from '../../common/errors.js';
import { cancelledError, isCancelled, throwIfAborted, type Cancellable } from '../abortable.js';
import { installAuthorizedKey } from './authorizedKeysInstaller.js';
import { discoverHostKeysOf } from './hostKeyDiscovery.js';
import { trustedHostKeys, type HostKeyTrust } from './hostKeyTrust.js';
import { formatRemoteHostKey, hostKeyFromBlob, HostKeyMismatchError, parseRemoteHostKey, type HostKey } from './hostKeys.js';
import { authorizedKeysLine } from './keys.js';
import { encodeOpensshPrivateKey, opensshPublicBlob } from './opensshPrivateKey.js';
import { readUnencryptedPrivateKey } from './privateKeyReader.js';
import { formatPublicKeyLine, parsePublicKeyLine, publicKeyInfo } from './publicKey.js';
import { openSession, type HostKeyCheck, type LoginPromptAnswerer, type SshSession } from './sshSession.js';
import { checkTarget, checkUsername, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_SSH_PORT, targetLabel, type SshTarget } from './sshTarget.js';

/**
 * What the SSH Connections screen and the `connection` commands do with a remote machine:
 * discover its host keys, install our key with a one-time password login, and test a
 * key login against the stored host key. Plain async functions over explicit inputs; nothing
 * here touches the store.
 */

export interface DiscoverHostKeysOptions extends Cancellable {
  host: string;
  port?: number;
  timeoutMs?: number;
}

/** Aborting stops the setup where it is (every connection closed) with a CancelledError. */
export interface SemiAutomaticSetupOptions extends Cancellable {
  host: string;
  port?: number;
  /** Who logs in with the password: the connection's user, or root installing for it. */
  adminUsername: string;
  password: string;
  /** The connection's login user; the admin when absent. */
  username?: string;
  privateKey: string;
  /** Checked against the private key when given; derived from it otherwise. */
  publicKey?: string;
  timeoutMs?: number;
  /** Answers keyboard-interactive prompts other than the password (an OTP code). */
  onPrompt?: LoginPromptAnswerer;
  /** Which of the server's host keys to trust before the password goes to it (nothing without). */
  hostKeyTrust?: HostKeyTrust;
}

export interface SemiAutomaticSetupResult {
  /** The value to store as `remote_host_key`: one `type base64` line per host key. */
  remoteHostKey: string;
  /** Fingerprint of the host key the server used in the setup session. */
  fingerprint: string;
  hostKeys: HostKey[];
  /** False when authorized_keys already held the key (nothing was written). */
  keyAdded: boolean;
}

export interface TestConnectionOptions extends Cancellable {
  host: string;
  port?: number;
  username: string;
  privateKey: string;
  /** The stored `remote_host_key` lines. */
  remoteHostKey: string;
  timeoutMs?: number;
}

export interface TestConnectionResult {
  ok: true;
  /** Fingerprint of the (matching) host key the server offered. */
  fingerprint: string;
  hostKeyType: string;
  /** The server's software version, e.g. `OpenSSH_9.2p1`. */
  serverSoftware: string;
  elapsedMs: number;
}

/** The host keys a server offers, as `ssh-keyscan` lists them, for the user to confirm. */
export function discoverHostKeys(options: DiscoverHostKeysOptions): Promise<HostKey[]> {
  return discoverHostKeysOf(targetOf(options), options.signal);
}

/**
 * Asks the server for its host keys and has them confirmed (see hostKeyTrust.ts) before the
 * password leaves; logs in once with the password over a session whose host key must be a
 * confirmed one, appends our public key to the user's authorized_keys, and proves the setup
 * with a login by key alone. The confirmed keys are the ones to store.
 */
export async function semiAutomaticSetup(options: SemiAutomaticSetupOptions): Promise<SemiAutomaticSetupResult> {
  const target = targetOf(options);
  const adminUsername = checkUsername(options.adminUsername, 'Admin username');
  const username = checkUsername(options.username ?? adminUsername);
  if (!options.password) throw new UserError('The semi-automatic setup needs the password of the admin user', 2);
  const keyLine = ourKeyLine(options.privateKey, options.publicKey);
  const label = targetLabel(target);

  const { signal } = options;
  const hostKeys = await trustedHostKeys(target, await discoverHostKeysOf(target, signal), options.hostKeyTrust);
  // The user may have pressed Esc while the host keys were shown: the password stays here.
  throwIfAborted(signal);
  const seen: OfferedHostKey = {};
  const session = await openSession({
    ...target,
    signal,
    login: { kind: 'password', username: adminUsername, password: options.password, onPrompt: options.onPrompt },
    serverHostKeyAlgorithms: hostKeyAlgorithms(hostKeys, 'only'),
    checkHostKey: acceptOnly(hostKeys, target, seen),
  });
  let keyAdded: boolean;
  try {
    ({ added: keyAdded } = await installAuthorizedKey(session, {
      keyLine,
      targetUser: username === adminUsername ? undefined : username,
      username,
      adminUsername,
      label,
      timeoutMs: target.timeoutMs,
      signal,
    }));
  } finally {
    session.close();
  }

  const remoteHostKey = formatRemoteHostKey(hostKeys);
  try {
    await testConnection({ ...target, username, privateKey: options.privateKey, remoteHostKey, signal });
  } catch (error) {
    if (isCancelled(error) && keyAdded) throw cancelledError(`Cancelled: nothing was stored (the key had been added to ~/.ssh/authorized_keys of ${username} on ${label}).`);
    if (error instanceof HostKeyMismatchError || !(error instanceof UserError) || isCancelled(error)) throw error;
    throw new UserError(
      `The key is in ~/.ssh/authorized_keys of ${username} on ${label}, but the login with it failed: ${error.message} ` +
        '(does the server read another AuthorizedKeysFile, or refuse the permissions of the home directory?)',
    );
  }
  return { remoteHostKey, fingerprint: seen.key!.fingerprint, hostKeys, keyAdded };
}

/**
 * Logs in with the key and checks the server's host key against the stored ones. A host key
 * that is not stored fails with HostKeyMismatchError, which carries the new key.
 */
export async function testConnection(options: TestConnectionOptions): Promise<TestConnectionResult> {
  const started = performance.now();
  const { session, hostKey } = await openPinnedKeySession(options);
  session.close();
  return {
    ok: true,
    fingerprint: hostKey.fingerprint,
    hostKeyType: hostKey.type,
    serverSoftware: session.serverSoftware,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * A session logged in with the key, on a server whose host key is one of the stored ones (a
 * connection's pinned keys): what a test and an off-box push (SFTP) stand on. The caller
 * closes it.
 */
export async function openPinnedKeySession(options: TestConnectionOptions): Promise<{ session: SshSession; hostKey: HostKey }> {
  const target = targetOf(options);
  const username = checkUsername(options.username);
  const stored = parseRemoteHostKey(options.remoteHostKey);
  const { key, comment } = readUnencryptedPrivateKey(options.privateKey);
  const seen: OfferedHostKey = {};
  const session = await openSession({
    ...target,
    signal: options.signal,
    login: { kind: 'key', username, privateKey: encodeOpensshPrivateKey(key, comment) },
    serverHostKeyAlgorithms: hostKeyAlgorithms(stored, 'first'),
    checkHostKey: acceptOnly(stored, target, seen),
  });
  return { session, hostKey: seen.key! };
}

const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The host key algorithms to offer for a set of known keys. `first`: the known types first,
 * as OpenSSH does with known_hosts: otherwise a server that also has an Ed25519 key would show
 * that one, and a stored RSA key would look "changed" when nothing changed; other types stay
 * offered after them, so a server that dropped the stored type shows its new key and the user
 * sees the change. `only`: nothing else, for a session that must use a confirmed key.
 */
function hostKeyAlgorithms(known: readonly HostKey[], others: 'first' | 'only'): ServerHostKeyAlgorithm[] {
  const knownTypes = new Set(known.map((key) => key.type));
  const isKnown = (algorithm: ServerHostKeyAlgorithm) => knownTypes.has(algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm);
  return [...HOST_KEY_ALGORITHMS.filter(isKnown), ...(others === 'first' ? HOST_KEY_ALGORITHMS.filter((algorithm) => !isKnown(algorithm)) : [])];
}

interface OfferedHostKey {
  key?: HostKey;
}

/**
 * A session's host key check that accepts only the `known` keys (any other is a
 * HostKeyMismatchError carrying it) and remembers in `seen` the key the server proved it holds.
 */
function acceptOnly(known: readonly HostKey[], target: SshTarget, seen: OfferedHostKey): HostKeyCheck {
  return (blob) => {
    let offered: HostKey;
    try {
      offered = hostKeyFromBlob(blob);
    } catch (error) {
      if (error instanceof UserError) return new UserError(`${targetLabel(target)} offers an unusable host key: ${error.message}`);
      throw error;
    }
    seen.key = offered;
    if (known.some((key) => key.key === offered.key)) return undefined;
    return new HostKeyMismatchError(target.host, target.port, known.map((key) => key.fingerprint), offered);
  };
}

/** The authorized_keys line for our key; a given public key must belong to the private key. */
function ourKeyLine(privateKey: string, publicKey: string | undefined): string {
  const { key, comment } = readUnencryptedPrivateKey(privateKey);
  const blob = opensshPublicBlob(key);
  if (publicKey === undefined || publicKey.trim() === '') {
    return formatPublicKeyLine({ algorithm: publicKeyInfo(blob).algorithm, blob, comment });
  }
  if (!parsePublicKeyLine(publicKey).blob.equals(blob)) throw new UserError('Private key and public key do not match');
  return authorizedKeysLine(publicKey);
}

function targetOf(options: { host: string; port?: number; timeoutMs?: number }): SshTarget {
  return checkTarget({
    host: options.host,
    port: options.port ?? DEFAULT_SSH_PORT,
    timeoutMs: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
}
