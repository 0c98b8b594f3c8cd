import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import { validateRecordName } from '../store/encryptedRecords.js';
import type { Store } from '../store/index.js';
import { DESTINATION_KINDS, kindOf, type DestinationKindId } from './kinds.js';
import { checkKeep, DEFAULT_DESTINATION_KEEP } from './rules.js';
import { deleteDestinationRow, insertDestination, selectDestination, selectDestinationById, selectDestinations, type DestinationRow, type LastPush } from './destinationRows.js';

/** Where daily backups also go: a stored cloud credential or SSH connection, a path there, a retention. */

export { checkKeep, DEFAULT_DESTINATION_KEEP, MAX_DESTINATION_KEEP } from './rules.js';

export interface DestinationSummary {
  id: number;
  name: string;
  kind: DestinationKindId;
  /** What it names: "cloud credential" or "SSH connection". */
  viaKind: string;
  /** The name of that credential or connection. */
  via: string;
  path: string;
  /** How many of this machine's backups are kept there. */
  keep: number;
  lastPush: LastPush | null;
}

export interface DestinationInput {
  name: string;
  kind: DestinationKindId;
  /** The cloud credential or SSH connection, by name or id. */
  via: string | number;
  path: string;
  keep?: number;
}

export function listDestinations(store: Store): DestinationSummary[] {
  return selectDestinations(store).map(summarize);
}

export function destinationSummary(store: Store, name: string): DestinationSummary {
  return summarize(getDestination(store, name));
}

/** By name; a UserError naming it when there is none. */
export function getDestination(store: Store, name: string): DestinationRow {
  const row = selectDestination(store, name.trim());
  if (!row) throw new UserError(`No backup destination named ${quoted(name)}.`);
  return row;
}

export function addDestination(store: Store, input: DestinationInput): DestinationSummary {
  const kind = DESTINATION_KINDS[input.kind];
  if (!kind) throw new UserError(`Unknown kind of destination ${quoted(String(input.kind))}: cloud or ssh.`, 2);
  const name = validateRecordName(input.name, 'backup destination');
  const path = kind.checkPath(input.path);
  const keep = checkKeep(input.keep ?? DEFAULT_DESTINATION_KEEP);
  return store.write(() => {
    if (selectDestination(store, name)) throw new UserError(`A backup destination named ${quoted(name)} already exists.`);
    const via = kind.resolve(store, input.via);
    const id = insertDestination(store, {
      name,
      cloudCredentialId: kind.id === 'cloud' ? via.id : null,
      sshConnectionId: kind.id === 'ssh' ? via.id : null,
      path,
      keep,
    });
    store.audit.record('create', 'backup destination', name, `${kind.via} ${via.name}, ${path}, keep ${keep}`);
    return summarize(selectDestinationById(store, id)!);
  });
}

export function removeDestination(store: Store, name: string): { name: string } {
  return store.write(() => {
    const row = getDestination(store, name);
    deleteDestinationRow(store, row.id);
    store.audit.record('delete', 'backup destination', row.name, null);
    return { name: row.name };
  });
}


function summarize(row: DestinationRow): DestinationSummary {
  const kind = kindOf(row);
  return { id: row.id, name: row.name, kind: kind.id, viaKind: kind.via, via: row.viaName, path: row.path, keep: row.keep, lastPush: row.lastPush };
}
