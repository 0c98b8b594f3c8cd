import type { BackupEntry } from '../backups.js';
import type { DataPaths } from '../dataDir.js';
import { readIncomingConfiguration } from '../restore/incoming.js';
import { planReplacement, type InvalidEntry, type PlanEntry } from '../restore/plan.js';
import { replaceConfiguration } from '../restore/swap.js';
import type { SecretPolicy, Store } from '../store/index.js';
import { readArchive, type UploadSource } from './readArchive.js';

export interface UploadOptions {
  passphrase?: string;
  /** Keep records whose secrets cannot be read without the archive's seed, minus those secrets. */
  discardSecrets?: boolean;
  /** Leave out the records that break the rules (listed in the result) instead of refusing. */
  skipInvalid?: boolean;
  policy: SecretPolicy;
  /** What the audit log says was uploaded (a file name); never a secret. */
  source?: string;
}

export type DroppedSecrets = PlanEntry;

export interface UploadResult {
  backup: BackupEntry;
  seedReplaced: boolean;
  poolKeysRestored: number;
  /** Records kept without the secrets this seed cannot read. */
  dropped: DroppedSecrets[];
  /** Records left out because they break the rules. */
  skipped: InvalidEntry[];
  counts: { cloudCredentials: number; keychainCredentials: number; poolKeys: number; destinations: number; recipients: number };
}

/**
 * Replaces the live configuration with an uploaded one. The upload is read as data and every
 * record checked (archive, hashes, SQLite integrity, schema, seed, the rules of add and edit)
 * before anything is touched; then the current configuration is backed up and replaced in
 * place, in one critical section (see restore/swap.ts). Any failure before the swap leaves
 * the live store as it was.
 */
export async function uploadConfiguration(store: Store, paths: DataPaths, file: UploadSource, options: UploadOptions): Promise<UploadResult> {
  const { plan, ...contents } = await readAndPlan(store, file, options);
  const { backup, seedReplaced } = await replaceConfiguration(store, paths, plan, {
    ...(contents.seed ? { seed: contents.seed } : {}),
    policy: options.policy,
    source: `uploaded ${options.source ?? 'a configuration'}${plan.skipped.length ? `; ${plan.skipped.length} invalid record(s) left out` : ''}${plan.dropped.length ? `; secrets dropped from ${plan.dropped.length} record(s)` : ''}`,
  });
  return {
    backup,
    seedReplaced,
    poolKeysRestored: contents.poolKeys?.length ?? 0,
    dropped: plan.dropped,
    skipped: plan.skipped,
    counts: { cloudCredentials: plan.cloud.length, keychainCredentials: plan.keychain.length, poolKeys: plan.poolKeys.length, destinations: plan.destinations.length, recipients: plan.recipients.length },
  };
}

/**
 * The archive read, its database read as data, every record checked into a plan. Neither the
 * database image nor the rows read from it outlive this: the swap (and its pre-upload backup,
 * a database image of its own) runs with the plan alone in memory.
 */
async function readAndPlan(store: Store, file: UploadSource, options: UploadOptions) {
  const { database, seed, poolKeys } = await readArchive(file, options.passphrase);
  const plan = planReplacement(readIncomingConfiguration(database), {
    seed: seed ?? store.seed,
    seedFromArchive: seed !== undefined,
    ...(poolKeys ? { archivePoolKeys: poolKeys } : {}),
    discardSecrets: options.discardSecrets ?? false,
    skipInvalid: options.skipInvalid ?? false,
  });
  return { plan, seed, poolKeys };
}
