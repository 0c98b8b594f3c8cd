import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { parseRemoteHostKey, type HostKey } from '../ssh/index.js';
import { TrueNasCallError } from './apiErrors.js';
import type { TrueNasApi } from './apiSession.js';

/**
 * What a TrueNAS does for a semi-automatic SSH connection set up from another machine, the
 * calls and rules of the middleware's remote_ssh_semiautomatic_setup (plugins/keychain/
 * ssh_pair.py): `keychaincredential.ssh_pair` adds our public key to the user's authorized keys
 * and answers the SSH port and host keys; then `user.query` and `user.update` give the user a
 * login shell when it has none and, when asked, passwordless sudo for zfs.
 */

export interface SshPairRequest {
  /** The remote login user of the connection. */
  username: string;
  /** Our public key line. */
  publicKey: string;
  /** Add /usr/sbin/zfs to the user's passwordless sudo commands (unless ALL is there). */
  sudo: boolean;
}

export interface RemoteUserChanges {
  /** The login shell set for a user that had none. */
  shell?: string;
  /** The passwordless sudo commands after /usr/sbin/zfs was added. */
  sudo_commands_nopasswd?: string[];
}

export interface SshPairOutcome {
  /** The SSH port of the TrueNAS. */
  port: number;
  /** Its host keys (the answer's lines without their first field, a placeholder host name). */
  hostKeys: HostKey[];
  userChanges: RemoteUserChanges;
}

export const NO_LOGIN_SHELL = '/usr/sbin/nologin';
export const LOGIN_SHELL = '/usr/bin/bash';
export const ZFS_BINARY = '/usr/sbin/zfs';

export async function pairSshKey(api: TrueNasApi, request: SshPairRequest): Promise<SshPairOutcome> {
  const user = printable(request.username);
  const paired = await step(`Semi-automatic SSH connection setup failed for ${user}`, () =>
    api.call('keychaincredential.ssh_pair', [{ remote_hostname: 'any-host', username: request.username, public_key: request.publicKey }]),
  );
  const { port, hostKeys } = readPairAnswer(paired);

  const entry = await step(`Cannot read the TrueNAS user ${user}`, () =>
    api.call('user.query', [[['username', '=', request.username], ['local', '=', true]], { get: true }]),
  );
  const remoteUser = readUser(entry, request.username);
  const userChanges: RemoteUserChanges = {};
  if (remoteUser.shell === NO_LOGIN_SHELL) userChanges.shell = LOGIN_SHELL;
  if (request.sudo && !remoteUser.sudoNopasswd.includes('ALL') && !remoteUser.sudoNopasswd.includes(ZFS_BINARY)) {
    userChanges.sudo_commands_nopasswd = [...remoteUser.sudoNopasswd, ZFS_BINARY];
  }
  // The middleware calls user.update even with nothing to change; so do we.
  await step('Error updating remote user attributes', () => api.call('user.update', [remoteUser.id, userChanges]));
  return { port, hostKeys, userChanges };
}

/** `Context: what the TrueNAS said`; other errors (a closed connection) stay as they are. */
async function step<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TrueNasCallError) throw new UserError(`${context}: ${error.message}`);
    throw error;
  }
}

function readPairAnswer(answer: unknown): { port: number; hostKeys: HostKey[] } {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { port?: unknown; host_key?: unknown };
  const port = Number(body.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || typeof body.host_key !== 'string') {
    throw new UserError('The TrueNAS answered keychaincredential.ssh_pair without a valid SSH port and host keys');
  }
  // As the middleware's process_ssh_keyscan_output: each line without its first field.
  const lines = body.host_key
    .split('\n')
    .filter((line) => line && !line.startsWith('# '))
    .map((line) => line.trim().split(/\s+/).slice(1).join(' '));
  try {
    return { port, hostKeys: parseRemoteHostKey(lines.join('\n')) };
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`The host keys the TrueNAS answered are not usable: ${error.message}`);
    throw error;
  }
}

function readUser(entry: unknown, username: string): { id: number; shell: string; sudoNopasswd: string[] } {
  const body = (typeof entry === 'object' && entry !== null ? entry : {}) as { id?: unknown; shell?: unknown; sudo_commands_nopasswd?: unknown };
  if (typeof body.id !== 'number') throw new UserError(`The TrueNAS answered user.query for ${printable(username)} without the user's id`);
  const sudo = Array.isArray(body.sudo_commands_nopasswd) ? body.sudo_commands_nopasswd.filter((command): command is string => typeof command === 'string') : [];
  return { id: body.id, shell: typeof body.shell === 'string' ? body.shell : '', sudoNopasswd: sudo };
}
