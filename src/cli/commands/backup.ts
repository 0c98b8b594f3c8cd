import type { Command } from 'commander';
import { nextBackupSlot, runScheduledBackupIfDue } from '../../engine/backups.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';

export function registerBackupCommands(program: Command): void {
  const backup = program.command('backup').description('the automatic daily configuration backup');
  backup
    .command('scheduled')
    .description('run the daily backup (03:45) if it is due, catching up a missed one')
    .addHelpText('after', '\nFor cron or a systemd timer (see contrib/). Example:\n  */15 * * * * nasconsole backup scheduled')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, async ({ store, paths }, { json }) => {
        const entry = await runScheduledBackupIfDue(store, paths);
        const next = nextBackupSlot(new Date()).toISOString();
        emit(json ?? false, { created: entry, next }, () => (entry ? `Backed up to ${entry.path}` : `Nothing due; the next backup is at ${next}.`));
      });
    });
}
