import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { validatePoolKeys } from '../../engine/store/index.js';
import { withStore } from '../context.js';
import { limitOf, readTextInput } from '../inputs.js';
import { emit, table } from '../output.js';

export function registerPoolKeyCommands(program: Command): void {
  const poolKeys = program.command('pool-keys').description('encryption keys of encrypted pools and datasets');
  poolKeys
    .command('import')
    .description('import keys from a JSON file {"pool/dataset": "64 hex characters"}')
    .argument('<file>', `the JSON file, or - for stdin (${limitOf('poolKeys')})`)
    .addHelpText('after', '\nExample:\n  nasconsole pool-keys import keys.json')
    .action(async (file: string, _options: unknown, command: Command) => {
      const text = await readTextInput(file, 'poolKeys');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new UserError(`${file === '-' ? 'stdin' : file} is not valid JSON.`); // not the parser's message: it would quote a key
      }
      const keys = validatePoolKeys(parsed);
      await withStore(command, ({ store }, { json }) => {
        store.poolKeys.import(keys);
        emit(json ?? false, { imported: keys.map((k) => k.dataset) }, () => `Imported ${keys.length} pool key(s).`);
      });
    });
  poolKeys
    .command('list')
    .description('list the datasets that have a stored key (names only unless --reveal)')
    .option('--reveal', 'also print the keys')
    .action(async (options: { reveal?: boolean }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const rows = options.reveal ? store.poolKeys.list() : store.poolKeys.names().map((dataset) => ({ dataset }));
        emit(json ?? false, rows, () => (rows.length ? table(rows.map((row) => Object.values(row))) : 'No pool keys.'));
      });
    });
}
