import { join } from 'node:path';
import { startBackupScheduler } from '../engine/backups.js';
import { compactTimestamp } from '../engine/archive/naming.js';
import { runEngineJob } from '../engine/offThread/index.js';
import { openPreferencesLater } from '../engine/preferences.js';
import { watchStore } from '../engine/storeWatch.js';
import { createAppServices } from '../screens/services.js';
import { appSecretPolicy } from '../engine/appSecretPolicy.js';
import { openFromOptions, type GlobalOptions } from './context.js';
import { runConsole } from './tui.js';

/** Work that can wait (loading preferences, a due backup) starts after the first frame. */
const FIRST_FRAME_GRACE_MS = 300;

/** Opens the store, wires the services the screens use, runs the full-screen console. */
export async function startConsole(options: GlobalOptions): Promise<number> {
  const { paths, store: initialStore } = openFromOptions(options);
  const services = createAppServices({
    paths,
    store: initialStore,
    preferences: openPreferencesLater(FIRST_FRAME_GRACE_MS),
    secretPolicy: appSecretPolicy,
  });
  // The daily 03:45 backup also runs while the console is open; a failure shows up in the audit
  // log and in `nasconsole config backups`, and must not take the console down.
  // It runs in a worker thread: its snapshot and fsync must not freeze the console.
  const runBackup = (now: Date) => runEngineJob('scheduledBackup', { dataDir: paths.dir, at: now.getTime() });
  const stopScheduler = startBackupScheduler(runBackup, services.backupMade, () => new Date(), FIRST_FRAME_GRACE_MS);
  // Another shell may change the store while the console is open (a CLI add, an upload).
  const stopWatch = watchStore(services.store, services.storeChanged);
  try {
    return await runConsole({
      services,
      ascii: options.ascii,
      noColor: options.color === false,
      crashLogPath: join(paths.logs, `crash-${compactTimestamp(new Date())}.log`),
    });
  } finally {
    stopScheduler();
    stopWatch();
    services.store().close();
  }
}
