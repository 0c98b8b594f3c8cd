import type { ConnectionAdded } from '../../engine/keychain/connections.js';
import { DEFAULT_TRUENAS_USERNAME, type TrueNasConnectionAdded, type TrueNasConnectionInput, type TrueNasSetupStep } from '../../engine/keychain/trueNasConnection.js';

// What the Add form says on the status line while a setup runs and when it is done.

const TRUENAS_STEPS: Record<TrueNasSetupStep, (input: TrueNasConnectionInput) => string> = {
  connecting: (input) => `Connecting to ${input.url}...`,
  'logging-in': (input) => `Logging in to the TrueNAS as ${input.adminUsername}...`,
  pairing: (input) => `The TrueNAS installs the key for ${input.username ?? DEFAULT_TRUENAS_USERNAME}...`,
  'proving-key-login': () => 'Proving a key login over SSH with the host keys the TrueNAS answered...',
  saving: (input) => `Saving ${input.name}...`,
};

/** The spinner's text for a step of the TrueNAS setup; marked while the password goes over plain http. */
export function trueNasStepText(step: TrueNasSetupStep, input: TrueNasConnectionInput, cleartext: boolean): string {
  const text = TRUENAS_STEPS[step](input);
  return cleartext ? `${text} (plain http)` : text;
}

export function addedText(result: ConnectionAdded, how: string): string {
  const keypair = result.keypairCreated ? `, new keypair ${result.keypairCreated.name}` : '';
  return `Added ${result.connection.name}: ${how}${keypair}`;
}

/** What the TrueNAS did: the API it spoke, and what it changed for the login user. */
export function trueNasAddedText(result: TrueNasConnectionAdded): string {
  const { shell, sudo_commands_nopasswd: sudo } = result.userChanges;
  const changes = [shell ? `login shell set to ${shell}` : '', sudo ? 'passwordless sudo for zfs' : ''].filter(Boolean);
  const api = result.protocol === 'legacy' ? 'legacy API' : 'JSON-RPC API';
  return addedText(result, `the TrueNAS installed the key (${api}${changes.length ? `; ${changes.join(', ')}` : ''}), key login verified`);
}
