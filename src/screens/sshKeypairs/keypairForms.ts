import { join } from 'node:path';
import { privateKeyNeedsPassphrase, type KeypairExportFormat } from '../../engine/keychain/keypairs.js';
import type { GenerateKeypairOptions, ImportKeypairInput } from '../../engine/ssh/index.js';
import type { FieldMessages, FormField, FormValues } from '../../widgets/index.js';

// The forms of the SSH Keypairs screen: field lists that follow the chosen method, and the
// conversion of their values into the engine's inputs.

export const ADD_KEYPAIR_VALUES: FormValues = { name: '', method: 'generate', keyType: 'ed25519', comment: '', privateKey: '', publicKey: '', passphrase: '' };

const KEY_TYPES = [
  { value: 'ed25519', label: 'Ed25519 (recommended)' },
  { value: 'rsa-3072', label: 'RSA 3072' },
  { value: 'rsa-4096', label: 'RSA 4096' },
];

export function addKeypairFields(values: FormValues): FormField[] {
  const common: FormField[] = [
    { kind: 'text', name: 'name', label: 'Name', help: 'A unique name for the keypair.' },
    {
      kind: 'choice', name: 'method', label: 'Method',
      choices: [{ value: 'generate', label: 'Generate keypair' }, { value: 'import', label: 'Import private key' }],
      help: 'Left/Right: generate a new keypair here, or import (paste) an existing private key.',
    },
  ];
  if (values.method !== 'import') {
    return [
      ...common,
      { kind: 'choice', name: 'keyType', label: 'Key type', choices: KEY_TYPES, help: 'Ed25519 is what OpenSSH generates by default; RSA for old servers.' },
      { kind: 'text', name: 'comment', label: 'Comment', placeholder: '(optional)', help: 'Ends the public key line, e.g. the purpose of the key.' },
    ];
  }
  return [
    ...common,
    { kind: 'multiline', name: 'privateKey', label: 'Private key', secret: true, rows: 4, help: 'Paste the private key (OpenSSH or PEM); Ctrl-R reveals it. Tab leaves the field.' },
    { kind: 'multiline', name: 'publicKey', label: 'Public key', rows: 2, help: 'Optional: the public key line; it must belong to the private key.' },
    ...(needsPassphrase(values)
      ? [{ kind: 'secret', name: 'passphrase', label: 'Passphrase', help: 'The key is protected: its passphrase decrypts it once; it is stored without one.' } as const]
      : []),
  ];
}

export function addKeypairMessages(values: FormValues): FieldMessages {
  if (values.method === 'import' && needsPassphrase(values) && !values.passphrase) {
    return { passphrase: { warning: 'The private key is protected by a passphrase: enter it.' } };
  }
  return {};
}

export function generateOptions(values: FormValues): GenerateKeypairOptions {
  const keyType = String(values.keyType);
  const comment = String(values.comment ?? '').trim();
  return {
    ...(keyType.startsWith('rsa') ? { type: 'rsa' as const, bits: keyType === 'rsa-4096' ? (4096 as const) : (3072 as const) } : { type: 'ed25519' as const }),
    ...(comment ? { comment } : {}),
  };
}

export function importInput(values: FormValues): ImportKeypairInput {
  const publicKey = String(values.publicKey ?? '').trim();
  return {
    privateKey: String(values.privateKey ?? ''),
    ...(publicKey ? { publicKey } : {}),
    ...(needsPassphrase(values) && values.passphrase ? { passphrase: String(values.passphrase) } : {}),
  };
}

function needsPassphrase(values: FormValues): boolean {
  return typeof values.privateKey === 'string' && privateKeyNeedsPassphrase(values.privateKey);
}

export const EXPORT_VALUES: FormValues = { format: 'public', path: '' };

/** `dir`: where the file goes unless a path is typed (the directory of the last export). */
export function exportFields(keypairName: string, values: FormValues, dir: string): FormField[] {
  return [
    {
      kind: 'choice', name: 'format', label: 'Write',
      choices: [
        { value: 'public', label: 'Public key (authorized_keys line)' },
        { value: 'openssh', label: 'Private key, OpenSSH format (0600)' },
        { value: 'pem', label: 'Private key, PEM (0600)' },
      ],
      help: 'A private key is written only to a new file that only its owner can read.',
    },
    { kind: 'text', name: 'path', label: 'File', placeholder: defaultExportPath(keypairName, values, dir), help: 'A new file (nothing is overwritten); empty for the path shown.' },
  ];
}

export function exportTarget(keypairName: string, values: FormValues, dir: string): { path: string; format: KeypairExportFormat } {
  const path = String(values.path ?? '').trim() || defaultExportPath(keypairName, values, dir);
  return { path, format: String(values.format) as KeypairExportFormat };
}

function defaultExportPath(keypairName: string, values: FormValues, dir: string): string {
  const base = keypairName.replace(/[^A-Za-z0-9._-]+/g, '_') || 'keypair';
  return join(dir, values.format === 'public' ? `${base}.pub` : base);
}

export const RENAME_FIELDS: readonly FormField[] = [{ kind: 'text', name: 'name', label: 'New name', help: 'Connections that use the keypair keep using it.' }];
