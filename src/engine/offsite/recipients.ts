import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import type { Store } from '../store/index.js';
import { checkRecipient, formatIdentityFile, generateAgeKeyPair } from './ageKeys.js';
import { deleteRecipientRow, insertRecipient, selectRecipient, selectRecipients, type RecipientRow } from './destinationRows.js';

/**
 * The age recipients every unattended push is encrypted to. Only public keys are stored; the
 * identity `keygen` makes is handed back once and never kept.
 */

export type BackupRecipient = RecipientRow;

export interface GeneratedRecipient {
  recipient: BackupRecipient;
  /** `AGE-SECRET-KEY-1...`: for the user to keep off the machine. */
  identity: string;
  /** The identity as age-keygen writes it (comments with date and recipient, then the key). */
  identityFile: string;
}

const MAX_LABEL = 120;

export function listRecipients(store: Store): BackupRecipient[] {
  return selectRecipients(store);
}

export async function addRecipient(store: Store, text: string, label?: string): Promise<BackupRecipient> {
  const recipient = await checkRecipient(text);
  const cleanLabel = checkLabel(label);
  return store.write(() => {
    if (selectRecipient(store, recipient)) throw new UserError(`The recipient ${recipient} is already there.`);
    insertRecipient(store, recipient, cleanLabel);
    store.audit.record('create', 'backup recipient', recipient, cleanLabel);
    return selectRecipient(store, recipient)!;
  });
}

/** By its `age1...` text or its id. */
export function removeRecipient(store: Store, recipientOrId: string | number): BackupRecipient {
  return store.write(() => {
    const found = findRecipient(store, recipientOrId);
    deleteRecipientRow(store, found.id);
    store.audit.record('delete', 'backup recipient', found.recipient, found.label);
    return found;
  });
}

/** A new identity: its recipient is stored, the identity is returned for the user alone. */
export async function generateRecipient(store: Store, label?: string, now = new Date()): Promise<GeneratedRecipient> {
  const keys = await generateAgeKeyPair();
  const recipient = await addRecipient(store, keys.recipient, label ?? `made by nasconsole backup keygen on ${now.toISOString().slice(0, 10)}`);
  return { recipient, identity: keys.identity, identityFile: formatIdentityFile(keys, now) };
}

function findRecipient(store: Store, recipientOrId: string | number): BackupRecipient {
  const all = selectRecipients(store);
  const wanted = typeof recipientOrId === 'string' ? recipientOrId.trim().toLowerCase() : recipientOrId;
  const found = all.find((row) => row.recipient === wanted || row.id === wanted || String(row.id) === wanted);
  if (!found) throw new UserError(`No backup recipient ${printable(String(recipientOrId).slice(0, 80))}.`);
  return found;
}

function checkLabel(label: string | undefined): string | null {
  const clean = label?.trim() ?? '';
  if (clean === '') return null;
  if (clean.length > MAX_LABEL) throw new UserError(`The label is too long: at most ${MAX_LABEL} characters.`, 2);
   
  if (/[\x00-\x1f\x7f]/.test(clean)) throw new UserError('The label contains control characters.', 2);
  return clean;
}
