import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import { isCancelled, throwIfAborted, type Cancellable } from '../abortable.js';
import { refuseIfUsedByDestinations } from '../offsite/inUse.js';
import {
  discoverHostKeys,
  formatRemoteHostKey,
  generateKeypair,
  HostKeyMismatchError,
  hostKeysForTarget,
  knownHostsLines,
  parseRemoteHostKey,
  semiAutomaticSetup,
  testConnection,
  trustedHostKeys,
  type GenerateKeypairOptions,
  type HostKey,
  type HostKeyTrust,
  type Keypair,
  type LoginPromptAnswerer,
  type TestConnectionOptions,
} from '../ssh/index.js';
import { checkPort, checkTarget, checkUsername, DEFAULT_SSH_PORT } from '../ssh/sshTarget.js';
import type { CheckResult, Store } from '../store/index.js';
import type { StoredRecord } from '../store/encryptedRecords.js';
import { keypairDetails, storedPrivateKey, type KeypairDetails } from './keypairs.js';
import { checkNewKeychainName, freeKeychainName, getKeychainRecord, SSH_CREDENTIALS, SSH_KEY_PAIR } from './records.js';

/**
 * SSH connections in the keychain: what the `connection` commands and the SSH Connections
 * screen do. A connection is a record of type SSH_CREDENTIALS with attributes {host, port,
 * username, private_key (a keypair id), remote_host_key, connect_timeout (seconds)}.
 */

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
export const DEFAULT_MANUAL_USERNAME = 'root';

export interface ConnectionSummary {
  id: number;
  name: string;
  host: string;
  port: number;
  username: string;
  keypairId: number | null;
  /** Null when the keypair is gone. */
  keypairName: string | null;
  connectTimeout: number;
  lastCheck: CheckResult | null;
}

export interface ConnectionDetails extends ConnectionSummary {
  /** The stored host keys with their fingerprints; empty when the stored value is unreadable. */
  hostKeys: HostKey[];
}

/** An existing keypair (name or id), or a new one generated for this connection. */
export type KeypairChoice = { keypair: string | number } | { generate: GenerateKeypairOptions & { name?: string } };

/** `signal`: aborting stops the setup where it is (see src/engine/abortable.ts); nothing is stored. */
export interface SemiAutomaticConnectionInput extends Cancellable {
  name: string;
  host: string;
  port?: number;
  adminUsername: string;
  password: string;
  /** The connection's login user; the admin when absent. */
  username?: string;
  keypair: KeypairChoice;
  /** Seconds. */
  connectTimeout?: number;
  /** Answers keyboard-interactive prompts other than the password (an OTP code). */
  onPrompt?: LoginPromptAnswerer;
  /**
   * Which host keys to trust before the admin password goes to the server: fingerprints the
   * user checked, an explicit "accept what it offers now", or a question to ask (a screen's
   * dialog, a terminal prompt). Without one the setup is refused (HostKeysUnconfirmedError,
   * reason `host-key-unconfirmed`, carrying the offered keys).
   */
  hostKeyTrust?: HostKeyTrust;
}

/** `signal`: aborting drops a keypair being generated for it; nothing is stored. */
export interface ManualConnectionInput extends Cancellable {
  name: string;
  host: string;
  port?: number;
  username?: string;
  keypair: KeypairChoice;
  /**
   * Pasted (`type base64` lines, ssh-keyscan output or a known_hosts file: only lines for this
   * host and port count, as ssh reads them) or discovered and confirmed by the user.
   */
  remoteHostKey: string;
  connectTimeout?: number;
}

export interface ConnectionAdded {
  connection: ConnectionDetails;
  /** The keypair generated for the connection, if one was. */
  keypairCreated: KeypairDetails | null;
  /** Semi-automatic: false when authorized_keys already held the key. */
  keyAdded?: boolean;
}

export interface ConnectionChange {
  name?: string;
  host?: string;
  port?: number;
  username?: string;
  keypair?: string | number;
  remoteHostKey?: string;
  connectTimeout?: number;
}

export interface ConnectionTestOutcome {
  name: string;
  fingerprint: string;
  hostKeyType: string;
  serverSoftware: string;
  elapsedMs: number;
  /** Set when a changed host key was accepted (explicitly) before the test passed. */
  acceptedHostKey: HostKey | null;
}

export function listConnections(store: Store): ConnectionSummary[] {
  const keypairNames = new Map(store.keychain.list(SSH_KEY_PAIR).map((record) => [record.id, record.name]));
  return store.keychain.list(SSH_CREDENTIALS).map((record) => summarize(record.id, record.name, record.publicAttributes, record.lastCheck, keypairNames));
}

export function connectionDetails(store: Store, nameOrId: string | number): ConnectionDetails {
  const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
  const keypairNames = new Map(store.keychain.list(SSH_KEY_PAIR).map((keypair) => [keypair.id, keypair.name]));
  let hostKeys: HostKey[] = [];
  try {
    hostKeys = parseRemoteHostKey(String(record.attributes.remote_host_key ?? ''));
  } catch {
    hostKeys = [];
  }
  return { ...summarize(record.id, record.name, record.attributes, record.lastCheck, keypairNames), hostKeys };
}

export interface HostKeyTarget extends Cancellable {
  host: string;
  port?: number;
  connectTimeout?: number;
}

/** The host keys a server offers, for the user to confirm before a manual connection stores them. */
export function discoverConnectionHostKeys(target: HostKeyTarget): Promise<HostKey[]> {
  return discoverHostKeys({ host: target.host, port: target.port ?? DEFAULT_SSH_PORT, timeoutMs: connectTimeoutMs(target.connectTimeout), signal: target.signal });
}

/**
 * The host keys a server offers that the user trusts (see HostKeyTrust): what a manual
 * connection with discovered host keys stores. Refused when nobody confirmed them.
 */
export async function discoverTrustedHostKeys(target: HostKeyTarget, trust: HostKeyTrust): Promise<HostKey[]> {
  const port = target.port ?? DEFAULT_SSH_PORT;
  return trustedHostKeys({ host: target.host.trim(), port }, await discoverConnectionHostKeys(target), trust);
}

/**
 * Logs in once with the admin password, installs the keypair's public key for the login user,
 * records the server's host keys, proves a key login, and only then stores the connection
 * (and the keypair, when one was generated for it): a failed setup stores nothing.
 */
export async function addSemiAutomaticConnection(store: Store, input: SemiAutomaticConnectionInput): Promise<ConnectionAdded> {
  const name = checkNewKeychainName(store, input.name, 'SSH connection');
  const port = input.port ?? DEFAULT_SSH_PORT;
  const connectTimeout = checkConnectTimeout(input.connectTimeout);
  checkTarget({ host: input.host, port, timeoutMs: connectTimeout * 1000 });
  const adminUsername = checkUsername(input.adminUsername.trim(), 'Admin username');
  const username = checkUsername((input.username ?? '').trim() || adminUsername);
  if (!input.password) throw new UserError('The semi-automatic setup needs the password of the admin user.', 2);
  const keys = await resolveKeypair(store, input.keypair, name, input.signal);

  const setup = await semiAutomaticSetup({
    signal: input.signal,
    host: input.host.trim(),
    port,
    adminUsername,
    password: input.password,
    username,
    privateKey: keys.keypair.privateKey,
    publicKey: keys.keypair.publicKey,
    timeoutMs: connectTimeout * 1000,
    ...(input.onPrompt ? { onPrompt: input.onPrompt } : {}),
    ...(input.hostKeyTrust ? { hostKeyTrust: input.hostKeyTrust } : {}),
  });

  throwIfAborted(input.signal);
  const added = storeConnection(store, name, keys, { host: input.host.trim(), port, username, remote_host_key: setup.remoteHostKey, connect_timeout: connectTimeout });
  store.keychain.recordCheck(added.connection.id, true, `Set up: key login verified, host key ${setup.fingerprint}`);
  return { ...added, connection: connectionDetails(store, added.connection.id), keyAdded: setup.keyAdded };
}

/** Stores a connection whose public key the user installed by hand; no network. */
export async function addManualConnection(store: Store, input: ManualConnectionInput): Promise<ConnectionAdded> {
  const name = checkNewKeychainName(store, input.name, 'SSH connection');
  const port = input.port ?? DEFAULT_SSH_PORT;
  const connectTimeout = checkConnectTimeout(input.connectTimeout);
  checkTarget({ host: input.host, port, timeoutMs: connectTimeout * 1000 });
  const username = checkUsername((input.username ?? '').trim() || DEFAULT_MANUAL_USERNAME);
  const hostKeys = hostKeysForTarget(input.remoteHostKey, { host: input.host, port });
  const keys = await resolveKeypair(store, input.keypair, name, input.signal);
  return storeConnection(store, name, keys, { host: input.host.trim(), port, username, remote_host_key: formatRemoteHostKey(hostKeys), connect_timeout: connectTimeout });
}

/** Changes what is given; a changed connection forgets its last test result. */
export function editConnection(store: Store, nameOrId: string | number, change: ConnectionChange): ConnectionDetails {
  return store.write(() => editConnectionNow(store, nameOrId, change));
}

/** Inside the write transaction: the record is read and changed with no other writer between. */
function editConnectionNow(store: Store, nameOrId: string | number, change: ConnectionChange): ConnectionDetails {
  const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
  const current = record.attributes;
  const port = change.port ?? Number(current.port ?? DEFAULT_SSH_PORT);
  const connectTimeout = checkConnectTimeout(change.connectTimeout ?? Number(current.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS));
  const host = (change.host ?? String(current.host ?? '')).trim();
  checkTarget({ host, port, timeoutMs: connectTimeout * 1000 });
  const username = checkUsername((change.username ?? String(current.username ?? '')).trim());
  const keypairId = change.keypair === undefined ? Number(current.private_key) : getKeychainRecord(store, change.keypair, SSH_KEY_PAIR).id;
  const remoteHostKey = change.remoteHostKey === undefined ? String(current.remote_host_key ?? '') : formatRemoteHostKey(hostKeysForTarget(change.remoteHostKey, { host, port }));
  const name = change.name?.trim();
  if (name !== undefined && name !== record.name) checkNewKeychainName(store, name, 'SSH connection');
  store.keychain.update(record.id, {
    ...(name !== undefined ? { name } : {}),
    attributes: { ...current, host, port, username, private_key: keypairId, remote_host_key: remoteHostKey, connect_timeout: connectTimeout },
  });
  return connectionDetails(store, record.id);
}

/**
 * Logs in with the stored key and checks the host key against the stored one; records the
 * result. A changed host key fails with HostKeyMismatchError (carrying the offered key)
 * unless `acceptNewHostKey`, which stores the offered key and tests again.
 */
export async function testConnectionRecord(store: Store, nameOrId: string | number, options: { acceptNewHostKey?: boolean } & Cancellable = {}): Promise<ConnectionTestOutcome> {
  const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
  try {
    return await testOnce(store, record, null, options.signal);
  } catch (error) {
    if (!(error instanceof HostKeyMismatchError) || !options.acceptNewHostKey) throw error;
    const accepted = acceptHostKey(store, record.id, error.offered);
    return testOnce(store, getKeychainRecord(store, accepted.id, SSH_CREDENTIALS), error.offered, options.signal);
  }
}

/** Replaces the stored host key by one the user accepted (after seeing its fingerprint). */
export function acceptHostKey(store: Store, nameOrId: string | number, hostKey: HostKey): ConnectionDetails {
  const [key] = parseRemoteHostKey(hostKey.key);
  if (key!.fingerprint !== hostKey.fingerprint) throw new UserError('The host key to accept does not match its fingerprint.');
  return store.write(() => {
    const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
    store.keychain.update(record.id, { attributes: { ...record.attributes, remote_host_key: formatRemoteHostKey([key!]) } });
    return connectionDetails(store, record.id);
  });
}

export interface ConnectionKnownHosts {
  name: string;
  /** known_hosts lines (`host` or `[host]:port`, then the key) that OpenSSH accepts for the connection. */
  lines: string[];
}

/** The stored host keys of one connection, or of all, as known_hosts lines. */
export function connectionKnownHosts(store: Store, nameOrId?: string | number): ConnectionKnownHosts[] {
  const records = nameOrId === undefined ? store.keychain.list(SSH_CREDENTIALS).map((record) => record.id) : [getKeychainRecord(store, nameOrId, SSH_CREDENTIALS).id];
  return records.map((id) => {
    const details = connectionDetails(store, id);
    return { name: details.name, lines: knownHostsLines({ host: details.host, port: details.port }, details.hostKeys) };
  });
}

export function deleteConnection(store: Store, nameOrId: string | number): { name: string } {
  return store.write(() => {
    const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
    refuseIfUsedByDestinations(store, { sshConnectionId: record.id }, `SSH connection ${quoted(record.name)}`);
    store.keychain.remove(record.id);
    return { name: record.name };
  });
}

/**
 * The problems of a connection form's numbers (absent ones take their defaults), worded as a
 * save would refuse them: for a form to show while they are typed.
 */
export function connectionNumberProblems(values: { port?: number | undefined; connectTimeout?: number | undefined }): { port?: string; connectTimeout?: string } {
  const problem = (check: () => unknown) => {
    try {
      check();
      return undefined;
    } catch (error) {
      return error instanceof UserError ? error.message : String(error);
    }
  };
  const port = values.port === undefined ? undefined : problem(() => checkPort(values.port!));
  const connectTimeout = problem(() => checkConnectTimeout(values.connectTimeout));
  return { ...(port ? { port } : {}), ...(connectTimeout ? { connectTimeout } : {}) };
}

/** Seconds, a whole number from 1 to 600; the default when absent. */
export function checkConnectTimeout(seconds: number | undefined): number {
  const value = seconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
  if (!Number.isInteger(value) || value < 1 || value > 600) throw new UserError(`Connect timeout must be a whole number of seconds from 1 to 600, not ${String(value)}`, 2);
  return value;
}

/** A cancelled test (Esc) is no result: the last one stays. */
async function testOnce(store: Store, record: StoredRecord, accepted: HostKey | null, signal: AbortSignal | undefined): Promise<ConnectionTestOutcome> {
  try {
    const result = await testConnection({ ...connectionLogin(store, record), signal });
    const note = accepted ? `new host key ${accepted.fingerprint} accepted; ` : '';
    store.keychain.recordCheck(record.id, true, `OK: ${note}${result.serverSoftware}, host key ${result.fingerprint}, ${result.elapsedMs} ms`);
    return { name: record.name, fingerprint: result.fingerprint, hostKeyType: result.hostKeyType, serverSoftware: result.serverSoftware, elapsedMs: result.elapsedMs, acceptedHostKey: accepted };
  } catch (error) {
    if (isCancelled(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    store.keychain.recordCheck(record.id, false, message);
    if (error instanceof UserError && error.message.startsWith('No SSH keypair')) {
      throw new UserError(`The keypair of connection ${JSON.stringify(record.name)} no longer exists: edit the connection to choose one.`);
    }
    throw error;
  }
}

/** How to log in with a stored connection: its target, user, keypair and pinned host keys. */
export function connectionLogin(store: Store, record: StoredRecord): TestConnectionOptions {
  const attributes = record.attributes;
  const keypair = getKeychainRecord(store, Number(attributes.private_key), SSH_KEY_PAIR);
  return {
    host: String(attributes.host ?? ''),
    port: Number(attributes.port ?? DEFAULT_SSH_PORT),
    username: String(attributes.username ?? ''),
    privateKey: storedPrivateKey(keypair),
    remoteHostKey: String(attributes.remote_host_key ?? ''),
    timeoutMs: connectTimeoutMs(Number(attributes.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS)),
  };
}

export interface ResolvedKeypair {
  keypair: Keypair;
  /** Set when the keypair exists already. */
  id?: number;
  /** Set when it was generated for this connection and is stored with it. */
  newName?: string;
}

/** The keypair to use; a generated one lives only in memory until storeConnection saves it. */
export async function resolveKeypair(store: Store, choice: KeypairChoice, connectionName: string, signal?: AbortSignal): Promise<ResolvedKeypair> {
  if ('keypair' in choice) {
    const record = getKeychainRecord(store, choice.keypair, SSH_KEY_PAIR);
    return { id: record.id, keypair: { privateKey: storedPrivateKey(record), publicKey: String(record.attributes.public_key ?? '') } };
  }
  const { name, ...options } = choice.generate;
  const newName = name?.trim() ? checkNewKeychainName(store, name, 'SSH keypair') : freeKeychainName(store, `${connectionName}-key`);
  const keypair = await generateKeypair({ comment: `nasconsole ${connectionName}`, ...options, signal });
  return { keypair, newName };
}

/**
 * One transaction: the generated keypair (if any) and the connection that uses it. The names
 * are checked again inside it: another process may have taken one during the slow setup.
 */
export function storeConnection(store: Store, name: string, keys: ResolvedKeypair, attributes: Record<string, unknown>): ConnectionAdded {
  return store.write((): ConnectionAdded => {
    checkNewKeychainName(store, name, 'SSH connection');
    if (keys.newName !== undefined) checkNewKeychainName(store, keys.newName, 'SSH keypair');
    let keypairId = keys.id;
    let keypairCreated: KeypairDetails | null = null;
    if (keypairId === undefined) {
      const created = store.keychain.create(keys.newName!, SSH_KEY_PAIR, { private_key: keys.keypair.privateKey, public_key: keys.keypair.publicKey });
      keypairId = created.id;
      keypairCreated = keypairDetails(store, created.id);
    }
    const record = store.keychain.create(name, SSH_CREDENTIALS, { ...attributes, private_key: keypairId });
    return { connection: connectionDetails(store, record.id), keypairCreated };
  });
}

export function connectTimeoutMs(seconds: number | undefined): number {
  return checkConnectTimeout(seconds) * 1000;
}

function summarize(id: number, name: string, attributes: Record<string, unknown>, lastCheck: CheckResult | null, keypairNames: Map<number, string>): ConnectionSummary {
  const raw = attributes.private_key;
  const keypairId = raw === null || raw === undefined || raw === '' || !Number.isInteger(Number(raw)) ? null : Number(raw);
  return {
    id,
    name,
    host: String(attributes.host ?? ''),
    port: Number(attributes.port ?? DEFAULT_SSH_PORT),
    username: String(attributes.username ?? ''),
    keypairId,
    keypairName: keypairId === null ? null : keypairNames.get(keypairId) ?? null,
    connectTimeout: Number(attributes.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS),
    lastCheck,
  };
}
