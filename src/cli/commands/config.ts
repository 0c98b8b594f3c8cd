import { basename } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { printable, quoted } from '../../common/printable.js';
import { openUploadFile, PassphraseRequiredError } from '../../engine/archive/readArchive.js';
import { saveConfiguration } from '../../engine/archive/save.js';
import { uploadConfiguration, type UploadResult } from '../../engine/archive/upload.js';
import { listBackups } from '../../engine/backups.js';
import { INPUT_LIMITS, readBoundedInput } from '../../engine/boundedInput.js';
import { checkReadyToPush, decryptBackup, listRemoteBackups, parseIdentityFile, pushSavedArchive, restoreFromDestination } from '../../engine/offsite/index.js';
import { damagedSecrets, dropDamagedSecrets } from '../../engine/repair.js';
import { STORE_CAPACITY } from '../../engine/store/capacity.js';
import { appSecretPolicy, withStore } from '../context.js';
import { limitOf } from '../inputs.js';
import { emit, formatBytes, table } from '../output.js';
import { failIfAnyPushFailed, pushLines } from '../pushOutcomes.js';
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
    .option('--push <destination>', 'also push it to this backup destination (needs --secret-seed; encrypted to the recipients, or with the passphrase)')
    .addHelpText(
      'after',
      `
The file holds sensitive data about this system: store it somewhere safe. SSH host keys and
root's SSH keys are not part of it; back them up separately. An existing file is never
replaced without --force; a generated name that is taken gets a -2, -3... suffix. An empty
passphrase is refused. An archive that an upload would refuse (${limitOf('configUpload')}, or
more than ${STORE_CAPACITY.maxRowsPerTable} rows in a table) is refused before anything is written.

Examples:
  nasconsole config save --to /media/usb0 --secret-seed --pool-keys
  NASCONSOLE_PASS=... nasconsole config save --to backup.tar.age --secret-seed --passphrase-env NASCONSOLE_PASS
  nasconsole config save --to /var/tmp --secret-seed --push offsite`,
    )
    .action(async (options: { to: string; force?: boolean; secretSeed?: boolean; poolKeys?: boolean; encrypt?: boolean; push?: string } & PassphraseOptions, command: Command) => {
      const passphrase = await readSecret({ file: options.passphraseFile, env: options.passphraseEnv }, options.encrypt ? 'Archive passphrase' : undefined);
      await withStore(command, async ({ store }, { json }) => {
        const choices = { secretSeed: Boolean(options.secretSeed), poolKeys: Boolean(options.poolKeys), ...(passphrase === undefined ? {} : { passphrase }) };
        // Refused before the save when it could not leave: no such destination, no seed, no recipient.
        if (options.push !== undefined) checkReadyToPush(store, options.push, { secretSeed: choices.secretSeed, passphrase: passphrase !== undefined });
        const saved = await saveConfiguration(store, options.to, { ...choices, replace: Boolean(options.force) });
        const push = options.push === undefined ? undefined : await pushSavedArchive(store, options.push, saved);
        emit(json ?? false, { path: saved.path, bytes: saved.bytes, sha256: saved.sha256, options: saved.manifest.options, ...(push ? { push } : {}) }, () =>
          [`Saved ${quoted(saved.path)} (${formatBytes(saved.bytes)}, sha256 ${saved.sha256})`, ...pushLines(push ? [push] : [])].join('\n'),
        );
        if (push) failIfAnyPushFailed([push]);
      });
    });

  config
    .command('upload')
    .description('replace the configuration with a saved one (our tar, .tar.age, or a bare config.db), from a file or a backup destination')
    .argument('<file>', `the saved configuration, or - for stdin (${limitOf('configUpload')}); with --from, the name of a backup there (see "config backups --from")`)
    .option('--from <destination>', 'fetch the backup from this backup destination')
    .option('--identity-file <file>', `the age identity a pushed backup is encrypted to, as age-keygen or "backup keygen" writes it (${limitOf('identity')}; - for stdin)`)
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
backups/pre-upload-<time>.tar and replaced. A file over the limit is refused from its size,
unread; the rest is read as a stream. An upload that carries its seed works whatever
the current seed is.

On a new machine: store the credential (or SSH connection) of the destination, add the
destination with "backup destination add", list with "config backups --from", then upload.

Examples:
  nasconsole config upload /media/usb0/nas-nasconsole-0.1.0-20261124034500.tar
  nasconsole config upload old.tar --discard-secrets --json
  nasconsole config upload --from offsite nas-nasconsole-20261124T034500Z.tar.age --identity-file identity.txt`,
    )
    .action(async (file: string, options: { from?: string; identityFile?: string; discardSecrets?: boolean; skipInvalid?: boolean } & PassphraseOptions, command: Command) => {
      if (options.identityFile !== undefined && (options.passphraseFile !== undefined || options.passphraseEnv !== undefined)) {
        throw new UserError('Give the identity file or the passphrase, not both.', 2);
      }
      const identities = options.identityFile === undefined ? undefined : parseIdentityFile((await readBoundedInput(options.identityFile, INPUT_LIMITS.identity)).toString('utf8'));
      let passphrase = await readSecret({ file: options.passphraseFile, env: options.passphraseEnv });
      if (options.from !== undefined && identities === undefined && passphrase === undefined) {
        throw new UserError('A pushed backup is encrypted: give --identity-file, --passphrase-file or --passphrase-env.', 2);
      }
      // A backup encrypted to age identities is decrypted whole; any other file is read as a stream.
      const bytes = options.from === undefined && identities ? await readBoundedInput(file, INPUT_LIMITS.configUpload) : undefined;
      const opened = options.from === undefined && !identities ? openUploadFile(file) : undefined;
      const source = options.from === undefined ? (file === '-' ? 'stdin' : basename(file)) : `${file} from ${options.from}`;
      await withStore(
        command,
        async ({ store, paths }, { json }) => {
          const uploadOptions = { discardSecrets: Boolean(options.discardSecrets), skipInvalid: Boolean(options.skipInvalid), policy: appSecretPolicy, source };
          const upload = async (): Promise<UploadResult> => {
            if (options.from !== undefined) return restoreFromDestination(store, paths, options.from, file, identities ? { identities } : { passphrase: passphrase! }, uploadOptions);
            const source = identities ? await decryptBackup(bytes!, identities) : retried ? openUploadFile(file) : opened!;
            return uploadConfiguration(store, paths, source, { ...uploadOptions, ...(passphrase === undefined ? {} : { passphrase }) });
          };
          let result: UploadResult;
          let retried = false; // the first read of the file ended at its age header: open it again
          try {
            result = await upload();
          } catch (error) {
            if (!(error instanceof PassphraseRequiredError) || !process.stdin.isTTY) throw error;
            passphrase = await readSecret({}, 'Archive passphrase');
            retried = true;
            result = await upload();
          }
          const { backup, seedReplaced, poolKeysRestored, dropped, skipped, counts } = result;
          emit(json ?? false, { backup: backup.path, seedReplaced, poolKeysRestored, dropped, skipped, counts }, () =>
            [
              `Uploaded ${quoted(source)}: ${counts.cloudCredentials} cloud credential(s), ${counts.keychainCredentials} keychain credential(s), ${counts.poolKeys} pool key(s).`,
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
    .description('list the automatic and pre-upload backups in the data dir, or the pushed backups on a backup destination')
    .option('--from <destination>', "list the backups on this backup destination (every machine's)")
    .addHelpText(
      'after',
      '\nExamples:\n  nasconsole config backups --json\n  nasconsole config upload "$(nasconsole config backups --json | jq -r \'.[0].path\')"\n  nasconsole config backups --from offsite',
    )
    .action(async (options: { from?: string }, command: Command) => {
      await withStore(command, async ({ store, paths }, { json }) => {
        if (options.from !== undefined) {
          const remote = await listRemoteBackups(store, options.from);
          emit(json ?? false, remote, () =>
            remote.length ? table([['NAME', 'HOST', 'CREATED', 'SIZE'], ...remote.map((b) => [printable(b.name), printable(b.host), b.createdAt, formatBytes(b.bytes)])]) : 'No nasconsole backups there.',
          );
          return;
        }
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
