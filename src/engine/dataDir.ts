import { chmodSync, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../common/errors.js';
import { printable } from '../common/printable.js';

export interface DataPaths {
  dir: string;
  database: string;
  secret: string;
  /** An upload's incoming seed, between the database commit and its rename into place. */
  pendingSecret: string;
  backups: string;
  logs: string;
}

/** `--data-dir`, else `NASCONSOLE_DATA_DIR`, else `$XDG_DATA_HOME/nasconsole` (~/.local/share/nasconsole). */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.NASCONSOLE_DATA_DIR) return resolve(env.NASCONSOLE_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'nasconsole');
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    database: join(dir, 'config.db'),
    secret: join(dir, 'pwenc_secret'),
    pendingSecret: join(dir, 'pwenc_secret.new'),
    backups: join(dir, 'backups'),
    logs: join(dir, 'logs'),
  };
}

/**
 * Creates the data dir (0700) and its sub-directories on first use, and refuses one that is
 * not the running user's own: a data dir, database or seed that another user owns or can
 * write may hold a seed they chose, and the secrets encrypted with it would be theirs to read.
 * Modes of what we own are tightened; what someone else could have written is refused.
 */
export function prepareDataDir(dir: string): DataPaths {
  const paths = dataPaths(dir);
  for (const sub of [paths.dir, paths.backups]) ensureOwnedPrivateDir(sub);
  for (const file of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.secret, paths.pendingSecret]) checkOwnedPrivateFile(file);
  return paths;
}

/** A directory of ours: made 0700 when missing, refused when another user owns it. */
function ensureOwnedPrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new UserError(`${printable(dir)} is not a directory.`);
  refuseForeignOwner(dir, stat, 'directory');
  if ((stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

function checkOwnedPrivateFile(path: string): void {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return; // not made yet
  }
  if (!stat.isFile()) throw new UserError(`${printable(path)} is not a regular file (a link or a device): move it away and run again.`);
  refuseForeignOwner(path, stat, 'file');
  if ((stat.mode & 0o022) !== 0) {
    throw new UserError(`${printable(path)} can be written by other users (mode ${(stat.mode & 0o777).toString(8)}), so its contents cannot be trusted. If you are sure nobody changed it, run: chmod 600 ${printable(path)}`);
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
}

function refuseForeignOwner(path: string, stat: Stats, what: 'file' | 'directory'): void {
  const uid = process.getuid?.();
  if (uid === undefined || stat.uid === uid) return;
  throw new UserError(
    `The ${what} ${printable(path)} belongs to user id ${stat.uid}, not to you (${uid}): nasconsole keeps secrets only in its own files. Use another data dir, or, if it is yours, run: chown -R ${uid} ${printable(path)}`,
  );
}
