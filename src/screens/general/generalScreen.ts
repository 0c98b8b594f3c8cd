import type { BackupEntry } from '../../engine/backups.js';
import type { OpenOptions, RemoteBackup } from '../../engine/offsite/index.js';
import type { FormValues } from '../../widgets/index.js';
import type { PanelProps, RecordModes, StoreData, Task } from '../kit/index.js';
import type { AppServices, ScreenSize } from '../screenContract.js';

// What the parts of the General screen share: where it is (its panels), the request an upload
// carries from its form to its question, and the screen's state.

/** Where an upload comes from: a file (saved, or a local backup), or a backup on a destination. */
export type UploadSource =
  | { readonly from: 'file'; readonly path: string }
  | { readonly from: 'destination'; readonly destination: string; readonly name: string };

export interface UploadRequest {
  readonly source: UploadSource;
  readonly passphrase: string;
  /** The identity pasted to decrypt a backup from a destination: never stored, never shown. */
  readonly identity: string;
  readonly discardSecrets: boolean;
  /** Leave out the records that break the rules (the user said yes to that). */
  readonly skipInvalid: boolean;
  /** Typed in a form: a refusal goes back to a fresh one, the field that lets it go on focused. */
  readonly fromForm: boolean;
}

export type Panel =
  | { readonly kind: 'save'; readonly usb: boolean }
  /** `id`: each opening of the form is a new form (after a refusal: the path kept, a field focused). */
  | { readonly kind: 'upload'; readonly id: number; readonly initial: FormValues; readonly focus?: string }
  | { readonly kind: 'backups' }
  | { readonly kind: 'confirm-upload'; readonly request: UploadRequest }
  | { readonly kind: 'result'; readonly lines: readonly string[] }
  /** Backups off the box: the destinations, their last push, push now. */
  | { readonly kind: 'offsite' }
  | { readonly kind: 'add-destination' }
  | { readonly kind: 'recipients' }
  | { readonly kind: 'add-recipient' }
  /** A new identity, shown this once: the panel goes when it is dismissed, and the identity with it. */
  | { readonly kind: 'identity'; readonly recipient: string; readonly identityFile: string }
  | { readonly kind: 'remote'; readonly destination: string; readonly backups: readonly RemoteBackup[] }
  | { readonly kind: 'restore'; readonly id: number; readonly destination: string; readonly name: string; readonly focus?: string };

/** What the screen's panels share. */
export interface GeneralScreen {
  readonly services: AppServices;
  readonly task: Task;
  readonly modes: RecordModes<Panel>;
  readonly data: StoreData;
  /** The room a panel has (less a question shown under it). */
  readonly size: ScreenSize;
  /** The local backups, newest first. */
  readonly backups: readonly BackupEntry[];
}

export type GeneralPanelProps<K extends Panel['kind']> = PanelProps<Extract<Panel, { readonly kind: K }>, GeneralScreen>;

/** How a destination is reached from this console: the rclone it was given, Esc's signal. */
export function remoteOptions(services: AppServices, signal: AbortSignal): OpenOptions {
  return { signal, ...(services.rclonePath ? { rclonePath: services.rclonePath } : {}) };
}
