import type { Command } from 'commander';
import { nextBackupSlot, pushNewestBackup, retentionOf, runScheduledBackup, setRetention } from '../../engine/backups.js';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';
import { failIfAnyPushFailed, pushLines } from '../pushOutcomes.js';
import { readSecret } from '../secretInput.js';
import { registerOffsiteCommands } from './backupOffsite.js';

export function registerBackupCommands(program: Command): void {
  const backup = program.command('backup').description('the automatic daily configuration backup, and where it also goes (off the machine, encrypted)');
  backup
    .command('scheduled')
    .description('run the daily backup (03:45) if it is due, catching up a missed one; then push it to every destination that lacks it')
    .addHelpText(
      'after',
      `
A destination that was down at the last run gets the newest backup at this one. Exits 1 when
a push failed (the local backup is made all the same).

For cron or a systemd timer (see contrib/). Example:
  */15 * * * * nasconsole backup scheduled`,
    )
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, async ({ store, paths }, { json }) => {
        const { created, pushes } = await runScheduledBackup(store, paths);
        const next = nextBackupSlot(new Date()).toISOString();
        emit(json ?? false, { created, pushes, next }, () =>
          [created ? `Backed up to ${printable(created.path)}` : `Nothing due; the next backup is at ${next}.`, ...pushLines(pushes)].join('\n'),
        );
        failIfAnyPushFailed(pushes);
      });
    });

  backup
    .command('push')
    .description('push the newest daily backup (made first when today\'s is due) to a destination, or to all, now')
    .argument('[destination]', 'one destination (default: every one)')
    .option('--passphrase-file <file>', 'encrypt with the passphrase in this file instead of the recipients')
    .option('--passphrase-env <var>', 'encrypt with the passphrase in this environment variable instead of the recipients')
    .option('--encrypt', 'encrypt with a passphrase prompted on the terminal instead of the recipients')
    .addHelpText(
      'after',
      `
What leaves holds the secret seed, and is always age-encrypted: to the recipients (see
"backup recipient" and "backup keygen"), or with a passphrase given here.

Examples:
  nasconsole backup push
  nasconsole backup push offsite --json`,
    )
    .action(async (destination: string | undefined, options: { passphraseFile?: string; passphraseEnv?: string; encrypt?: boolean }, command: Command) => {
      const passphrase = await readSecret({ file: options.passphraseFile, env: options.passphraseEnv }, options.encrypt ? 'Backup passphrase' : undefined);
      if (passphrase === '') throw new UserError('The passphrase is empty.', 2);
      await withStore(command, async ({ store, paths }, { json }) => {
        const pushed = await pushNewestBackup(store, paths, { ...(destination !== undefined ? { destination } : {}), ...(passphrase !== undefined ? { passphrase } : {}) });
        emit(json ?? false, pushed, () => [`${pushed.created ? 'Made' : 'Pushing'} ${printable(pushed.backup.name)}`, ...pushLines(pushed.pushes)].join('\n'));
        failIfAnyPushFailed(pushed.pushes);
      });
    });

  backup
    .command('retention')
    .description('show, or set, how many daily backups are kept (default 30)')
    .argument('[count]', 'keep the newest COUNT daily backups')
    .addHelpText('after', '\nExamples:\n  nasconsole backup retention\n  nasconsole backup retention 14')
    .action(async (count: string | undefined, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        if (count !== undefined) {
          const keep = Number(count);
          setRetention(store, keep);
        }
        const keep = retentionOf(store);
        emit(json ?? false, { retention: keep }, () => `The newest ${keep} daily backups are kept.`);
      });
    });

  registerOffsiteCommands(backup);
}
