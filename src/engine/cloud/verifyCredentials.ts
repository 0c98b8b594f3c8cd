import { UserError } from '../../common/errors.js';
import { verifyCredential, type VerifyOptions, type VerifyResult } from '../rclone/index.js';
import type { Store } from '../store/index.js';
import { checkCloudCredential, getCloudCredential, type CloudCredentialCheck, type CloudCredentialInput } from './credentials.js';
import { keypairResolver } from './credentialKeypairs.js';
import { valuesFingerprint } from './valuesFingerprint.js';

export type CloudVerifyOptions = Pick<VerifyOptions, 'signal' | 'rclonePath' | 'timeoutMs' | 'onSpawn'>;

export interface SavedVerifyOutcome {
  id: number;
  name: string;
  result: VerifyResult;
  /** The result was stored as the credential's last check. */
  recorded: boolean;
  /** rclone refreshed the OAuth token during the check and the new one was saved. */
  tokenSaved: boolean;
}

/**
 * Failures that say nothing about the credential itself: not stored as its last check
 * (the list keeps showing the previous verdict).
 */
const NOT_A_VERDICT = new Set(['cancelled', 'rclone-missing', 'backend-missing']);

/** Whether a result says something about the credential (valid or not), to be kept as its last check. */
export function isVerdict(result: VerifyResult): boolean {
  return result.ok || !NOT_A_VERDICT.has(result.reason);
}

/** A verify result and the values it is about (see valuesFingerprint), for a later save to reuse. */
export interface VerifiedValues {
  readonly fingerprint: string;
  readonly result: VerifyResult;
}

/**
 * Verifies a stored credential with rclone and stores the outcome as its last check. A token
 * rclone refreshed meanwhile is saved (some providers rotate refresh tokens, leaving the old
 * one useless). If the credential was changed while rclone ran, the stale result is not kept.
 */
export async function verifySavedCloudCredential(store: Store, nameOrId: string | number, options: CloudVerifyOptions = {}): Promise<SavedVerifyOutcome> {
  const before = getCloudCredential(store, nameOrId);
  const result = await verifyCredential(before.type, before.attributes, { ...options, resolveKeypair: keypairResolver(store) });
  // Cancelled: nothing to record (and the store may be on its way out, as on an upload).
  if (!result.ok && result.reason === 'cancelled') return { id: before.id, name: before.name, result, recorded: false, tokenSaved: false };
  let tokenSaved = false;
  let recorded = false;
  // The verdict is about the values verified: recorded only if nobody changed them meanwhile
  // (judged inside the write transaction, so no other process can change them in between).
  store.write(() => {
    const now = store.cloudCredentials.find(before.id);
    if (now === undefined || now.updatedAt !== before.updatedAt || now.name !== before.name) return;
    const token = result.refreshedAttributes?.token;
    if (typeof token === 'string' && token !== before.attributes.token) {
      store.cloudCredentials.update(before.id, { attributes: { ...before.attributes, token } });
      tokenSaved = true;
    }
    if (isVerdict(result)) {
      store.cloudCredentials.recordCheck(before.id, result.ok, result.ok ? null : result.message);
      recorded = true;
    }
  });
  return { id: before.id, name: before.name, result, recorded, tokenSaved };
}

/**
 * Verifies what a form holds before it is saved. For an edit, secrets left empty are the stored
 * ones. A keypair still to be generated cannot log in anywhere yet: said plainly, rclone not run.
 */
export async function verifyCloudCredentialInput(store: Store, input: CloudCredentialInput, options: CloudVerifyOptions & { existingId?: number } = {}): Promise<VerifyResult> {
  return (await verifyCloudCredentialValues(store, input, options)).result;
}

/** As verifyCloudCredentialInput, with the fingerprint of the values verified: a save of exactly those reuses the result. */
export async function verifyCloudCredentialValues(store: Store, input: CloudCredentialInput, options: CloudVerifyOptions & { existingId?: number } = {}): Promise<VerifiedValues> {
  const { existingId, ...verifyOptions } = options;
  const checked = checkCloudCredential(store, input, existingId === undefined ? {} : { existingId });
  return verifyCheckedValues(store, input, checked, valuesFingerprint(input.provider, checked.attributes), verifyOptions);
}

/** As verifyCloudCredentialValues, for values already checked and fingerprinted (a save has done both). */
export async function verifyCheckedValues(store: Store, input: CloudCredentialInput, checked: CloudCredentialCheck, fingerprint: string, verifyOptions: CloudVerifyOptions): Promise<VerifiedValues> {
  if (input.generateKeypair) {
    const message = 'A new keypair is generated when the credential is saved: save it, add its public key to the server, then verify.';
    return { fingerprint, result: { ok: false, reason: 'invalid-attributes', message, details: '' } };
  }
  const { name: _name, ...attributeErrors } = checked.errors;
  const problems = Object.values(attributeErrors);
  if (problems.length > 0) return { fingerprint, result: { ok: false, reason: 'invalid-attributes', message: problems.join(' '), details: '' } };
  return { fingerprint, result: await verifyCredential(input.provider, checked.attributes, { ...verifyOptions, resolveKeypair: keypairResolver(store) }) };
}

export interface VerifyAllProgress {
  done: number;
  total: number;
  ok: number;
  failed: number;
  /** The credential just verified. */
  last?: SavedVerifyOutcome;
}

export interface VerifyAllSummary extends VerifyAllProgress {
  /** Credentials gone (deleted) or not verifiable (no rclone, no backend): not counted as failed. */
  skipped: number;
  cancelled: boolean;
  failures: Array<{ name: string; message: string }>;
  /** Why the first skipped credential could not be verified (e.g. rclone is missing). */
  skipReason?: string;
}

export interface VerifyAllOptions extends CloudVerifyOptions {
  /** After each credential. */
  onProgress?: (progress: VerifyAllProgress) => void;
  /** rclone processes at a time (default 3). */
  concurrency?: number;
}

/**
 * Verifies every stored credential, a few at a time, in the background: each check is an
 * rclone process, so the event loop stays free. Aborting the signal stops the running checks
 * and starts no more.
 */
export async function verifyAllCloudCredentials(store: Store, options: VerifyAllOptions = {}): Promise<VerifyAllSummary> {
  const ids = store.cloudCredentials.list().map((record) => record.id);
  const summary: VerifyAllSummary = { done: 0, total: ids.length, ok: 0, failed: 0, skipped: 0, cancelled: false, failures: [] };
  const { onProgress, concurrency = 3, ...verifyOptions } = options;
  let next = 0;
  const worker = async () => {
    while (next < ids.length && !options.signal?.aborted) {
      const id = ids[next++]!;
      let outcome: SavedVerifyOutcome | undefined;
      try {
        outcome = await verifySavedCloudCredential(store, id, verifyOptions);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
      }
      if (outcome?.result.ok === false && outcome.result.reason === 'cancelled') break;
      summary.done++;
      if (!outcome || !outcome.recorded) {
        summary.skipped++;
        if (outcome && !outcome.result.ok) summary.skipReason ??= outcome.result.message;
      }
      else if (outcome.result.ok) summary.ok++;
      else {
        summary.failed++;
        summary.failures.push({ name: outcome.name, message: outcome.result.message });
      }
      onProgress?.({ done: summary.done, total: summary.total, ok: summary.ok, failed: summary.failed, ...(outcome ? { last: outcome } : {}) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  summary.cancelled = Boolean(options.signal?.aborted) && summary.done < summary.total;
  return summary;
}
