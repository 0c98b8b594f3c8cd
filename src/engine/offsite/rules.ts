import { UserError } from '../../common/errors.js';

/**
 * The rules a destination and a recipient meet, wherever they come from (the CLI, the screen,
 * an uploaded configuration). A leaf module: the restore checks uploads with it.
 */

export const DEFAULT_DESTINATION_KEEP = 30;
export const MAX_DESTINATION_KEEP = 3650;
const MAX_PATH = 1024;

/** `age1` and 58 bech32 characters: an X25519 recipient, as age-keygen prints it. */
export const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export function checkKeep(keep: number): number {
  if (!Number.isInteger(keep) || keep < 1 || keep > MAX_DESTINATION_KEEP) {
    throw new UserError(`The number of backups to keep must be a whole number from 1 to ${MAX_DESTINATION_KEEP}.`, 2);
  }
  return keep;
}

/** A directory path: no empty, "." or ".." segments, no control characters; trailing "/" dropped. */
export function checkDestinationPath(path: string, absolute: boolean): string {
  const trimmed = path.trim();
   
  if (/[\x00-\x1f\x7f]/.test(trimmed)) throw new UserError('The path contains control characters.', 2);
  if (trimmed.length > MAX_PATH) throw new UserError(`The path is too long: at most ${MAX_PATH} characters.`, 2);
  if (absolute && !trimmed.startsWith('/')) throw new UserError('A destination over SSH needs an absolute path on the server, starting with "/".', 2);
  const body = trimmed.replace(/^\//, '').replace(/\/+$/, '');
  const segments = body === '' ? [] : body.split('/');
  if (segments.length === 0) throw new UserError(absolute ? 'Give a directory below "/" for the backups.' : 'Give a path for the backups: BUCKET/DIR, or a directory.', 2);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new UserError('The path has an empty, "." or ".." part: give it plainly, as BUCKET/DIR or /DIR.', 2);
  }
  return `${trimmed.startsWith('/') ? '/' : ''}${segments.join('/')}`;
}
