import type { Command } from 'commander';
import { printable } from '../../common/printable.js';
import { connectionDetails, connectionKnownHosts, deleteConnection, listConnections, testConnectionRecord, type ConnectionDetails } from '../../engine/keychain/connections.js';
import { checkLine, TEST_WORDING } from '../../engine/formatting.js';
import { withStore } from '../context.js';
import { emit, table } from '../output.js';
import { registerConnectionAdd } from './connectionAdd.js';

export function registerConnectionCommands(program: Command): void {
  const connection = program
    .command('connection')
    .description('SSH connections to other machines: add (semi-automatic or manual), test, show, delete')
    .addHelpText('after', '\nExamples:\n  nasconsole connection list\n  nasconsole connection test nas2 --json');

  connection
    .command('list')
    .description('list connections: name, host, user, last test result')
    .addHelpText('after', '\nExample:\n  nasconsole connection list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const connections = listConnections(store);
        emit(json ?? false, connections, () =>
          connections.length
            ? table([
                ['NAME', 'HOST', 'USER', 'KEYPAIR', 'LAST TEST'],
                ...connections.map((c) => [c.name, `${c.host}:${c.port}`, c.username, c.keypairName ?? '(missing)', checkLine(c.lastCheck, TEST_WORDING)]),
              ])
            : 'No SSH connections.',
        );
      });
    });

  registerConnectionAdd(connection);

  connection
    .command('test')
    .description('log in with the stored key and check the host key against the stored one')
    .argument('<name>', 'the connection')
    .option('--accept-new-host-key', 'if the host key changed, store the new one (only if you know why it changed)')
    .addHelpText(
      'after',
      `
Exit code 1 when the test fails; a changed host key fails loudly with the old and new
fingerprints (possibly a man-in-the-middle attack).

Examples:
  nasconsole connection test nas2
  nasconsole connection test nas2 --accept-new-host-key --json`,
    )
    .action(async (name: string, options: { acceptNewHostKey?: boolean }, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const outcome = await testConnectionRecord(store, name, { acceptNewHostKey: Boolean(options.acceptNewHostKey) });
        emit(json ?? false, { ok: true, ...outcome }, () =>
          [
            outcome.acceptedHostKey ? `Accepted the new host key ${outcome.acceptedHostKey.type} ${outcome.acceptedHostKey.fingerprint}.` : '',
            `${outcome.name}: OK (${outcome.serverSoftware}, host key ${outcome.hostKeyType} ${outcome.fingerprint}, ${outcome.elapsedMs} ms)`,
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  connection
    .command('show')
    .description('host, port, user, keypair, host key fingerprints and last test of a connection')
    .argument('<name>', 'the connection')
    .addHelpText('after', '\nExample:\n  nasconsole connection show nas2 --json')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const details = connectionDetails(store, name);
        emit(json ?? false, details, () => showText(details));
      });
    });

  connection
    .command('known-hosts')
    .description('print the stored host keys as known_hosts lines that OpenSSH accepts (all connections, or one)')
    .argument('[name]', 'the connection (all when absent)')
    .addHelpText(
      'after',
      `
Each line is "host key" for port 22 and "[host]:port key" otherwise, as ssh looks them up.

Examples:
  nasconsole connection known-hosts nas2 >> ~/.ssh/known_hosts
  nasconsole connection known-hosts > nas.known_hosts
  ssh -o UserKnownHostsFile=nas.known_hosts -o StrictHostKeyChecking=yes root@nas2.lan`,
    )
    .action(async (name: string | undefined, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const known = connectionKnownHosts(store, name);
        emit(json ?? false, known, () => known.flatMap((entry) => entry.lines.map(printable)).join('\n'));
      });
    });

  connection
    .command('delete')
    .description('delete a connection (its keypair stays)')
    .argument('<name>', 'the connection')
    .addHelpText('after', '\nExample:\n  nasconsole connection delete nas2')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const deleted = deleteConnection(store, name);
        emit(json ?? false, { deleted: deleted.name }, () => `Deleted SSH connection ${deleted.name}.`);
      });
    });
}

function showText(details: ConnectionDetails): string {
  return table([
    ['Name:', details.name],
    ['Host:', `${details.host}:${details.port}`],
    ['Username:', details.username],
    ['Keypair:', details.keypairName ?? `(missing: id ${details.keypairId ?? '?'})`],
    ['Connect timeout:', `${details.connectTimeout} s`],
    ...details.hostKeys.map((key, index) => [index === 0 ? 'Host keys:' : '', `${key.type} ${key.fingerprint}`]),
    ['Last test:', checkLine(details.lastCheck, TEST_WORDING)],
  ]);
}
