import type { Command } from 'commander';
import { printable } from '../../common/printable.js';
import { formatLimit, INPUT_LIMITS, readBoundedFile, readBoundedInput } from '../../engine/boundedInput.js';
import { importTrueNas, NAME_TAKEN, type ImportReport } from '../../engine/truenasImport.js';
import { providers } from '../../providers/index.js';
import { withStore } from '../context.js';
import { emit } from '../output.js';

export function registerImportCommands(program: Command): void {
  const importCommand = program.command('import').description('bring credentials in from other systems');
  importCommand
    .command('truenas')
    .description('import cloud credentials, SSH keypairs and connections, and pool keys from a TrueNAS configuration')
    .argument('<file>', `a TrueNAS configuration tar (freenas-v1.db + pwenc_secret, CORE's geli/*.key) or a bare freenas-v1.db; - reads stdin (at most ${formatLimit(INPUT_LIMITS.trueNasConfig.maxBytes)})`)
    .option('--secret-file <file>', 'the pwenc_secret seed: for a bare database, or used instead of the tar\'s own')
    .option('--rename', 'import records whose name exists under a new name instead of skipping them')
    .option('--skip-invalid', 'leave out the records that break the rules of add and edit (they are listed) instead of refusing the import')
    .addHelpText(
      'after',
      `
Nothing is written unless every record decrypts and meets the rules of add and edit (names,
provider fields, keys that parse and match, hosts): the records that do not are listed. A keypair whose key is already stored is
linked, not copied. Members of the tar that hold nothing imported (authorized_keys files,
directories...) are listed. With --secret-file and a tar that holds its own seed, the file
given is used (the output says which seed decrypted). The configuration is at most
${formatLimit(INPUT_LIMITS.trueNasConfig.maxBytes)}; the seed file at most ${formatLimit(INPUT_LIMITS.seed.maxBytes)}.

Examples:
  nasconsole import truenas truenas-config.tar
  nasconsole import truenas freenas-v1.db --secret-file pwenc_secret --rename --json`,
    )
    .action(async (file: string, options: { secretFile?: string; rename?: boolean; skipInvalid?: boolean }, command: Command) => {
      const bytes = await readBoundedInput(file, INPUT_LIMITS.trueNasConfig);
      const seed = options.secretFile ? readBoundedFile(options.secretFile, INPUT_LIMITS.seed) : undefined;
      const known = new Set(providers.map((provider) => provider.id));
      await withStore(command, async ({ store }, { json }) => {
        const report = await importTrueNas(store, bytes, { seed, rename: options.rename, skipInvalid: options.skipInvalid, isKnownProvider: (id) => known.has(id) });
        emit(json ?? false, report, () => reportText(report));
      });
    });
}

function reportText(report: ImportReport): string {
  // A pool key comes from a key file or a dataset; a record may have been renamed.
  const origin = (entry: { kind: string; name: string; from: string }) =>
    entry.kind === 'pool key' ? ` (from ${printable(entry.from)})` : entry.name !== entry.from ? ` (was ${printable(entry.from)})` : '';
  const nameTaken = report.skipped.some((entry) => entry.reason === NAME_TAKEN);
  return [
    `Imported ${report.imported.length}, linked ${report.linked.length}, skipped ${report.skipped.length}. Seed: ${report.seed === 'archive' ? "the archive's pwenc_secret" : 'the --secret-file'}.`,
    ...report.imported.map((entry) => `  imported ${entry.kind} ${printable(entry.name)}${origin(entry)}`),
    ...report.linked.map((entry) => `  linked ${entry.kind} ${printable(entry.from)} to the stored ${printable(entry.name)} (the same key)`),
    ...report.skipped.map((entry) => `  skipped ${entry.kind} ${printable(entry.name)}: ${printable(entry.reason)}`),
    ...(report.ignoredMembers.length ? [`  ignored in the archive: ${report.ignoredMembers.map(printable).join(', ')}`] : []),
    ...report.notes.map((note) => `  note: ${note}`),
    ...(nameTaken ? ['Add --rename to import the records whose name exists under a new name.'] : []),
  ].join('\n');
}
