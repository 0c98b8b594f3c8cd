// Off-box backups: destinations (a stored cloud credential or SSH connection and a path),
// age recipients, pushes (encrypted, verified, pruned, recorded), and restoring from a
// destination. What the `backup` and `config ... --from` commands and the General screen share.
export { decryptWithIdentities as decryptBackup, formatIdentityFile, parseIdentityFile } from './ageKeys.js';
export {
  addDestination,
  checkKeep,
  DEFAULT_DESTINATION_KEEP,
  destinationSummary,
  listDestinations,
  MAX_DESTINATION_KEEP,
  removeDestination,
  type DestinationInput,
  type DestinationSummary,
} from './destinations.js';
export { DESTINATION_KINDS, type DestinationKindId } from './kinds.js';
export { NO_RECIPIENT_MESSAGE, requireRecipients, type PushOptions, type PushOutcome, type PushProgress, type PushStep } from './push.js';
export { allDestinations, checkReadyToPush, destinationsToPush, pushLocalBackup, pushSavedArchive, type ManualPushOptions } from './pushSources.js';
export { addRecipient, generateRecipient, listRecipients, removeRecipient, type BackupRecipient, type GeneratedRecipient } from './recipients.js';
export type { LastPush } from './destinationRows.js';
export {
  fetchRemoteBackup,
  listRemoteBackups,
  restoreFromDestination,
  testDestination,
  type BackupKey,
  type DestinationTestOutcome,
  type RemoteBackup,
} from './remoteBackups.js';
export type { OpenOptions } from './remoteDir.js';
