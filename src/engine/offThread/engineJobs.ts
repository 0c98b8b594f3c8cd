import { openUploadFile } from '../archive/readArchive.js';
import { saveConfiguration, type SaveOptions, type SavedArchive } from '../archive/save.js';
import { uploadConfiguration, type UploadOptions, type UploadResult } from '../archive/upload.js';
import { appSecretPolicy } from '../appSecretPolicy.js';
import { runScheduledBackup, type ScheduledRun } from '../backups.js';
import { openDataStore, type DataStore, type OpenOptions } from '../dataStore.js';
import { restoreFromDestination, type BackupKey } from '../offsite/remoteBackups.js';

/**
 * The engine work the console runs off its UI thread (see runEngineJob.ts): each job takes
 * plain data (what a worker can be handed), opens the store by its data dir on a connection of
 * its own (the console's connection follows the change: data_version, LiveSeed) and returns
 * plain data. One entry per kind of work; the CLI calls the same engine functions inline.
 * `signal` aborts when the console asks the job to stop (a restore then kills its rclone);
 * work that does not stop in time is terminated (runEngineJob.ts).
 */
export const ENGINE_JOBS = {
  /** A save: the snapshot (VACUUM), the age passphrase work factor, the fsync and read-back. */
  save: (input: { dataDir: string; to: string; options: SaveOptions; at: number }): Promise<SavedArchive> =>
    withDataStore(input.dataDir, ({ store }) => saveConfiguration(store, input.to, input.options, new Date(input.at))),
  /** An upload of a file: read, every record checked, the pre-upload backup, the swap. */
  upload: (input: { dataDir: string; path: string; options: Omit<UploadOptions, 'policy'> }): Promise<UploadResult> =>
    // As `config upload` opens it: an upload must be possible whatever the current seed.
    withDataStore(input.dataDir, async ({ store, paths }) => uploadConfiguration(store, paths, openUploadFile(input.path), { ...input.options, policy: appSecretPolicy }), { allowSeedMismatch: true }),
  /** A pushed backup fetched from a destination, decrypted (age: an identity, or a passphrase's scrypt) and uploaded. */
  restore: (input: { dataDir: string; destination: string; name: string; key: BackupKey; options: RestoreChoices }, signal: AbortSignal): Promise<UploadResult> =>
    withDataStore(input.dataDir, ({ store, paths }) => restoreFromDestination(store, paths, input.destination, input.name, input.key, { ...input.options, policy: appSecretPolicy, signal }), { allowSeedMismatch: true }),
  /** The daily backup when due, then the pushes it owes. */
  scheduledBackup: (input: { dataDir: string; at: number }): Promise<ScheduledRun> =>
    withDataStore(input.dataDir, ({ store, paths }) => runScheduledBackup(store, paths, new Date(input.at))),
} satisfies Record<string, (input: never, signal: AbortSignal) => Promise<unknown>>;

/** How a restore goes: the choices of an upload, and the rclone that reaches a cloud destination. */
export type RestoreChoices = Omit<UploadOptions, 'policy' | 'passphrase' | 'source'> & { rclonePath?: string };

export type EngineJobs = typeof ENGINE_JOBS;
export type EngineJobName = keyof EngineJobs;
export type EngineJobInput<K extends EngineJobName> = Parameters<EngineJobs[K]>[0];
export type EngineJobResult<K extends EngineJobName> = Awaited<ReturnType<EngineJobs[K]>>;

async function withDataStore<T>(dataDir: string, work: (data: DataStore) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const data = openDataStore(dataDir, appSecretPolicy, options);
  try {
    return await work(data);
  } finally {
    data.store.close();
  }
}
