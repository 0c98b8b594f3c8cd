import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { formatLimit, INPUT_LIMITS, readBoundedInput } from '../../engine/boundedInput.js';
import { exportCloudCredentialsToRclone, importRcloneConf, NAME_TAKEN, rcloneConfText } from '../../engine/cloud/index.js';
import { isEncryptedRcloneConf } from '../../engine/rclone/index.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';
import { promptHidden, readSecret, type SecretSource } from '../secretInput.js';

interface PasswordOptions {
  passwordFile?: string;
  passwordEnv?: string;
}

const PASSWORD_HELP = 'the rclone config password (never on the command line): from a file, an environment variable, or a prompt';

export function registerRcloneCommands(program: Command): void {
  const rclone = program
    .command('rclone')
    .description('bring cloud credentials in and out as an rclone.conf')
    .addHelpText('after', '\nExamples:\n  nasconsole rclone export --to /root/rclone.conf\n  nasconsole rclone import ~/.config/rclone/rclone.conf --rename');

  rclone
    .command('export')
    .description('write an rclone.conf of the chosen (or all) cloud credentials that rclone uses as it is')
    .option('--to <file>', 'write the file (mode 0600) instead of printing it; an existing file is refused')
    .option('--force', 'replace an existing file at --to (never a link or a device)')
    .option('--name <name...>', 'only these credentials (repeat or list several)')
    .option('--encrypt', "encrypt the file with an rclone config password, as rclone's own config encryption does")
    .option('--password-file <file>', `with --encrypt: ${PASSWORD_HELP}`)
    .option('--password-env <var>', 'with --encrypt: the environment variable holding the password')
    .addHelpText(
      'after',
      `
The file holds the credentials (rclone-obscured passwords are not encrypted): keep it private,
or --encrypt it (rclone reads it with RCLONE_CONFIG_PASS or asks for the password).
Each credential is a section named after it: "rclone --config FILE lsjson NAME:".

Examples:
  nasconsole rclone export --to /root/rclone.conf
  nasconsole rclone export --to /root/rclone.conf --encrypt --password-file /root/conf-pass --force
  nasconsole rclone export --name offsite-s3 ftp-box > rclone.conf`,
    )
    .action(async (options: { to?: string; force?: boolean; name?: string[]; encrypt?: boolean } & PasswordOptions, command: Command) => {
      if (!options.encrypt && (options.passwordFile || options.passwordEnv)) throw new UserError('A password is only used with --encrypt.', 2);
      const password = options.encrypt ? await newConfigPassword(sourceOf(options)) : undefined;
      await withStore(command, ({ store }, { json }) => {
        const exported = exportCloudCredentialsToRclone(store, {
          ...(options.name ? { names: options.name } : {}),
          ...(options.to !== undefined ? { to: options.to } : {}),
          force: options.force ?? false,
          ...(password !== undefined ? { password } : {}),
        });
        if (exported.path === null && !json) {
          process.stdout.write(exported.text);
          return;
        }
        const common = { exported: exported.names, encrypted: exported.encrypted };
        const data = exported.path === null ? { ...common, text: exported.text } : { ...common, path: exported.path };
        emit(json ?? false, data, () => `Wrote ${printable(exported.path ?? '')} (${exported.names.length} credential(s), mode 0600${exported.encrypted ? ', encrypted' : ''})`);
      });
    });

  rclone
    .command('import')
    .description('import the remotes of an rclone.conf as cloud credentials')
    .argument('<file>', `the rclone.conf (at most ${formatLimit(INPUT_LIMITS.rcloneConf.maxBytes)}); - reads it from stdin`)
    .option('--rename', 'import remotes whose name exists as name-2, name-3... instead of skipping them')
    .option('--allow-key-files', 'read the SSH key files (key_file) the rclone.conf names on this machine')
    .option('--password-file <file>', `for an encrypted rclone.conf: ${PASSWORD_HELP}`)
    .option('--password-env <var>', 'for an encrypted rclone.conf: the environment variable holding the password')
    .addHelpText(
      'after',
      `
Remotes whose backend has no provider here (or that need what a stored credential cannot hold,
such as ssh-agent) are skipped and listed. Options no field holds that the backend uses are kept
and written back by "rclone export"; the others are listed as ignored. SFTP keys become SSH
keypairs (decrypted with key_file_pass; a key already stored links to its keypair); a key_file
on this machine is read only with --allow-key-files. An encrypted rclone.conf (rclone config
password) is read with its password. The file is at most ${formatLimit(INPUT_LIMITS.rcloneConf.maxBytes)}.

Examples:
  nasconsole rclone import ~/.config/rclone/rclone.conf
  nasconsole rclone import rclone.conf --password-env RCLONE_CONFIG_PASS --allow-key-files
  rclone config show | nasconsole rclone import - --rename --json`,
    )
    .action(async (file: string, options: { rename?: boolean; allowKeyFiles?: boolean } & PasswordOptions, command: Command) => {
      const bytes = await readBoundedInput(file, INPUT_LIMITS.rcloneConf);
      const password = isEncryptedRcloneConf(bytes.toString('utf8')) ? await existingConfigPassword(sourceOf(options)) : undefined;
      const text = rcloneConfText(bytes, password);
      await withStore(command, async ({ store }, { json }) => {
        const report = await importRcloneConf(store, text, { rename: options.rename ?? false, allowKeyFiles: options.allowKeyFiles ?? false });
        emit(json ?? false, report, () =>
          [
            `Imported ${report.imported.length}, skipped ${report.skipped.length}.`,
            ...report.imported.map((entry) => {
              const extra = [
                entry.name !== entry.from ? `was ${printable(entry.from)}` : '',
                entry.keypair ? `keypair ${printable(entry.keypair)}` : '',
                entry.keptOptions.length ? `kept ${entry.keptOptions.map(printable).join(', ')}` : '',
                entry.ignoredOptions.length ? `ignored ${entry.ignoredOptions.map(printable).join(', ')}` : '',
                ...entry.notes.map(printable),
              ].filter(Boolean);
              return `  imported ${printable(entry.name)} (${entry.provider})${extra.length ? `: ${extra.join('; ')}` : ''}`;
            }),
            ...report.skipped.map((entry) => `  skipped ${printable(entry.name)}: ${printable(entry.reason)}`),
            ...(report.skipped.some((entry) => entry.reason === NAME_TAKEN) ? ['Add --rename to import the remotes whose name exists under a new name.'] : []),
          ].join('\n'),
        );
      });
    });
}

function sourceOf(options: PasswordOptions): SecretSource {
  return { ...(options.passwordFile ? { file: options.passwordFile } : {}), ...(options.passwordEnv ? { env: options.passwordEnv } : {}) };
}

async function existingConfigPassword(source: SecretSource): Promise<string> {
  return (await readSecret(source, 'rclone config password'))!;
}

/** A new password: typed twice on a prompt, since a typo would lock the file for good. */
async function newConfigPassword(source: SecretSource): Promise<string> {
  if (source.file || source.env) return (await readSecret(source))!;
  const first = await existingConfigPassword(source);
  const again = await promptHidden('Again: ');
  if (first !== again) throw new UserError('The two passwords differ: nothing was written.');
  return first;
}
