import { basename } from 'node:path';
import type { Command } from 'commander';
import { quoted } from '../../common/printable.js';
import { PassphraseRequiredError, readUploadFile } from '../../engine/archive/readArchive.js';
import { saveConfiguration } from '../../engine/archive/save.js';
import { uploadConfiguration } from '../../engine/archive/upload.js';
import { listBackups } from '../../engine/backups.js';
import { damagedSecrets, dropDamagedSecrets } from '../../engine/repair.js';
import { appSecretPolicy, withStore } from '../context.js';
import { limitOf } from '../inputs.js';
import { emit, formatBytes, table } from '../output.js';
import { readSecret } from '../secretInput.js';

interface PassphraseOptions {
  passphraseFile?: string;
  passphraseEnv?: string;
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('save, upload and list saved configurations');

  config
    .command('save')
    .description('save the configuration (a consistent copy of the store) to a tar archive')
    .option('--to <path>', 'a file, or a directory where the generated name is used', '.')
    .option('--force', 'replace the file named by --to if it exists')
    .option('--secret-seed', 'include the password secret seed (needed to restore secrets elsewhere)')
    .option('--pool-keys', 'include the pool encryption keys')
    .option('--passphrase-file <file>', `protect the archive (age) with the passphrase in this file (${limitOf('passphrase')})`)
    .option('--passphrase-env <var>', 'protect the archive (age) with the passphrase in this environment variable')
    .option('--encrypt', 'protect the archive (age) with a passphrase prompted on the terminal')
    .addHelpText(
      'after',
      `
The file holds sensitive data about this system: store it somewhere safe. SSH host keys and
root's SSH keys are not part of it; back them up separately. An existing file is never
replaced without --force; a generated name that is taken gets a -2, -3... suffix. An empty
passphrase is refused.

Examples:
  nasconsole config save --to /media/usb0 --secret-seed --pool-keys
  NASCONSOLE_PASS=... nasconsole config save --to backup.tar.age --secret-seed --passphrase-env NASCONSOLE_PASS`,
    )
    .action(async (options: { to: string; force?: boolean; secretSeed?: boolean; poolKeys?: boolean; encrypt?: boolean } & PassphraseOptions, command: Command) => {
      const passphrase = await readSecret({ file: options.passphraseFile, env: options.passphraseEnv }, options.encrypt ? 'Archive passphrase' : undefined);
      await withStore(command, async ({ store }, { json }) => {
        const saved = await saveConfiguration(store, options.to, {
          secretSeed: Boolean(options.secretSeed),
          poolKeys: Boolean(options.poolKeys),
          replace: Boolean(options.force),
          ...(passphrase === undefined ? {} : { passphrase }),
        });
        emit(json ?? false, { path: saved.path, bytes: saved.bytes, sha256: saved.sha256, options: saved.manifest.options }, () => `Saved ${quoted(saved.path)} (${formatBytes(saved.bytes)}, sha256 ${saved.sha256})`);
      });
    });

  config
    .command('upload')
    .description('replace the configuration with a saved one (our tar, .tar.age, or a bare config.db)')
    .argument('<file>', `the saved configuration, or - for stdin (${limitOf('configUpload')})`)
    .option('--discard-secrets', 'when the archive has no secret seed: keep the records, drop the secrets this seed cannot read')
    .option('--skip-invalid', 'leave out the records that break the rules (they are listed) instead of refusing the upload')
    .option('--passphrase-file <file>', 'passphrase of a .age archive, from this file')
    .option('--passphrase-env <var>', 'passphrase of a .age archive, from this environment variable')
    .addHelpText(
      'after',
      `
The upload is read as data: every record is checked by the rules that add and edit apply,
and written into a store made by this nasconsole (nothing of the file's schema is kept).
Nothing changes unless every check passes; then the current configuration is saved to
backups/pre-upload-<time>.tar and replaced. An upload that carries its seed works whatever
the current seed is.

Examples:
  nasconsole config upload /media/usb0/nas-nasconsole-0.1.0-20261124034500.tar
  nasconsole config upload old.tar --discard-secrets --json`,
    )
    .action(async (file: string, options: { discardSecrets?: boolean; skipInvalid?: boolean } & PassphraseOptions, command: Command) => {
      const bytes = await readUploadFile(file);
      let passphrase = await readSecret({ file: options.passphraseFile, env: options.passphraseEnv });
      await withStore(
        command,
        async ({ store, paths }, { json }) => {
          const upload = () =>
            uploadConfiguration(store, paths, bytes, {
              ...(passphrase === undefined ? {} : { passphrase }),
              discardSecrets: Boolean(options.discardSecrets),
              skipInvalid: Boolean(options.skipInvalid),
              policy: appSecretPolicy,
              source: file === '-' ? 'stdin' : basename(file),
            });
          let result;
          try {
            result = await upload();
          } catch (error) {
            if (!(error instanceof PassphraseRequiredError) || !process.stdin.isTTY) throw error;
            passphrase = await readSecret({}, 'Archive passphrase');
            result = await upload();
          }
          const { backup, seedReplaced, poolKeysRestored, dropped, skipped, counts } = result;
          emit(json ?? false, { backup: backup.path, seedReplaced, poolKeysRestored, dropped, skipped, counts }, () =>
            [
              `Uploaded ${quoted(file)}: ${counts.cloudCredentials} cloud credential(s), ${counts.keychainCredentials} keychain credential(s), ${counts.poolKeys} pool key(s).`,
              `The previous configuration was saved to ${quoted(backup.path)}.`,
              seedReplaced ? "The secret seed was replaced by the archive's." : '',
              ...dropped.map((entry) => `Secrets dropped: ${entry.kind} ${quoted(entry.name)}`),
              ...skipped.map((entry) => `Left out: ${entry.kind} ${quoted(entry.name)}: ${entry.reason}`),
            ]
              .filter(Boolean)
              .join('\n'),
          );
        },
        { allowSeedMismatch: true },
      );
    });

  config
    .command('backups')
    .description('list the automatic and pre-upload backups in the data dir')
    .addHelpText('after', '\nExample:\n  nasconsole config backups --json\n  nasconsole config upload "$(nasconsole config backups --json | jq -r \'.[0].path\')"')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ paths }, { json }) => {
        const backups = listBackups(paths);
        emit(json ?? false, backups, () =>
          backups.length ? table([['NAME', 'KIND', 'CREATED', 'SIZE'], ...backups.map((b) => [b.name, b.kind, b.createdAt, formatBytes(b.bytes)])]) : 'No backups yet.',
        );
      });
    });

  config
    .command('repair')
    .description('list stored secrets that do not decrypt (damaged values), and drop them with --drop-damaged')
    .option('--drop-damaged', 'keep each damaged record without its secrets, and delete damaged pool keys')
    .addHelpText('after', '\nA damaged value names its record in every error; this is the way out.\n\nExamples:\n  nasconsole config repair\n  nasconsole config repair --drop-damaged --json')
    .action(async (options: { dropDamaged?: boolean }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const entries = options.dropDamaged ? dropDamagedSecrets(store) : damagedSecrets(store);
        const verb = options.dropDamaged ? 'Dropped the secrets of' : 'Damaged';
        emit(json ?? false, { dropped: Boolean(options.dropDamaged), damaged: entries }, () =>
          entries.length ? entries.map((entry) => `${verb}: ${entry.kind} ${quoted(entry.name)}`).join('\n') : 'Every stored secret decrypts.',
        );
      });
    });
}
