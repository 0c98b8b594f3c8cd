import {
  connectionNumberProblems,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  type ConnectionChange,
  type ConnectionDetails,
  type KeypairChoice,
  type ManualConnectionInput,
  type SemiAutomaticConnectionInput,
} from '../../engine/keychain/connections.js';
import { DEFAULT_SSH_PORT, type LoginPromptAnswerer } from '../../engine/ssh/index.js';
import type { Choice, FieldMessages, FormField, FormValues } from '../../widgets/index.js';

// The forms of the SSH Connections screen, with the fields of each setup method in the order
// the seed's Add form shows them, and the conversion of their values into the engine's inputs.

export const GENERATE = 'generate';

export const ADD_CONNECTION_VALUES: FormValues = {
  name: '', method: 'semi', host: '', port: String(DEFAULT_SSH_PORT), adminUsername: 'root', adminPassword: '', otp: '',
  username: '', privateKey: GENERATE, remoteHostKey: '', connectTimeout: String(DEFAULT_CONNECT_TIMEOUT_SECONDS),
};

interface KeypairRef {
  readonly id: number;
  readonly name: string;
}

function keypairChoices(keypairs: readonly KeypairRef[], withGenerate: boolean): Choice[] {
  return [...(withGenerate ? [{ value: GENERATE, label: 'Generate new' }] : []), ...keypairs.map((keypair) => ({ value: String(keypair.id), label: keypair.name }))];
}

const hostField: FormField = { kind: 'text', name: 'host', label: 'Host', help: 'Host name or IP address of the remote system.' };
const portField: FormField = { kind: 'number', name: 'port', label: 'Port', help: `SSH port of the remote system (default ${DEFAULT_SSH_PORT}).` };
const timeoutField: FormField = { kind: 'number', name: 'connectTimeout', label: 'Connect timeout', help: `Seconds to wait for the remote system to answer and log in (default ${DEFAULT_CONNECT_TIMEOUT_SECONDS}).` };

export function addConnectionFields(values: FormValues, keypairs: readonly KeypairRef[]): FormField[] {
  const semi = values.method !== 'manual';
  const common: FormField[] = [
    { kind: 'text', name: 'name', label: 'Name', help: 'A unique name for this SSH connection.' },
    {
      kind: 'choice', name: 'method', label: 'Setup method',
      choices: [{ value: 'semi', label: 'Semi-Automatic' }, { value: 'manual', label: 'Manual' }],
      help: semi
        ? 'Semi-Automatic: log in once with the admin password; our public key is installed there.'
        : 'Manual: our public key is already installed for the user on the remote system.',
    },
    hostField,
    portField,
  ];
  const privateKey: FormField = {
    kind: 'choice', name: 'privateKey', label: 'Private key', choices: keypairChoices(keypairs, true),
    help: 'An SSH keypair from SSH Keypairs, or Generate new (stored as <name>-key).',
  };
  if (semi) {
    return [
      ...common,
      { kind: 'text', name: 'adminUsername', label: 'Admin username', help: 'The user who logs in with the password once (root on a NAS).' },
      { kind: 'secret', name: 'adminPassword', label: 'Admin password', help: 'Used once to install the key; never stored. Ctrl-R reveals.' },
      { kind: 'secret', name: 'otp', label: 'One-time password', help: 'Only if the remote system asks for a code at login (two-factor).' },
      { kind: 'text', name: 'username', label: 'Username', placeholder: 'same as Admin username', help: 'The user the connection logs in as; the key is installed for it.' },
      privateKey,
      timeoutField,
    ];
  }
  return [
    ...common,
    { kind: 'text', name: 'username', label: 'Username', placeholder: 'root', help: 'The user the connection logs in as (default root).' },
    privateKey,
    {
      kind: 'multiline', name: 'remoteHostKey', label: 'Remote host key', rows: 3,
      help: 'Paste ssh-keyscan output, or leave empty: the server is asked and you confirm its fingerprints.',
    },
    timeoutField,
  ];
}

/** Only number problems show while typing (the engine's ranges); the rest is checked by the engine on save. */
export function connectionMessages(values: FormValues): FieldMessages {
  const problems = connectionNumberProblems({ port: numberValue(values.port), connectTimeout: numberValue(values.connectTimeout) });
  return Object.fromEntries(Object.entries(problems).map(([field, error]) => [field, { error }]));
}

/** `host:port` of what the form holds, for messages. */
export function formTarget(values: FormValues): string {
  return `${text(values.host)}:${text(values.port) || DEFAULT_SSH_PORT}`;
}

/** What both setup methods take from the form: name, where to, as whom, with which key. */
function commonInput(values: FormValues) {
  const username = text(values.username);
  const port = numberValue(values.port);
  const connectTimeout = numberValue(values.connectTimeout);
  return {
    name: text(values.name),
    host: text(values.host),
    ...(port !== undefined ? { port } : {}),
    ...(username ? { username } : {}),
    keypair: keypairChoice(values),
    ...(connectTimeout !== undefined ? { connectTimeout } : {}),
  };
}

export function semiAutomaticInput(values: FormValues, onPrompt: LoginPromptAnswerer): SemiAutomaticConnectionInput {
  return { ...commonInput(values), adminUsername: text(values.adminUsername), password: String(values.adminPassword ?? ''), onPrompt };
}

export function manualInput(values: FormValues, remoteHostKey: string): ManualConnectionInput {
  return { ...commonInput(values), remoteHostKey };
}

export function editConnectionFields(keypairs: readonly KeypairRef[]): FormField[] {
  return [
    { kind: 'text', name: 'name', label: 'Name' },
    hostField,
    portField,
    { kind: 'text', name: 'username', label: 'Username', help: 'The user the connection logs in as.' },
    { kind: 'choice', name: 'privateKey', label: 'Private key', choices: keypairChoices(keypairs, false), help: 'Its public key must be in authorized_keys of the user there.' },
    { kind: 'multiline', name: 'remoteHostKey', label: 'Remote host key', rows: 3, help: 'The host key lines the connection trusts (ssh-keyscan format).' },
    timeoutField,
  ];
}

export function editValues(details: ConnectionDetails): FormValues {
  return {
    name: details.name,
    host: details.host,
    port: String(details.port),
    username: details.username,
    privateKey: details.keypairId === null ? '' : String(details.keypairId),
    remoteHostKey: details.hostKeys.map((key) => key.key).join('\n'),
    connectTimeout: String(details.connectTimeout),
  };
}

/** Only what changed, so an unchanged host key is not re-parsed and re-stored. */
export function editChange(values: FormValues, initial: FormValues): ConnectionChange {
  const changed = (name: string) => values[name] !== initial[name];
  const change: ConnectionChange = {};
  if (changed('name')) change.name = text(values.name);
  if (changed('host')) change.host = text(values.host);
  if (changed('port')) change.port = numberValue(values.port) ?? DEFAULT_SSH_PORT;
  if (changed('username')) change.username = text(values.username);
  if (changed('privateKey') && values.privateKey) change.keypair = Number(values.privateKey);
  if (changed('remoteHostKey')) change.remoteHostKey = String(values.remoteHostKey ?? '');
  if (changed('connectTimeout')) change.connectTimeout = numberValue(values.connectTimeout) ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
  return change;
}

function keypairChoice(values: FormValues): KeypairChoice {
  return values.privateKey === GENERATE || !values.privateKey ? { generate: {} } : { keypair: Number(values.privateKey) };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function numberValue(value: unknown): number | undefined {
  const raw = text(value);
  return raw === '' ? undefined : Number(raw);
}
