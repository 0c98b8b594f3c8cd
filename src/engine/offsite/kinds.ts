import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import { findProvider } from '../../providers/index.js';
import { getKeychainRecord, SSH_CREDENTIALS } from '../keychain/records.js';
import type { Store } from '../store/index.js';
import { openCloudDir } from './cloudDir.js';
import type { DestinationRow } from './destinationRows.js';
import type { OpenOptions, RemoteDir } from './remoteDir.js';
import { checkDestinationPath } from './rules.js';
import { openSftpDir } from './sftpDir.js';

/**
 * The kinds of destination, one shape each: what a destination names, how its path is
 * written, and how its directory is opened. Everything else (push, retention, restore, the
 * last result) is the same for all kinds.
 */

export type DestinationKindId = 'cloud' | 'ssh';

export interface DestinationKind {
  id: DestinationKindId;
  /** What a destination of this kind names, for messages: "cloud credential". */
  via: string;
  /** The stored record (by name or id) a new destination names; UserError when it cannot. */
  resolve(store: Store, nameOrId: string | number): { id: number; name: string };
  /** The path as stored, or a UserError (exit 2) saying what is wrong with it. */
  checkPath(path: string): string;
  /** How the path is written, for help texts and messages. */
  pathForm: string;
  open(store: Store, destination: DestinationRow, options: OpenOptions): Promise<RemoteDir>;
}

/** Providers whose storage cannot hold our files: rclone's HTTP backend is read-only, Google Photos takes only media. */
const NOT_WRITABLE: Record<string, string> = {
  HTTP: 'is read-only',
  GOOGLE_PHOTOS: 'stores only photos and videos',
};

export const DESTINATION_KINDS: Record<DestinationKindId, DestinationKind> = {
  cloud: {
    id: 'cloud',
    via: 'cloud credential',
    pathForm: 'BUCKET/DIR (or DIR, as the provider lays out its storage)',
    resolve(store, nameOrId) {
      const record = store.cloudCredentials.get(nameOrId);
      const problem = NOT_WRITABLE[record.type];
      if (problem) throw new UserError(`Cloud credential ${quoted(record.name)} cannot hold backups: ${findProvider(record.type).label} ${problem}.`);
      return { id: record.id, name: record.name };
    },
    checkPath: (path) => checkDestinationPath(path, false),
    open: (store, destination, options) => openCloudDir(store, destination.cloudCredentialId!, destination.path, options),
  },
  ssh: {
    id: 'ssh',
    via: 'SSH connection',
    pathForm: '/DIR (an absolute path on the server)',
    resolve(store, nameOrId) {
      const record = getKeychainRecord(store, nameOrId, SSH_CREDENTIALS);
      return { id: record.id, name: record.name };
    },
    checkPath: (path) => checkDestinationPath(path, true),
    open: (store, destination, options) => openSftpDir(store, destination.sshConnectionId!, destination.path, options),
  },
};

export function kindOf(destination: Pick<DestinationRow, 'cloudCredentialId'>): DestinationKind {
  return destination.cloudCredentialId !== null ? DESTINATION_KINDS.cloud : DESTINATION_KINDS.ssh;
}
