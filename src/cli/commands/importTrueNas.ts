import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { importTrueNas } from '../../engine/truenasImport.js';
import { providers } from '../../providers/index.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';

export function registerImportCommands(program: Command): void {
  const importCommand = program.command('import').description('bring credentials in from other systems');
  importCommand
    .command('truenas')
    .description('import cloud credentials, SSH keypairs and SSH connections from a TrueNAS configuration')
    .argument('<file>', 'a TrueNAS configuration tar (freenas-v1.db + pwenc_secret) or a bare freenas-v1.db')
    .option('--secret-file <file>', 'the pwenc_secret seed, for a bare database')
    .option('--rename', 'import records whose name exists under a new name instead of skipping them')
    .addHelpText('after', '\nNothing is written unless every record decrypts.\n\nExamples:\n  nasconsole import truenas truenas-config.tar\n  nasconsole import truenas freenas-v1.db --secret-file pwenc_secret --rename --json')
    .action(async (file: string, options: { secretFile?: string; rename?: boolean }, command: Command) => {
      const bytes = readInput(file);
      const seed = options.secretFile ? readInput(options.secretFile) : undefined;
      const known = new Set(providers.map((provider) => provider.id));
      await withStore(command, async ({ store }, { json }) => {
        const report = await importTrueNas(store, bytes, { seed, rename: options.rename, isKnownProvider: (id) => known.has(id) });
        emit(json ?? false, report, () =>
          [
            `Imported ${report.imported.length}, skipped ${report.skipped.length}.`,
            ...report.imported.map((entry) => `  imported ${entry.kind} ${entry.name}${entry.name !== entry.from ? ` (was ${entry.from})` : ''}`),
            ...report.skipped.map((entry) => `  skipped ${entry.kind} ${entry.name}: ${entry.reason}`),
          ].join('\n'),
        );
      });
    });
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}
