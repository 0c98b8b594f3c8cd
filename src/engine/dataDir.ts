import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensurePrivateDir } from './fsSafe.js';

export interface DataPaths {
  dir: string;
  database: string;
  secret: string;
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
    backups: join(dir, 'backups'),
    logs: join(dir, 'logs'),
  };
}

/** Creates the data dir (0700) and its sub-directories on first use. */
export function prepareDataDir(dir: string): DataPaths {
  const paths = dataPaths(dir);
  ensurePrivateDir(paths.dir);
  ensurePrivateDir(paths.backups);
  return paths;
}
