import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import {
  deleteKeypair,
  exportKeypairToFile,
  generateKeypairRecord,
  importKeypairRecord,
  keypairDetails,
  keypairPublicKeyLine,
  listKeypairs,
  privateKeyNeedsPassphrase,
  type KeypairDetails,
  type KeypairExportFormat,
} from '../../engine/keychain/keypairs.js';
import { keyTypeLong, keyTypeText, usedByText } from '../../engine/formatting.js';
import type { GeneratedKeyType, RsaKeySize } from '../../engine/ssh/index.js';
import { withStore } from '../context.js';
import { limitOf, readTextInput } from '../inputs.js';
import { emit, table } from '../output.js';
import { readSecret } from '../secretInput.js';

export function registerKeypairCommands(program: Command): void {
  const keypair = program
    .command('keypair')
    .description('SSH keypairs: generate, import, show, export, delete')
    .addHelpText('after', '\nExamples:\n  nasconsole keypair generate backup-key\n  nasconsole keypair list --json');

  keypair
    .command('list')
    .description('list keypairs: name, type, fingerprint')
    .addHelpText('after', '\nExample:\n  nasconsole keypair list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const keypairs = listKeypairs(store);
        emit(json ?? false, keypairs, () =>
          keypairs.length ? table([['NAME', 'TYPE', 'FINGERPRINT', 'COMMENT'], ...keypairs.map((k) => [k.name, keyTypeText(k), k.fingerprint ?? '?', k.comment])]) : 'No SSH keypairs.',
        );
      });
    });

  keypair
    .command('generate')
    .description('generate a keypair (Ed25519 unless --type rsa) and store it')
    .argument('<name>', 'name of the new keypair')
    .option('--type <type>', 'ed25519 (default) or rsa (the default with --bits)')
    .option('--bits <n>', 'RSA key size: 3072 (default) or 4096')
    .option('--comment <text>', 'comment at the end of the public key line')
    .addHelpText(
      'after',
      `
Examples:
  nasconsole keypair generate backup-key
  nasconsole keypair generate legacy-nas --type rsa --bits 4096 --comment "nas1 replication"`,
    )
    .action(async (name: string, options: { type?: string; bits?: string; comment?: string }, command: Command) => {
      const bits = options.bits === undefined ? undefined : wholeNumber(options.bits, '--bits');
      const type = options.type ?? (bits === undefined ? 'ed25519' : 'rsa');
      if (type !== 'ed25519' && type !== 'rsa') throw new UserError(`Unknown key type ${type}: use ed25519 or rsa`, 2);
      await withStore(command, async ({ store }, { json }) => {
        const created = await generateKeypairRecord(store, name, {
          type: type as GeneratedKeyType,
          ...(bits !== undefined ? { bits: bits as RsaKeySize } : {}),
          ...(options.comment !== undefined ? { comment: options.comment } : {}),
        });
        emit(json ?? false, created, () => `Generated ${created.name}: ${keyTypeText(created)} ${created.fingerprint ?? ''}\n${created.publicKey}`);
      });
    });

  keypair
    .command('import')
    .description('import a private key (OpenSSH, PEM PKCS#1, PKCS#8), optionally with its public key')
    .argument('<name>', 'name of the new keypair')
    .requiredOption('--private-file <file>', `the private key file, or - for stdin (${limitOf('privateKey')})`)
    .option('--public-file <file>', `the public key (.pub): must belong to the private key (${limitOf('publicKey')})`)
    .option('--passphrase-file <file>', `passphrase of a protected private key, from this file (${limitOf('passphrase')})`)
    .option('--passphrase-env <var>', 'passphrase of a protected private key, from this environment variable')
    .addHelpText(
      'after',
      `
A protected key is decrypted on import and stored without its passphrase (encrypted with the
secret seed, as every secret here). Without --passphrase-* the passphrase is prompted for on a
terminal. DSA keys are refused.

Examples:
  nasconsole keypair import nas1 --private-file ~/.ssh/id_ed25519 --public-file ~/.ssh/id_ed25519.pub
  KEYPASS=... nasconsole keypair import old-rsa --private-file id_rsa --passphrase-env KEYPASS`,
    )
    .action(async (name: string, options: { privateFile: string; publicFile?: string; passphraseFile?: string; passphraseEnv?: string }, command: Command) => {
      const privateKey = await readTextInput(options.privateFile, 'privateKey');
      const publicKey = options.publicFile === undefined ? undefined : await readTextInput(options.publicFile, 'publicKey');
      const source = { file: options.passphraseFile, env: options.passphraseEnv };
      const passphrase = await readSecret(source, privateKeyNeedsPassphrase(privateKey) ? 'Passphrase of the private key' : undefined);
      await withStore(command, async ({ store }, { json }) => {
        const created = await importKeypairRecord(store, name, {
          privateKey,
          ...(publicKey !== undefined ? { publicKey } : {}),
          ...(passphrase !== undefined ? { passphrase } : {}),
        });
        emit(json ?? false, created, () => `Imported ${created.name}: ${keyTypeText(created)} ${created.fingerprint ?? ''}`);
      });
    });

  keypair
    .command('show')
    .description('type, bits, comment, fingerprint and users of a keypair (never the private key)')
    .argument('<name>', 'the keypair')
    .addHelpText('after', '\nExample:\n  nasconsole keypair show backup-key --json')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const details = keypairDetails(store, name);
        emit(json ?? false, details, () => showText(details));
      });
    });

  keypair
    .command('public')
    .description('print the public key as an authorized_keys line')
    .argument('<name>', 'the keypair')
    .addHelpText('after', '\nExample:\n  nasconsole keypair public backup-key >> /root/.ssh/authorized_keys')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const line = keypairPublicKeyLine(store, name);
        emit(json ?? false, { name, publicKey: line }, () => line);
      });
    });

  keypair
    .command('export')
    .description('write the private key (or the public key line) to a new file, mode 0600')
    .argument('<name>', 'the keypair')
    .requiredOption('--to <file>', 'the file to create (an existing file is never overwritten)')
    .option('--format <format>', 'openssh, pem, or public (the authorized_keys line, mode 0644)', 'openssh')
    .addHelpText(
      'after',
      `
The private key leaves the encrypted store only through this command, and only into a new
file readable by its owner alone. "pem" is PKCS#1 for RSA and SEC1 for ECDSA; an Ed25519 key
has no PEM form that OpenSSH loads, so it is written in openssh format, as "ssh-keygen -m PEM"
does (the output says which format was written).

Examples:
  nasconsole keypair export backup-key --to /root/backup-key
  nasconsole keypair export legacy-nas --to legacy.pem --format pem`,
    )
    .action(async (name: string, options: { to: string; format: string }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const written = exportKeypairToFile(store, name, options.to, options.format as KeypairExportFormat);
        const mode = `0${written.mode.toString(8)}`;
        emit(json ?? false, { name, path: written.path, format: written.format, mode }, () => `Wrote ${written.path} (${written.format}, mode ${mode})`);
      });
    });

  keypair
    .command('delete')
    .description('delete a keypair; refused while an SSH connection or SFTP cloud credential uses it')
    .argument('<name>', 'the keypair')
    .option('--cascade', 'also delete the SSH connections that use it (SFTP cloud credentials still block)')
    .addHelpText('after', '\nExamples:\n  nasconsole keypair delete old-key\n  nasconsole keypair delete old-key --cascade --json')
    .action(async (name: string, options: { cascade?: boolean }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const deleted = deleteKeypair(store, name, { cascade: Boolean(options.cascade) });
        emit(json ?? false, { deleted: deleted.name, connectionsDeleted: deleted.connectionsDeleted }, () =>
          [`Deleted keypair ${deleted.name}.`, ...deleted.connectionsDeleted.map((connection) => `Deleted SSH connection ${connection}.`)].join('\n'),
        );
      });
    });
}

function showText(details: KeypairDetails): string {
  return table([
    ['Name:', details.name],
    ['Type:', keyTypeLong(details)],
    ['Comment:', details.comment],
    ['Fingerprint:', details.fingerprint ?? '?'],
    ['Public key:', details.publicKey],
    ['Used by:', usedByText(details.usedBy)],
  ]);
}


export function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${option} must be a whole number, not ${JSON.stringify(text)}`, 2);
  return Number(text);
}
