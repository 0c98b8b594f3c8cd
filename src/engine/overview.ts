import type { DataPaths } from './dataDir.js';
import { listBackups, nextBackupSlot, type BackupEntry } from './backups.js';
import type { AuditEntry } from './store/auditLog.js';
import type { Store } from './store/index.js';

export interface ConfigurationOverview {
  cloudCredentials: number;
  sshKeypairs: number;
  sshConnections: number;
  poolKeys: number;
  backups: BackupEntry[];
  nextBackup: Date;
  recentChanges: AuditEntry[];
}

/** What the General screen shows about the configuration, read in one go. */
export function configurationOverview(store: Store, paths: DataPaths, now = new Date(), recent = 5): ConfigurationOverview {
  const keychain = store.keychain.list();
  return {
    cloudCredentials: store.cloudCredentials.count(),
    sshKeypairs: keychain.filter((record) => record.type === 'SSH_KEY_PAIR').length,
    sshConnections: keychain.filter((record) => record.type === 'SSH_CREDENTIALS').length,
    poolKeys: store.poolKeys.count(),
    backups: listBackups(paths),
    nextBackup: nextBackupSlot(now),
    recentChanges: store.audit.list(recent),
  };
}
