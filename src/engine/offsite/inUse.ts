import { UserError } from '../../common/errors.js';
import { quoted } from '../../common/printable.js';
import type { Store } from '../store/index.js';
import { destinationsUsing } from './destinationRows.js';

/**
 * A cloud credential or SSH connection that a backup destination uses cannot be deleted, as a
 * keypair in use cannot: the daily push would fail without a word of why until someone looked.
 * The foreign keys refuse it too; this says it in words, before.
 */
export function refuseIfUsedByDestinations(store: Store, via: { cloudCredentialId: number } | { sshConnectionId: number }, what: string): void {
  const users = destinationsUsing(store, via);
  if (users.length === 0) return;
  throw new UserError(`${what} is used by backup destination${users.length > 1 ? 's' : ''} ${users.map(quoted).join(', ')}: remove the destination${users.length > 1 ? 's' : ''} first.`);
}
