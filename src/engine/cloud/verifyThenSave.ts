import { UserError } from '../../common/errors.js';
import { cancelledError } from '../abortable.js';
import type { VerifyResult } from '../rclone/index.js';
import type { Store } from '../store/index.js';
import {
  addCloudCredential,
  checkCloudCredential,
  CloudCredentialInvalid,
  editCloudCredential,
  editInput,
  getCloudCredential,
  type CloudCredentialInput,
  type CloudCredentialSaved,
  type SaveVerdict,
} from './credentials.js';
import { isVerdict, verifyCheckedValues, type CloudVerifyOptions, type VerifiedValues } from './verifyCredentials.js';
import { valuesFingerprint } from './valuesFingerprint.js';

export interface SaveCloudCredentialOptions extends CloudVerifyOptions {
  /** Editing this stored credential (its provider stays); absent when adding. */
  existingId?: number;
  /**
   * Verify with rclone before saving, and record the verdict with the save:
   * 'refuse-on-failure' saves nothing unless the credential is valid (CloudVerifyFailed);
   * 'save-anyway' saves in any case (the user was asked). Omitted: save without verifying.
   */
  verify?: 'refuse-on-failure' | 'save-anyway';
  /** A verify already run (a form's verify key): reused when its values are the ones saved. */
  verified?: VerifiedValues;
}

export interface CloudCredentialVerifiedSave extends CloudCredentialSaved {
  /** The verify result the save went by; null when not verified. */
  verify: VerifyResult | null;
}

/** Verification failed or could not run, and the caller asked to save only a valid credential. */
export class CloudVerifyFailed extends UserError {
  constructor(readonly verified: VerifiedValues & { result: Extract<VerifyResult, { ok: false }> }) {
    super(`Not saved: ${verified.result.message}`, { reason: 'verify-failed' });
    this.name = 'CloudVerifyFailed';
  }
}

/**
 * Verify-then-save, the one rule the `cloud add/edit --verify` commands and the Cloud
 * Credentials screen share: the credential's values are checked, verified with rclone (or a
 * verdict already reached on exactly these values is reused), then saved with that verdict as
 * its last check, in the same write. A verdict is only ever recorded for the values written.
 */
export async function saveCloudCredential(store: Store, input: CloudCredentialInput, options: SaveCloudCredentialOptions = {}): Promise<CloudCredentialVerifiedSave> {
  const { existingId, verify, verified, ...verifyOptions } = options;
  const current = existingId === undefined ? undefined : getCloudCredential(store, existingId);
  const change = { name: input.name, attributes: input.attributes, ...(input.generateKeypair ? { generateKeypair: input.generateKeypair } : {}) };
  const checkedInput = current ? editInput(current, change) : input;
  const checked = checkCloudCredential(store, checkedInput, current ? { existingId: current.id } : {});
  if (Object.keys(checked.errors).length > 0) throw new CloudCredentialInvalid(checked.errors);

  let outcome: VerifiedValues | undefined;
  if (verify) {
    const fingerprint = valuesFingerprint(checkedInput.provider, checked.attributes);
    outcome = verified?.fingerprint === fingerprint ? verified : await verifyCheckedValues(store, checkedInput, checked, fingerprint, verifyOptions);
    const { result } = outcome;
    if (!result.ok && result.reason === 'cancelled') throw cancelledError('Verification cancelled: nothing was saved.');
    if (!result.ok && verify === 'refuse-on-failure') throw new CloudVerifyFailed({ fingerprint: outcome.fingerprint, result });
  }
  const verdict = outcome && isVerdict(outcome.result) ? saveVerdict(outcome) : undefined;
  const saveOptions = { ...(verdict ? { verdict } : {}), signal: options.signal };
  const saved = current
    ? await editCloudCredential(store, current.id, change, saveOptions)
    : await addCloudCredential(store, input, saveOptions);
  return { ...saved, verify: outcome?.result ?? null };
}

function saveVerdict({ fingerprint, result }: VerifiedValues): SaveVerdict {
  const token = result.refreshedAttributes?.token;
  return { fingerprint, ok: result.ok, message: result.ok ? null : result.message, ...(typeof token === 'string' ? { refreshedToken: token } : {}) };
}
