import { UserError } from '../../common/errors.js';
import { abortable, cancelledError, isCancelled, throwIfAborted } from '../abortable.js';
import { printable } from '../../common/printable.js';
import { formatRemoteHostKey, HostKeyMismatchError, testConnection, type HostKey } from '../ssh/index.js';
import { checkTarget, checkUsername, targetLabel } from '../ssh/sshTarget.js';
import type { Store } from '../store/index.js';
import {
  cleartextWarning,
  connectTrueNasApi,
  loginTrueNas,
  pairSshKey,
  parseTlsFingerprint,
  parseTrueNasUrl,
  TlsCertificateRefusedError,
  type ApiProtocol,
  type OtpCodeAsker,
  type RemoteUserChanges,
  type TlsCertificateInfo,
  type TrueNasApi,
  type TrueNasUrl,
} from '../truenas/index.js';
import { checkConnectTimeout, connectionDetails, resolveKeypair, storeConnection, type ConnectionAdded, type KeypairChoice } from './connections.js';
import { checkNewKeychainName } from './records.js';

/**
 * The seed's semi-automatic setup: through the remote TrueNAS's web API with admin credentials
 * (never an SSH password login), as the middleware's remote_ssh_semiautomatic_setup does it.
 * The connection stores the URL's host name, the SSH port and host keys the TrueNAS answered,
 * the login user and the keypair. Beyond TrueNAS, which never checks, a key login over SSH to
 * that host and port with exactly those host keys is proven before anything is stored. On any
 * failure nothing is stored: a keypair generated for the attempt only ever lived in memory.
 */

export const DEFAULT_TRUENAS_USERNAME = 'root';

/** Passwordless sudo for zfs is a choice only for a login user other than root, who needs none. */
export function offersZfsSudo(username: string | undefined): boolean {
  return ((username ?? '').trim() || DEFAULT_TRUENAS_USERNAME) !== 'root';
}

export interface TrueNasConnectionInput {
  name: string;
  /** The remote TrueNAS URL, `https://nas.example.com`. */
  url: string;
  adminUsername: string;
  password: string;
  /** "One-Time Password (if necessary)": used when the TrueNAS asks for a code. */
  otpCode?: string | undefined;
  /** The connection's login user; root when absent, as on the TrueNAS form. */
  username?: string | undefined;
  /** "Enable passwordless sudo for zfs commands" (for a user other than root). */
  sudo?: boolean | undefined;
  keypair: KeypairChoice;
  /** Seconds, for the SSH connection (and for opening the API connection). */
  connectTimeout?: number | undefined;
  /** SHA-256 fingerprint of a certificate the user trusts although it does not verify. */
  tlsFingerprint?: string | undefined;
}

/** What the setup is doing now, for a spinner's text. */
export type TrueNasSetupStep = 'connecting' | 'logging-in' | 'pairing' | 'proving-key-login' | 'saving';

/** How the engine asks the interface (screen or terminal) during the setup; every one optional. */
export interface TrueNasSetupCallbacks {
  /** The TrueNAS wants a one-time code and none was given (or the one given was refused). */
  askOtpCode?: OtpCodeAsker | undefined;
  /** The certificate does not verify: show it and ask; true connects again trusting exactly it. */
  confirmTlsCertificate?: ((certificate: TlsCertificateInfo, origin: string) => Promise<boolean>) | undefined;
  /** Something the user should know before going on (the password over plain http). */
  onWarning?: ((message: string) => void) | undefined;
  onStep?: ((step: TrueNasSetupStep) => void) | undefined;
  /** Aborting stops the setup where it is (the API connection closed); nothing is stored. */
  signal?: AbortSignal | undefined;
}

export interface TrueNasConnectionAdded extends ConnectionAdded {
  protocol: ApiProtocol;
  /** The certificate the API connection used; null over http. */
  certificate: TlsCertificateInfo | null;
  /** What user.update changed on the TrueNAS (the login shell, passwordless sudo for zfs). */
  userChanges: RemoteUserChanges;
}

interface CheckedInput {
  name: string;
  url: TrueNasUrl;
  adminUsername: string;
  username: string;
  sudo: boolean;
  connectTimeout: number;
}

export async function addTrueNasConnection(store: Store, input: TrueNasConnectionInput, callbacks: TrueNasSetupCallbacks = {}): Promise<TrueNasConnectionAdded> {
  const checked = checkInput(store, input);
  const keys = await resolveKeypair(store, input.keypair, checked.name, callbacks.signal);
  const warning = cleartextWarning(checked.url);
  if (warning) callbacks.onWarning?.(warning);

  const { signal } = callbacks;
  callbacks.onStep?.('connecting');
  // Every step takes the signal: Esc ends the TCP connect, TLS, upgrade, calls and SSH login at once.
  const api = await connectTrusting(checked, input.tlsFingerprint, callbacks.confirmTlsCertificate, signal);
  let paired;
  try {
    callbacks.onStep?.('logging-in');
    await abortable(loginTrueNas(api, { username: checked.adminUsername, password: input.password, otpCode: input.otpCode, askOtpCode: callbacks.askOtpCode }), signal, () => api.close());
    callbacks.onStep?.('pairing');
    paired = await abortable(pairSshKey(api, { username: checked.username, publicKey: keys.keypair.publicKey, sudo: checked.sudo }), signal, () => api.close());
  } finally {
    api.close();
  }

  callbacks.onStep?.('proving-key-login');
  const target = { host: checked.url.hostname, port: paired.port, timeoutMs: checked.connectTimeout * 1000 };
  const fingerprint = await proveKeyLogin(target, checked.username, keys.keypair.privateKey, paired.hostKeys, signal);
  throwIfAborted(signal);

  callbacks.onStep?.('saving');
  const added = storeConnection(store, checked.name, keys, {
    host: checked.url.hostname,
    port: paired.port,
    username: checked.username,
    remote_host_key: formatRemoteHostKey(paired.hostKeys),
    connect_timeout: checked.connectTimeout,
  });
  store.keychain.recordCheck(added.connection.id, true, `Set up through the TrueNAS API at ${checked.url.origin}: key login verified, host key ${fingerprint}`);
  return {
    ...added,
    connection: connectionDetails(store, added.connection.id),
    protocol: api.protocol,
    certificate: api.certificate,
    userChanges: paired.userChanges,
  };
}

/** Every check that needs no network, so that a typo fails at once (usage errors: exit 2). */
function checkInput(store: Store, input: TrueNasConnectionInput): CheckedInput {
  const name = checkNewKeychainName(store, input.name, 'SSH connection');
  const url = parseTrueNasUrl(input.url);
  const connectTimeout = checkConnectTimeout(input.connectTimeout);
  checkTarget({ host: url.hostname, port: url.port, timeoutMs: connectTimeout * 1000 });
  const adminUsername = checkUsername(input.adminUsername.trim(), 'Admin username');
  const username = checkUsername((input.username ?? '').trim() || DEFAULT_TRUENAS_USERNAME);
  if (!input.password) throw new UserError('The semi-automatic setup needs the password of the TrueNAS admin user.', { exitCode: 2, field: 'password' });
  if (input.tlsFingerprint !== undefined) parseTlsFingerprint(input.tlsFingerprint);
  return { name, url, adminUsername, username, sudo: Boolean(input.sudo) && offersZfsSudo(username), connectTimeout };
}

/**
 * Opens the API connection. A certificate that does not verify is refused unless its
 * fingerprint is the trusted one or the user, shown it, confirms it: then the connection is
 * opened again trusting exactly that certificate (nothing waits on an open socket meanwhile).
 */
async function connectTrusting(checked: CheckedInput, trusted: string | undefined, confirm: TrueNasSetupCallbacks['confirmTlsCertificate'], signal: AbortSignal | undefined): Promise<TrueNasApi> {
  const connect = (trustedFingerprint: string | undefined) => connectTrueNasApi(checked.url, { timeoutMs: checked.connectTimeout * 1000, trustedFingerprint, signal });
  try {
    return await connect(trusted);
  } catch (error) {
    if (!(error instanceof TlsCertificateRefusedError)) throw error;
    if (trusted !== undefined) {
      throw new UserError(`The TLS certificate of ${checked.url.origin} has the fingerprint ${error.certificate.fingerprint}, not the one given: refusing it`, {
        field: 'tlsFingerprint',
      });
    }
    if (!confirm || !(await confirm(error.certificate, checked.url.origin))) throw error;
    throwIfAborted(signal);
    return connect(error.certificate.fingerprint);
  }
}

/** A key login with exactly the host keys the TrueNAS answered; the fingerprint of the one used. */
async function proveKeyLogin(target: { host: string; port: number; timeoutMs: number }, username: string, privateKey: string, hostKeys: HostKey[], signal: AbortSignal | undefined): Promise<string> {
  const label = targetLabel(target);
  try {
    return (await testConnection({ ...target, username, privateKey, remoteHostKey: formatRemoteHostKey(hostKeys), signal })).fingerprint;
  } catch (error) {
    if (isCancelled(error)) throw cancelledError(`Cancelled: nothing was stored (the TrueNAS had already installed the key for ${printable(username)}).`);
    if (error instanceof HostKeyMismatchError) {
      throw new UserError(
        `The SSH server at ${label} shows the host key ${error.offered.type} ${error.offered.fingerprint}, which is not one the TrueNAS answered: ` +
          'refusing (is the URL\'s host the TrueNAS itself?)',
      );
    }
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`The TrueNAS installed the key for ${printable(username)}, but the key login to ${label} failed: ${error.message}`);
  }
}
