import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportCloudCredentialsToRclone, importRcloneConf, rcloneConfText, readRcloneConfFile } from '../../engine/cloud/index.js';
import { UserError } from '../../common/errors.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';

export function registerRcloneCommands(program: Command): void {
  const rclone = program
    .command('rclone')
    .description('bring cloud credentials in and out as an rclone.conf')
    .addHelpText('after', '\nExamples:\n  nasconsole rclone export --to /root/rclone.conf\n  nasconsole rclone import ~/.config/rclone/rclone.conf --rename');

  rclone
    .command('export')
    .description('write an rclone.conf of the chosen (or all) cloud credentials that rclone uses as it is')
    .option('--to <file>', 'write the file (mode 0600) instead of printing it')
    .option('--name <name...>', 'only these credentials (repeat or list several)')
    .addHelpText(
      'after',
      `
The file holds the credentials (rclone-obscured passwords are not encrypted): keep it private.
Each credential is a section named after it: "rclone --config FILE lsjson NAME:".

Examples:
  nasconsole rclone export --to /root/rclone.conf
  nasconsole rclone export --name offsite-s3 ftp-box > rclone.conf`,
    )
    .action(async (options: { to?: string; name?: string[] }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const exported = exportCloudCredentialsToRclone(store, { ...(options.name ? { names: options.name } : {}), ...(options.to !== undefined ? { to: options.to } : {}) });
        if (exported.path === null && !json) {
          process.stdout.write(exported.text);
          return;
        }
        const data = exported.path === null ? { exported: exported.names, text: exported.text } : { exported: exported.names, path: exported.path };
        emit(json ?? false, data, () => `Wrote ${exported.path} (${exported.names.length} credential(s), mode 0600)`);
      });
    });

  rclone
    .command('import')
    .description('import the remotes of an rclone.conf as cloud credentials')
    .argument('<file>', 'the rclone.conf; - reads it from stdin')
    .option('--rename', 'import remotes whose name exists as name-2, name-3... instead of skipping them')
    .addHelpText(
      'after',
      `
Remotes whose backend has no provider here (or that need what a stored credential cannot hold,
such as ssh-agent) are skipped and listed. SFTP keys become SSH keypairs. An encrypted
rclone.conf is refused: decrypt it first ("rclone config show > plain.conf").

Examples:
  nasconsole rclone import ~/.config/rclone/rclone.conf
  rclone config show | nasconsole rclone import - --rename --json`,
    )
    .action(async (file: string, options: { rename?: boolean }, command: Command) => {
      const text = file === '-' ? rcloneConfText(readStdin()) : readRcloneConfFile(file);
      await withStore(command, async ({ store }, { json }) => {
        const report = await importRcloneConf(store, text, { rename: options.rename ?? false });
        emit(json ?? false, report, () =>
          [
            `Imported ${report.imported.length}, skipped ${report.skipped.length}.`,
            ...report.imported.map((entry) => {
              const extra = [
                entry.name !== entry.from ? `was ${entry.from}` : '',
                entry.keypair ? `keypair ${entry.keypair}` : '',
                entry.ignoredOptions.length ? `ignored ${entry.ignoredOptions.join(', ')}` : '',
                ...entry.notes,
              ].filter(Boolean);
              return `  imported ${entry.name} (${entry.provider})${extra.length ? `: ${extra.join('; ')}` : ''}`;
            }),
            ...report.skipped.map((entry) => `  skipped ${entry.name}: ${entry.reason}`),
          ].join('\n'),
        );
      });
    });
}

function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new UserError(`Cannot read stdin: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}
