/**
 * The methods of the test TrueNAS API that change a real system, as the middleware does them
 * (plugins/keychain/ssh_pair.py, plugins/account.py): `keychaincredential.ssh_pair` appends the
 * public key to the authorized_keys of a real local user (served by the harness's real sshd)
 * and answers that sshd's port and host keys; `user.query` reads the user from the system's
 * passwd database; `user.update` changes the user's login shell for real (usermod) and keeps
 * the passwordless sudo commands, which this machine has no TrueNAS sudoers for, in memory.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallError, ERRNO, MatchNotFound, ValidationErrors } from './trueNasApiErrors.js';
import type { RunningSshd } from '../../testing/sshd.js';

export const NO_LOGIN_SHELL = '/usr/sbin/nologin';

export interface PosixUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export class TrueNasSystem {
  /** user.update's sudo_commands_nopasswd, per user name. */
  readonly sudoNopasswd = new Map<string, string[]>();
  private readonly ids = new Map<string, number>();

  /** Without an sshd, the system has no SSH host keys (ssh_pair says so). */
  constructor(private readonly sshd: Pick<RunningSshd, 'port' | 'hostKeyLines'> | undefined) {}

  sshPair(data: { remote_hostname?: string; username?: string; public_key?: string }): { port: number; host_key: string } {
    const username = data.username ?? 'root';
    const user = posixUser(username);
    if (!user) throw new CallError(`User ${username} does not exist`);
    if (user.home.startsWith('/var/empty') || !existsSync(user.home)) throw new CallError(`Home directory ${user.home} does not exist`, ERRNO.ENOENT);
    const hostKeys = ['ssh-rsa', 'ecdsa-sha2-', 'ssh-ed25519'].map((prefix) => this.sshd?.hostKeyLines.find((line) => line.startsWith(prefix)));
    const names = ['RSA', 'ECDSA', 'ED25519'];
    hostKeys.forEach((line, index) => {
      if (!line) throw new CallError(`Host ${names[index]} key not configured`);
    });
    const publicKey = String(data.public_key ?? '');
    const current = authorizedKeys(user).trim();
    if (!current.includes(publicKey)) writeAuthorizedKeys(user, `${current}\n${publicKey}\n`);
    const hostname = String(data.remote_hostname ?? '');
    return { port: this.sshd!.port, host_key: hostKeys.map((line) => `${hostname} ${line}\n`).join('') };
  }

  userQuery(filters: unknown, options: unknown): unknown {
    const conditions = Array.isArray(filters) ? (filters as unknown[][]) : [];
    const wanted = conditions.find(([field, op]) => field === 'username' && op === '=')?.[2];
    const user = typeof wanted === 'string' ? posixUser(wanted) : undefined;
    const entries = (user ? [this.entry(user)] : []).filter((entry) => conditions.every(([field, op, value]) => op === '=' && entry[String(field)] === value));
    if ((options as { get?: boolean } | undefined)?.get) {
      if (entries.length === 0) throw new MatchNotFound();
      return entries[0];
    }
    return entries;
  }

  userUpdate(id: unknown, data: Record<string, unknown>): unknown {
    const name = [...this.ids].find(([, known]) => known === id)?.[0];
    const user = name ? posixUser(name) : undefined;
    if (!user) throw new CallError(`User ${String(id)} does not exist`, ERRNO.ENOENT);
    const problems: [string, string, number][] = [];
    if ('shell' in data && !shellChoices().has(String(data.shell))) problems.push(['user_update.shell', 'Please select a valid shell.', ERRNO.EINVAL]);
    if ('sudo_commands_nopasswd' in data) problems.push(...sudoCommandProblems(data.sudo_commands_nopasswd));
    if (problems.length > 0) throw new ValidationErrors(problems);
    if ('shell' in data) run('usermod', ['--shell', String(data.shell), user.name]);
    if ('sudo_commands_nopasswd' in data) this.sudoNopasswd.set(user.name, [...(data.sudo_commands_nopasswd as string[])]);
    return this.entry(posixUser(user.name)!);
  }

  private entry(user: PosixUser): Record<string, unknown> {
    if (!this.ids.has(user.name)) this.ids.set(user.name, 70 + this.ids.size);
    const keys = authorizedKeys(user);
    return {
      id: this.ids.get(user.name),
      uid: user.uid,
      username: user.name,
      home: user.home,
      shell: user.shell,
      full_name: user.name,
      builtin: false,
      smb: false,
      group: { id: user.gid, bsdgrp_gid: user.gid },
      groups: [],
      password_disabled: false,
      ssh_password_enabled: false,
      sshpubkey: keys || null,
      locked: false,
      sudo_commands: [],
      sudo_commands_nopasswd: this.sudoNopasswd.get(user.name) ?? [],
      email: null,
      local: true,
      immutable: false,
      twofactor_auth_configured: false,
      roles: [],
    };
  }
}

export function posixUser(name: string): PosixUser | undefined {
  const result = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const [login, , uid, gid, , home, shell] = result.stdout.trim().split(':');
  return { name: login!, uid: Number(uid), gid: Number(gid), home: home!, shell: shell! };
}

/** As user.shell_choices: nologin and the /usr/bin entries of /etc/shells. */
function shellChoices(): Set<string> {
  const shells = readFileSync('/etc/shells', 'utf8').split('\n').map((line) => line.trim()).filter((line) => line.startsWith('/usr/bin'));
  return new Set([NO_LOGIN_SHELL, ...shells]);
}

/** As account.py's validate_sudo_commands, less the check that the program exists here (no zfs on a test machine). */
function sudoCommandProblems(commands: unknown): [string, string, number][] {
  if (!Array.isArray(commands)) return [['user_update.sudo_commands_nopasswd', 'Input should be a valid list', ERRNO.EINVAL]];
  if (commands.includes('ALL') && commands.length !== 1) return [[`user_update.sudo_commands_nopasswd.${commands.indexOf('ALL')}`, 'ALL cannot be used with other commands', ERRNO.EINVAL]];
  return commands.flatMap((command, index): [string, string, number][] =>
    command === 'ALL' || String(command).startsWith('/') ? [] : [[`user_update.sudo_commands_nopasswd.${index}`, 'Executable must be an absolute path', ERRNO.EINVAL]],
  );
}

function authorizedKeys(user: PosixUser): string {
  const file = join(user.home, '.ssh', 'authorized_keys');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** As user.update_sshpubkey: ~/.ssh 0700 and the file 0600, both the user's. */
function writeAuthorizedKeys(user: PosixUser, content: string): void {
  const dir = join(user.home, '.ssh');
  if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
  chmodSync(dir, 0o700);
  chownSync(dir, user.uid, user.gid);
  const file = join(dir, 'authorized_keys');
  writeFileSync(file, `${content.trim()}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  chownSync(file, user.uid, user.gid);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new CallError(`${command} failed: ${result.stderr.trim()}`);
}
