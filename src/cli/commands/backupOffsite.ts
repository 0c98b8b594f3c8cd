import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import {
  addDestination,
  addRecipient,
  DEFAULT_DESTINATION_KEEP,
  DESTINATION_KINDS,
  generateRecipient,
  listDestinations,
  listRecipients,
  MAX_DESTINATION_KEEP,
  removeDestination,
  removeRecipient,
  testDestination,
} from '../../engine/offsite/index.js';
import { withStore } from '../context.js';
import { emit, table } from '../output.js';
import { lastPushText } from '../pushOutcomes.js';

const NO_RECIPIENT_NOTE = 'There is no age recipient: nothing is pushed until there is one (nasconsole backup keygen, or backup recipient add).';

/** `backup destination ...`, `backup recipient ...` and `backup keygen`: where backups go, and to whom they are encrypted. */
export function registerOffsiteCommands(backup: Command): void {
  registerDestinationCommands(backup);
  registerRecipientCommands(backup);
  backup
    .command('keygen')
    .description('make an age identity: its recipient is stored, the identity is printed once, for you to keep off this machine')
    .option('--label <text>', 'a note kept with the recipient (where the identity is kept)')
    .addHelpText(
      'after',
      `
The identity (AGE-SECRET-KEY-1...) is printed on stdout as age-keygen writes it, and never
stored: whoever holds it can decrypt every backup pushed from now on, and without it none
can be restored. Keep it on paper or in a password manager, not on this machine.

Examples:
  nasconsole backup keygen > /media/usb0/nas-backup-identity.txt
  nasconsole backup keygen --label "in the office safe"`,
    )
    .action(async (options: { label?: string }, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const generated = await generateRecipient(store, options.label);
        emit(json ?? false, { recipient: generated.recipient, identity: generated.identity, identityFile: generated.identityFile }, () => generated.identityFile.trimEnd());
        // For the person at the terminal, beside what may be redirected to a file; scripts have the JSON.
        if (!json) {
          process.stderr.write(
            `Stored the recipient ${generated.recipient.recipient}. The identity above is not stored and is shown only once: keep it off this machine; it is the only way to decrypt the pushed backups.\n`,
          );
        }
      });
    });
}

function registerDestinationCommands(backup: Command): void {
  const destination = backup.command('destination').description('where daily backups also go: a cloud credential or an SSH connection, and a path there');

  destination
    .command('add')
    .description('add a destination: a stored cloud credential (any provider rclone can write to) or SSH connection (SFTP), and a path')
    .argument('<name>', 'a name for the destination')
    .option('--cloud <credential>', 'the cloud credential to push with')
    .option('--ssh <connection>', 'the SSH connection to push over (SFTP, its pinned host key and keypair)')
    .option('--path <path>', `where: ${DESTINATION_KINDS.cloud.pathForm} with --cloud; ${DESTINATION_KINDS.ssh.pathForm} with --ssh`)
    .option('--keep <n>', `how many of this machine's backups to keep there (1-${MAX_DESTINATION_KEEP})`, String(DEFAULT_DESTINATION_KEEP))
    .addHelpText(
      'after',
      `
Only this machine's backups (named <host>-nasconsole-<time>.tar.age) beyond the newest N are
ever removed there; other files are left alone.

Examples:
  nasconsole backup destination add offsite --cloud b2-backups --path nas-bucket/config
  nasconsole backup destination add other-nas --ssh backup-nas --path /srv/backups/nas1 --keep 14`,
    )
    .action(async (name: string, options: { cloud?: string; ssh?: string; path?: string; keep: string }, command: Command) => {
      if (Boolean(options.cloud) === Boolean(options.ssh)) throw new UserError('Give either --cloud CREDENTIAL or --ssh CONNECTION.', 2);
      if (options.path === undefined) throw new UserError('Give the --path on the destination.', 2);
      const keep = Number(options.keep);
      await withStore(command, ({ store }, { json }) => {
        const added = addDestination(store, { name, kind: options.cloud ? 'cloud' : 'ssh', via: (options.cloud ?? options.ssh)!, path: options.path!, keep });
        const noRecipient = listRecipients(store).length === 0;
        emit(json ?? false, added, () =>
          [
            `Added destination ${printable(added.name)}: ${added.viaKind} ${printable(added.via)}, ${printable(added.path)}, keeping ${added.keep}.`,
            `Check it with: nasconsole backup destination test ${printable(added.name)}`,
            noRecipient ? NO_RECIPIENT_NOTE : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  destination
    .command('list')
    .description('list destinations with their last push (when, OK or the error)')
    .addHelpText('after', '\nExample:\n  nasconsole backup destination list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const destinations = listDestinations(store);
        const noRecipient = destinations.length > 0 && listRecipients(store).length === 0;
        emit(json ?? false, destinations, () =>
          destinations.length
            ? [
                table([
                  ['NAME', 'VIA', 'PATH', 'KEEP', 'LAST PUSH'],
                  ...destinations.map((d) => [printable(d.name), `${d.kind} ${printable(d.via)}`, printable(d.path), String(d.keep), lastPushText(d.lastPush)]),
                ]),
                ...(noRecipient ? [NO_RECIPIENT_NOTE] : []),
              ].join('\n')
            : 'No backup destinations.',
        );
      });
    });

  destination
    .command('test')
    .description('write, read back and remove a small file there, and count the backups there; nothing is pushed')
    .argument('<name>', 'the destination')
    .addHelpText('after', '\nExample:\n  nasconsole backup destination test offsite')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const outcome = await testDestination(store, name);
        emit(json ?? false, outcome, () => `${printable(outcome.destination)} (${printable(outcome.label)}) can take backups: ${outcome.backups} there now, ${outcome.elapsedMs} ms.`);
      });
    });

  destination
    .command('remove')
    .description('remove a destination (what was pushed there stays there)')
    .argument('<name>', 'the destination')
    .addHelpText('after', '\nExample:\n  nasconsole backup destination remove offsite')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const removed = removeDestination(store, name);
        emit(json ?? false, removed, () => `Removed destination ${printable(removed.name)}; the backups pushed there stay there.`);
      });
    });
}

function registerRecipientCommands(backup: Command): void {
  const recipient = backup.command('recipient').description('the age recipients (public keys) every pushed backup is encrypted to');

  recipient
    .command('add')
    .description('add an age X25519 recipient (age1..., as age-keygen prints it)')
    .argument('<recipient>', 'age1...')
    .option('--label <text>', 'a note kept with it (whose key, where the identity is kept)')
    .addHelpText('after', '\nExamples:\n  nasconsole backup recipient add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n  age-keygen -y identity.txt | xargs nasconsole backup recipient add')
    .action(async (text: string, options: { label?: string }, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const added = await addRecipient(store, text, options.label);
        emit(json ?? false, added, () => `Added recipient ${added.recipient}: backups pushed from now on are encrypted to it too.`);
      });
    });

  recipient
    .command('list')
    .description('list the recipients')
    .addHelpText('after', '\nExample:\n  nasconsole backup recipient list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const recipients = listRecipients(store);
        emit(json ?? false, recipients, () =>
          recipients.length
            ? table([['RECIPIENT', 'ADDED', 'LABEL'], ...recipients.map((r) => [r.recipient, r.createdAt, printable(r.label ?? '')])])
            : NO_RECIPIENT_NOTE,
        );
      });
    });

  recipient
    .command('remove')
    .description('remove a recipient: later pushes are no longer encrypted to it (earlier ones still are)')
    .argument('<recipient>', 'age1...')
    .addHelpText('after', '\nExample:\n  nasconsole backup recipient remove age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p')
    .action(async (text: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const removed = removeRecipient(store, text);
        emit(json ?? false, removed, () => `Removed recipient ${removed.recipient}.`);
      });
    });
}
