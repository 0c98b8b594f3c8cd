import { errorMessage, UserError } from '../../common/errors.js';
import {
  connectionNumberProblems,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  type ConnectionChange,
  type ConnectionDetails,
  type KeypairChoice,
  type ManualConnectionInput,
  type SemiAutomaticConnectionInput,
} from '../../engine/keychain/connections.js';
import { offersZfsSudo, type TrueNasConnectionInput } from '../../engine/keychain/trueNasConnection.js';
import { DEFAULT_SSH_PORT, type LoginPromptAnswerer } from '../../engine/ssh/index.js';
import { cleartextWarning, parseTrueNasUrl } from '../../engine/truenas/index.js';
import type { Choice, FieldMessage, FieldMessages, FormField, FormValues } from '../../widgets/index.js';

// The forms of the SSH Connections screen, with the fields of each setup method in the order
// and words of the TrueNAS Add form, and the conversion of their values into the engine's inputs.
// Field names are the engine's (`password`, `otp`, `url`), so a refusal's `field` names one.

export const GENERATE = 'generate';

/** The setup methods of the Add form; the TrueNAS flavour first, as on TrueNAS. */
export const TRUENAS = 'truenas';
export const SSH = 'ssh';
export const MANUAL = 'manual';

const SETUP_METHODS: readonly (Choice & { readonly help: string })[] = [
  { value: TRUENAS, label: 'Semi-automatic (TrueNAS)', help: 'Semi-automatic (TrueNAS): log in to the remote TrueNAS web interface\'s API as an admin; it installs the public key.' },
  { value: SSH, label: 'Semi-automatic (any SSH server)', help: 'Semi-automatic (any SSH server): log in once over SSH with the admin password to install the public key.' },
  { value: MANUAL, label: 'Manual', help: 'Manual: the public key is already installed for the user on the remote system.' },
];

export const ADD_CONNECTION_VALUES: FormValues = {
  name: '', method: TRUENAS, url: '', host: '', port: String(DEFAULT_SSH_PORT), adminUsername: 'root', password: '', otp: '',
  username: '', sudo: false, privateKey: GENERATE, remoteHostKey: '', connectTimeout: String(DEFAULT_CONNECT_TIMEOUT_SECONDS),
};

interface KeypairRef {
  readonly id: number;
  readonly name: string;
}

function keypairChoices(keypairs: readonly KeypairRef[], withGenerate: boolean): Choice[] {
  return [...(withGenerate ? [{ value: GENERATE, label: 'Generate New' }] : []), ...keypairs.map((keypair) => ({ value: String(keypair.id), label: keypair.name }))];
}

const hostField: FormField = { kind: 'text', name: 'host', label: 'Host', help: 'Host name or IP address of the remote system.' };
const portField: FormField = { kind: 'number', name: 'port', label: 'Port', help: `SSH port of the remote system (default ${DEFAULT_SSH_PORT}).` };
const timeoutField: FormField = {
  kind: 'number', name: 'connectTimeout', label: 'Connect Timeout',
  help: `Seconds to wait for the remote system to answer and log in (default ${DEFAULT_CONNECT_TIMEOUT_SECONDS}).`,
};
const adminUsernameField: FormField = { kind: 'text', name: 'adminUsername', label: 'Admin Username' };
const otpField: FormField = {
  kind: 'secret', name: 'otp', label: 'One-Time Password (if necessary)',
  help: 'The code of the admin account\'s authenticator, if it has two-factor authentication.',
};

export function addConnectionFields(values: FormValues, keypairs: readonly KeypairRef[]): FormField[] {
  const method = SETUP_METHODS.find((choice) => choice.value === values.method) ?? SETUP_METHODS[0]!;
  const privateKey: FormField = {
    kind: 'choice', name: 'privateKey', label: 'Private Key', choices: keypairChoices(keypairs, true),
    help: 'An SSH keypair from SSH Keypairs, or Generate New (stored as <name>-key).',
  };
  const common: FormField[] = [
    { kind: 'text', name: 'name', label: 'Name', help: 'A unique name for this SSH connection.' },
    { kind: 'choice', name: 'method', label: 'Setup Method', choices: SETUP_METHODS, help: method.help },
  ];
  if (method.value === TRUENAS) {
    return [
      ...common,
      { kind: 'text', name: 'url', label: 'TrueNAS URL', placeholder: 'https://nas.example.com', help: 'The remote TrueNAS as its web interface is reached, with a valid URL scheme: https://nas.example.com.' },
      { ...adminUsernameField, help: 'The account that logs in to the remote TrueNAS to set up the connection (root or truenas_admin).' },
      { kind: 'secret', name: 'password', label: 'Admin Password', help: 'The password of that account: used once, never stored. Ctrl-R reveals.' },
      otpField,
      { kind: 'text', name: 'username', label: 'Username', placeholder: 'root', help: 'The user the connection logs in as over SSH; the TrueNAS installs the key for it.' },
      ...(offersZfsSudo(text(values.username))
        ? [{ kind: 'boolean', name: 'sudo', label: 'Enable passwordless sudo for zfs commands', help: 'Lets that user run zfs through sudo without a password on the remote TrueNAS.' } as const]
        : []),
      privateKey,
      timeoutField,
    ];
  }
  if (method.value === SSH) {
    return [
      ...common,
      hostField,
      portField,
      { ...adminUsernameField, help: 'The user who logs in with the password once (root on a NAS).' },
      { kind: 'secret', name: 'password', label: 'Admin Password', help: 'Used once to install the key; never stored. Ctrl-R reveals.' },
      otpField,
      { kind: 'text', name: 'username', label: 'Username', placeholder: 'same as Admin Username', help: 'The user the connection logs in as; the key is installed for it.' },
      privateKey,
      timeoutField,
    ];
  }
  return [
    ...common,
    hostField,
    portField,
    { kind: 'text', name: 'username', label: 'Username', placeholder: 'root', help: 'The user the connection logs in as (default root).' },
    privateKey,
    {
      kind: 'multiline', name: 'remoteHostKey', label: 'Remote Host Key', rows: 3,
      help: 'Paste ssh-keyscan output, or leave empty: the server is asked and you confirm its fingerprints.',
    },
    timeoutField,
  ];
}

/**
 * What shows while typing, worded by the engine: number ranges, and the TrueNAS URL as it would
 * be read (the scheme advice, the plain http warning). The rest is checked on save.
 */
export function connectionMessages(values: FormValues): FieldMessages {
  const problems = connectionNumberProblems({ port: numberValue(values.port), connectTimeout: numberValue(values.connectTimeout) });
  const messages: Record<string, FieldMessage> = Object.fromEntries(Object.entries(problems).map(([field, error]) => [field, { error }]));
  const url = values.method === TRUENAS ? urlMessage(text(values.url)) : undefined;
  return url ? { ...messages, url } : messages;
}

function urlMessage(given: string): FieldMessage | undefined {
  if (!given) return undefined;
  try {
    const warning = cleartextWarning(parseTrueNasUrl(given));
    return warning ? { warning } : undefined;
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

/** `host:port` of what the form holds, for messages. */
export function formTarget(values: FormValues): string {
  return `${text(values.host)}:${text(values.port) || DEFAULT_SSH_PORT}`;
}

/** The name the form holds, for messages. */
export function formName(values: FormValues): string {
  return text(values.name);
}

/**
 * The field of the form a refusal names (a wrong password, a URL without scheme), if the form
 * shows it: the form comes back with it focused, emptied when it is a secret (retyped anyway).
 */
export function refusedField(error: unknown, values: FormValues, keypairs: readonly KeypairRef[]): { field: string; values: FormValues } | undefined {
  const name = error instanceof UserError ? error.field : undefined;
  const field = addConnectionFields(values, keypairs).find((candidate) => candidate.name === name);
  if (!field) return undefined;
  return { field: field.name, values: field.kind === 'secret' ? { ...values, [field.name]: '' } : values };
}

/** What the SSH setup methods take from the form: name, where to, as whom, with which key. */
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
  return { ...commonInput(values), adminUsername: text(values.adminUsername), password: String(values.password ?? ''), onPrompt };
}

export function manualInput(values: FormValues, remoteHostKey: string): ManualConnectionInput {
  return { ...commonInput(values), remoteHostKey };
}

export function trueNasInput(values: FormValues): TrueNasConnectionInput {
  const username = text(values.username);
  return {
    name: text(values.name),
    url: text(values.url),
    adminUsername: text(values.adminUsername),
    password: String(values.password ?? ''),
    otpCode: text(values.otp) || undefined,
    username: username || undefined,
    sudo: offersZfsSudo(username) && values.sudo === true,
    keypair: keypairChoice(values),
    connectTimeout: numberValue(values.connectTimeout),
  };
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
