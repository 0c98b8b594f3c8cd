import { localTime } from '../../engine/formatting.js';
import {
  DEFAULT_DESTINATION_KEEP,
  DESTINATION_KINDS,
  MAX_DESTINATION_KEEP,
  parseIdentityFile,
  type DestinationInput,
  type DestinationKindId,
  type DestinationSummary,
  type PushProgress,
  type PushStep,
} from '../../engine/offsite/index.js';
import type { FieldMessages, FormField, FormValues } from '../../widgets/index.js';
import { userMessage } from '../kit/index.js';
import { plural } from './generalForms.js';

// The forms and wording of "Backups off the box": field lists, the conversion of their values
// into the engine's inputs, and how a push's progress and the destinations' state read.

/** A stored record a destination can push with: a cloud credential or an SSH connection. */
export interface ViaChoice {
  readonly value: string;
  readonly label: string;
  readonly kind: DestinationKindId;
  readonly id: number;
}

export function viaChoices(cloud: readonly { id: number; name: string; type: string }[], connections: readonly { id: number; name: string }[]): ViaChoice[] {
  return [
    ...cloud.map((record) => ({ value: `cloud:${record.id}`, label: `cloud credential ${record.name} (${record.type})`, kind: 'cloud' as const, id: record.id })),
    ...connections.map((record) => ({ value: `ssh:${record.id}`, label: `SSH connection ${record.name}`, kind: 'ssh' as const, id: record.id })),
  ];
}

export const DESTINATION_VALUES: FormValues = { name: '', path: '', keep: String(DEFAULT_DESTINATION_KEEP) };

const chosenVia = (vias: readonly ViaChoice[], values: FormValues) => vias.find((via) => via.value === values.via) ?? vias[0];

export function destinationFields(vias: readonly ViaChoice[], values: FormValues): FormField[] {
  const kind = DESTINATION_KINDS[chosenVia(vias, values)?.kind ?? 'cloud'];
  return [
    { kind: 'text', name: 'name', label: 'Name', help: 'A name for the destination.' },
    {
      kind: 'choice', name: 'via', label: 'Push with', choices: vias.length ? vias : [{ value: '', label: '(nothing stored)' }],
      help: 'Left/Right: a stored cloud credential (through rclone) or SSH connection (SFTP, its pinned host key).',
    },
    { kind: 'text', name: 'path', label: 'Path', help: `Where on it: ${kind.pathForm}.` },
    { kind: 'number', name: 'keep', label: 'Keep', help: `How many of this machine's backups to keep there (1-${MAX_DESTINATION_KEEP}); other files are never removed.` },
  ];
}

export function destinationMessages(vias: readonly ViaChoice[]): FieldMessages {
  return vias.length ? {} : { via: { error: 'Nothing to push with: store a cloud credential (screen 2) or an SSH connection (screen 3) first.' } };
}

export function destinationInput(vias: readonly ViaChoice[], values: FormValues): DestinationInput {
  const via = chosenVia(vias, values);
  return {
    name: String(values.name ?? ''),
    kind: via?.kind ?? 'cloud',
    via: via?.id ?? '',
    path: String(values.path ?? ''),
    keep: Number(values.keep || DEFAULT_DESTINATION_KEEP),
  };
}

export const RECIPIENT_FIELDS: readonly FormField[] = [
  { kind: 'text', name: 'recipient', label: 'Recipient', help: 'age1..., as age-keygen prints it (age-keygen -y IDENTITY_FILE shows that of an identity).' },
  { kind: 'text', name: 'label', label: 'Label', placeholder: '(optional)', help: 'A note kept with it: whose key, where the identity is kept.' },
];

export const RESTORE_VALUES: FormValues = { identity: '', passphrase: '' };

export const RESTORE_FIELDS: readonly FormField[] = [
  {
    kind: 'multiline', name: 'identity', label: 'Identity', secret: true, rows: 3,
    help: 'Paste the identity kept off this machine (AGE-SECRET-KEY-1..., or its whole file); Ctrl-R reveals it. Tab leaves.',
  },
  { kind: 'secret', name: 'passphrase', label: 'Passphrase', help: 'Only for a backup pushed with a passphrase instead of to a recipient.' },
];

/** A pasted identity that is not one is said under its field (the engine's words never quote it). */
export function restoreMessages(values: FormValues): FieldMessages {
  const identity = String(values.identity ?? '');
  if (identity.trim() === '') return {};
  try {
    parseIdentityFile(identity);
    return {};
  } catch (error) {
    return { identity: { error: userMessage(error) } };
  }
}

const STEP_WORDS: Record<PushStep, string> = {
  connecting: 'connecting',
  uploading: 'uploading',
  verifying: 'reading it back to compare',
  renaming: 'renaming it into place',
  pruning: 'removing old backups',
};

export function pushProgressText(progress: PushProgress): string {
  const of = progress.total > 1 ? ` (${progress.index} of ${progress.total})` : '';
  return `Pushing to ${progress.destination}${of}: ${STEP_WORDS[progress.step]}... (Esc cancels)`;
}

/** The home screen's line: how many destinations, and the state that matters most. */
export function offsiteActionLabel(destinations: readonly DestinationSummary[], recipients: number): string {
  const head = 'Backups off the box';
  if (destinations.length === 0) return `${head}: none set up yet`;
  const count = plural(destinations.length, 'destination');
  if (recipients === 0) return `${head}: ${count}, no recipient: nothing is pushed`;
  const failed = destinations.filter((destination) => destination.lastPush && !destination.lastPush.ok).length;
  if (failed) return `${head}: ${count}, ${failed} failed the last push`;
  const times = destinations.flatMap((destination) => (destination.lastPush ? [destination.lastPush.at] : []));
  if (times.length === 0) return `${head}: ${count}, never pushed`;
  return `${head}: ${count}, last pushed ${localTime(times.sort().at(-1)!)}`;
}
