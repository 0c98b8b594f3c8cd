import { UserError } from '../../common/errors.js';
import { printable, runCommand, type SshSession } from './sshSession.js';

/**
 * Appends a public key line to a user's ~/.ssh/authorized_keys on the remote, over an
 * authenticated session, with one POSIX sh command. The key travels on stdin, never in the
 * command line. The script creates ~/.ssh (0700) and the file (0600) when missing, leaves an
 * existing file in place (append only, after a missing final newline), adds nothing when the
 * key is already there, and, when root installs for another user, looks up that user's home
 * with getent and gives what it created to that user.
 *
 * The script is one line without single quotes, backslash pairs or `!`, wrapped in
 * `sh -c '...'`: the login shell (bash, zsh, dash, fish, tcsh...) only has to pass it to sh.
 */

const EXIT_HOME_MISSING = 10;
const EXIT_SSH_DIR = 11;
const EXIT_KEYS_FILE = 12;
const EXIT_NO_SUCH_USER = 13;
const EXIT_CHOWN = 14;
const EXIT_NOT_ROOT = 16;
const EXIT_NO_KEY = 20;

const SCRIPT = [
  'umask 077',
  'set -f',
  `IFS= read -r key || [ -n "$key" ] || exit ${EXIT_NO_KEY}`,
  'u=$1',
  'owner=',
  `if [ -n "$u" ]; then [ "$(id -u)" = 0 ] || exit ${EXIT_NOT_ROOT}; ent=$(getent passwd "$u") || exit ${EXIT_NO_SUCH_USER};` +
    ' oldifs=$IFS; IFS=:; set -- $ent; IFS=$oldifs; owner=$3:$4; h=$6; else h=$HOME; fi',
  `[ -n "$h" ] && [ -d "$h" ] || exit ${EXIT_HOME_MISSING}`,
  'd=$h/.ssh',
  'f=$d/authorized_keys',
  `if [ -d "$d" ]; then :; else mkdir "$d" || exit ${EXIT_SSH_DIR}; chmod 700 "$d" || exit ${EXIT_SSH_DIR};` +
    ` if [ -n "$owner" ]; then chown "$owner" "$d" || exit ${EXIT_CHOWN}; fi; fi`,
  'set -- $key',
  'if [ -f "$f" ] && grep -v "^[[:space:]]*#" "$f" | grep -qF -e "$2"; then echo present; exit 0; fi',
  'new=1',
  'if [ -e "$f" ]; then new=0; fi',
  `if [ "$new" = 0 ] && [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ]; then echo >> "$f" || exit ${EXIT_KEYS_FILE}; fi`,
  `printf "%s\\n" "$key" >> "$f" || exit ${EXIT_KEYS_FILE}`,
  `if [ "$new" = 1 ]; then chmod 600 "$f" || exit ${EXIT_KEYS_FILE}; if [ -n "$owner" ]; then chown "$owner" "$f" || exit ${EXIT_CHOWN}; fi; fi`,
  'echo added',
].join('; ');

if (SCRIPT.includes("'") || SCRIPT.includes('!')) throw new Error('authorized_keys script must not contain single quotes or "!"');

/**
 * The remote command line. Without `targetUser` it works in the login user's own $HOME;
 * with it (a checked login name, safe as a bare word) it needs root and works in that user's home.
 */
export function authorizedKeysInstallCommand(targetUser?: string): string {
  return `sh -c '${SCRIPT}' nasconsole-setup${targetUser ? ` ${targetUser}` : ''}`;
}

export interface InstallAuthorizedKeyOptions {
  keyLine: string;
  /** Set when the admin installs for another user (then the admin must be root). */
  targetUser: string | undefined;
  /** The user whose file is written, for messages. */
  username: string;
  adminUsername: string;
  label: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Resolves `{ added: false }` when the key was already authorized. */
export async function installAuthorizedKey(session: SshSession, options: InstallAuthorizedKeyOptions): Promise<{ added: boolean }> {
  const result = await runCommand(session, authorizedKeysInstallCommand(options.targetUser), `${options.keyLine}\n`, options.timeoutMs, options.signal);
  const { username, label } = options;
  if (result.exitCode === 0) {
    const outcome = result.stdout.trim().split('\n').pop();
    if (outcome === 'added') return { added: true };
    if (outcome === 'present') return { added: false };
    throw new UserError(`${label} did not run the setup command for ${username} (is the account limited to SFTP or a fixed command?)`);
  }
  switch (result.exitCode) {
    case EXIT_HOME_MISSING:
      throw new UserError(`The home directory of ${username} on ${label} does not exist`);
    case EXIT_SSH_DIR:
      throw new UserError(`Cannot create ~/.ssh for ${username} on ${label}: the home directory is not writable`);
    case EXIT_KEYS_FILE:
      throw new UserError(`Cannot write ~/.ssh/authorized_keys of ${username} on ${label}: not writable (permissions or disk full)`);
    case EXIT_NO_SUCH_USER:
      throw new UserError(`There is no user ${username} on ${label}`);
    case EXIT_CHOWN:
      throw new UserError(`Cannot give ~/.ssh of ${username} on ${label} to that user (chown failed)`);
    case EXIT_NOT_ROOT:
      throw new UserError(`Installing the key for ${username} needs the admin user to be root, and ${options.adminUsername} is not`);
  }
  const detail = printable(result.stderr.split('\n').find((line) => line.trim()) ?? '');
  const status = result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `exit status ${result.exitCode}`;
  throw new UserError(`Installing the key on ${label} failed: the remote command ended with ${status}${detail ? ` (${detail})` : ''}`);
}
