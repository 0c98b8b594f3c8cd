import { formatLimit, INPUT_LIMITS } from '../../engine/boundedInput.js';
import type { FormField, FormValues } from '../../widgets/index.js';

/** "1 destination", "2 destinations". */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The seed's warnings, in its own words. */
export const SAVE_WARNINGS = [
  'The configuration file contains sensitive data about this system: ensure that it is stored somewhere safe.',
  'SSH keys are not stored in the configuration: system host keys (ssh_host_*) and root\'s keys (/root/.ssh) must be backed up separately.',
] as const;

export const SEED_WARNING = 'Configuration backups containing the seed must be physically secured to prevent decryption of passwords.';

export const saveFields: readonly FormField[] = [
  { name: 'path', label: 'Save to', kind: 'text', help: 'A file, or a directory where <host>-nasconsole-<version>-<time>.tar is written.' },
  {
    name: 'secretSeed',
    label: 'Export Password Secret Seed',
    kind: 'boolean',
    help: 'Includes the seed, so that passwords can be restored on another system device.',
  },
  { name: 'poolKeys', label: 'Export Pool Encryption Keys', kind: 'boolean', help: 'Includes the encryption keys of encrypted pools; restored on upload.' },
  { name: 'passphrase', label: 'Passphrase', kind: 'secret', help: 'Optional: protects the whole file (age, .tar.age). Leave empty for a plain tar.' },
  { name: 'repeat', label: 'Repeat passphrase', kind: 'secret', help: 'The same passphrase again, to rule out a typo.' },
];

export const uploadFields: readonly FormField[] = [
  { name: 'path', label: 'File', kind: 'text', help: `A saved .tar or .tar.age, or a bare config.db (at most ${formatLimit(INPUT_LIMITS.configUpload.maxBytes)}).` },
  { name: 'passphrase', label: 'Passphrase', kind: 'secret', help: 'Only for a passphrase-protected .tar.age.' },
  {
    name: 'discardSecrets',
    label: 'Discard unreadable secrets',
    kind: 'boolean',
    help: 'Without the archive\'s seed: keep the records, drop the secrets this system cannot read.',
  },
];

export function passphraseMismatch(values: FormValues): string | undefined {
  return values.passphrase !== values.repeat ? 'The two passphrases differ.' : undefined;
}
