import { UserError } from '../../common/errors.js';
import { formatLimit, INPUT_LIMITS } from '../boundedInput.js';

/**
 * The largest file a configuration upload takes, before and after decryption: derived from
 * what the store can hold (store/capacity.ts), not from TrueNAS's 10 MiB.
 */
export const MAX_UPLOAD_BYTES = INPUT_LIMITS.configUpload.maxBytes;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** What an upload says of a file over the limit. */
export function uploadTooLarge(bytes: number): UserError {
  return new UserError(`The file is ${mib(bytes)}; a configuration upload may be at most ${formatLimit(MAX_UPLOAD_BYTES)}.`, { reason: 'too-large' });
}

/**
 * What every archive writer (a save, a daily or pre-upload backup, a push) checks before it
 * writes: an archive an upload would refuse is never made.
 */
export function checkUploadableSize(bytes: number): void {
  if (bytes <= MAX_UPLOAD_BYTES) return;
  throw new UserError(
    `The configuration makes a ${mib(bytes)} archive, and an upload takes at most ${formatLimit(MAX_UPLOAD_BYTES)}: it could not be restored, so nothing was written.`,
    { reason: 'store-full' },
  );
}
