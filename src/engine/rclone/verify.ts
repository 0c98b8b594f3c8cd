import type { Attributes, RcloneContext } from '../../providers/index.js';
import { DEFAULT_RUN_TIMEOUT_MS, openRcloneSession, SESSION_REMOTE, type RcloneFailureReason } from './session.js';

export type VerifyFailure = RcloneFailureReason;

export type VerifyResult =
  | { ok: true; refreshedAttributes?: Attributes }
  | {
      ok: false;
      reason: VerifyFailure;
      /** One clean line: no timestamp, no rclone wrapper prefixes, no secret. */
      message: string;
      /** rclone's full stderr (secrets redacted), for "show details". */
      details: string;
      refreshedAttributes?: Attributes;
    };

export interface VerifyOptions {
  resolveKeypair?: RcloneContext['resolveKeypair'];
  /** Aborting kills rclone (Esc in the UI); the result is then { reason: 'cancelled' }. */
  signal?: AbortSignal;
  rclonePath?: string;
  /** A last guard beyond rclone's own connect and I/O timeouts. */
  timeoutMs?: number;
  /** Called once rclone runs, with its pid: lets tests inspect the live process. */
  onSpawn?: (pid: number) => void;
}

/** The rclone command line for a config file: no secret in it, ever (tests check). */
export function verifyArguments(configPath: string): string[] {
  return [
    '--config', configPath,
    '--contimeout', '15s',
    '--timeout', '30s',
    '--ask-password=false', // never wait for a prompt nobody sees
    // A refusal is an answer: rclone's default 10 low-level retries made a wrong SFTP
    // password take ~50 s to report. One attempt tells "valid or not".
    '--low-level-retries', '1',
    'lsjson', '--no-modtime', '--no-mimetype', // listing is the test; per-object metadata is not
    `${SESSION_REMOTE}:`,
  ];
}

/**
 * Verifies a credential the way the original system does: `rclone lsjson remote:` in a
 * temporary rclone session (see session.ts: the config 0600 in a fresh 0700 directory,
 * removed on every path, no secret in argv or the environment); valid = exit 0. Expected
 * failures are results, not exceptions.
 */
export async function verifyCredential(providerId: string, attributes: Attributes, options: VerifyOptions = {}): Promise<VerifyResult> {
  const opened = await openRcloneSession(providerId, attributes, { ...options, purpose: 'verify' });
  if ('failure' in opened) {
    const { reason, message } = opened.failure;
    return failure(reason, reason === 'cancelled' ? CANCELLED : message, '');
  }
  const { session } = opened;
  try {
    const run = await session.run(verifyArguments(session.configPath), options);
    const refreshedAttributes = await session.refreshedToken();
    const extra = refreshedAttributes ? { refreshedAttributes } : {};
    if (run.outcome === 'exited' && run.code === 0) return { ok: true, ...extra };
    const { reason, message } = session.failureOf(run, options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
    // A token refreshed by a run that was stopped is not trusted: rclone may not have finished writing it.
    return { ...failure(reason, reason === 'cancelled' ? CANCELLED : message, run.stderr), ...(run.outcome === 'exited' ? extra : {}) };
  } finally {
    await session.close();
  }
}

const CANCELLED = 'Verification cancelled.';

function failure(reason: VerifyFailure, message: string, details: string): VerifyResult {
  return { ok: false, reason, message, details };
}
