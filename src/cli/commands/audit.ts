import type { Command } from 'commander';
import { withStore } from '../context.js';
import { emit, table } from '../output.js';

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('list recorded changes (what, which record, when; never a secret)')
    .option('--limit <n>', 'how many entries, newest first', '100')
    .action(async (options: { limit: string }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const entries = store.audit.list(Math.max(1, Number.parseInt(options.limit, 10) || 100));
        emit(json ?? false, entries, () =>
          entries.length ? table([['WHEN', 'ACTION', 'KIND', 'RECORD', 'DETAIL'], ...entries.map((e) => [e.at, e.action, e.kind, e.record ?? '', e.detail ?? ''])]) : 'No changes recorded.',
        );
      });
    });
}
