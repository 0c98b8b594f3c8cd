import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { refusalReason } from '../../common/errors.js';
import { pushNewestBackup } from '../../engine/backups.js';
import { checkCell, checkLine, localTime, PUSH_WORDING } from '../../engine/formatting.js';
import { listConnections } from '../../engine/keychain/connections.js';
import {
  addDestination,
  listDestinations,
  listRecipients,
  listRemoteBackups,
  removeDestination,
  testDestination,
  type DestinationSummary,
  type PushOutcome,
} from '../../engine/offsite/index.js';
import { columnsSearchText, List, listRows, TextLine, useListState, withListKeys, wrapText, type FormValues, type ListColumn } from '../../widgets/index.js';
import { FormPanel, userMessage } from '../kit/index.js';
import { useScreenBindings } from '../screenContract.js';
import { remoteOptions, type GeneralPanelProps, type GeneralScreen } from './generalScreen.js';
import { DESTINATION_VALUES, destinationFields, destinationInput, destinationMessages, pushProgressText, viaChoices } from './offsiteForms.js';

// Backups off the box: the destinations with their last push, push now, test, restore from
// one, add and remove; the recipients are a panel of their own (RecipientPanels.tsx).

const NO_DESTINATIONS: DestinationSummary[] = [];
const destinationKey = (destination: DestinationSummary) => destination.name;
const columns: readonly ListColumn<DestinationSummary>[] = [
  { header: 'Name', value: (destination) => destination.name },
  { header: 'Push with', value: (destination) => `${destination.kind} ${destination.via}` },
  { header: 'Path', value: (destination) => destination.path },
  { header: 'Keep', value: (destination) => String(destination.keep), width: 4, align: 'right' },
  { header: 'Last push', value: (destination) => checkCell(destination.lastPush, PUSH_WORDING), width: 18 },
];
const search = columnsSearchText(columns);
/** Rows of the view besides its list: title, recipients, and the highlighted one: where (1), its last push (2). */
const ROWS_AROUND_LIST = 5;

export function OffsiteView({ screen, active }: GeneralPanelProps<'offsite'>) {
  const { data, modes, size, task } = screen;
  const destinations = useMemo(() => data.read(listDestinations, NO_DESTINATIONS), [data]);
  const recipients = useMemo(() => data.read((store) => listRecipients(store).length, 0), [data]);
  const listHeight = Math.max(2, size.rows - ROWS_AROUND_LIST);
  const list = useListState(destinations, listRows(listHeight), destinationKey, { search });
  const onRow = (act: (destination: DestinationSummary) => void) => () => {
    const destination = list.current();
    if (destination) act(destination);
    else task.status.warning('There is no backup destination yet: a adds one.');
  };
  useScreenBindings(withListKeys(list, [
    { keys: 'p', label: 'push now', action: () => pushNow(screen) },
    { keys: 'P', label: 'push now to the highlighted destination only', footer: false, action: onRow((destination) => pushNow(screen, destination.name)) },
    { keys: 'a', label: 'add', action: () => modes.open({ kind: 'add-destination' }) },
    { keys: 'd', label: 'remove', action: onRow((destination) => askRemove(screen, destination.name)) },
    { keys: 'r', label: 'restore', action: onRow((destination) => openRemote(screen, destination.name)) },
    { keys: 't', label: 'test', action: onRow((destination) => test(screen, destination.name)) },
    { keys: 'k', label: 'recipients', action: () => modes.open({ kind: 'recipients' }) },
    { keys: 'Esc', label: 'back', action: modes.back },
  ]), active);
  const highlighted = list.current();
  const where = highlighted ? `${highlighted.viaKind} ${highlighted.via}: ${highlighted.path}, keeping ${highlighted.keep}` : ' ';
  const last = highlighted ? wrapText(`Last push: ${checkLine(highlighted.lastPush, PUSH_WORDING)}`, size.columns, 2) : [];
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <TextLine text="Backups off the box: each daily backup is also pushed, encrypted, to these" width={size.columns} tone="accent" bold />
      {recipients === 0
        ? <TextLine text="No age recipient: nothing will be pushed. k: make one or add one." width={size.columns} tone="warning" />
        : <TextLine text={`Encrypted to ${recipients} age recipient(s) (k shows them), never in plain text.`} width={size.columns} tone="muted" />}
      <List items={destinations} columns={columns} width={size.columns} height={listHeight} isActive={active} emptyText="No destination yet: a adds one." state={list} />
      <TextLine text={where} width={size.columns} />
      {last.map((line, index) => <TextLine key={index} text={line} width={size.columns} />)}
      {last.length < 2 ? <Text> </Text> : null}
    </Box>
  );
}

/** The newest daily backup (made first when the day's is due) to every destination or one, with its progress on the spinner. */
function pushNow({ services, task, data }: GeneralScreen, destination?: string): void {
  task.run('Pushing the newest daily backup...', (signal) => pushNewestBackup(services.store(), services.paths, {
    ...(destination ? { destination } : {}),
    ...remoteOptions(services, signal),
    onProgress: (progress) => task.status.busy(pushProgressText(progress)),
  }), {
    cancellable: true,
    done: (push) => {
      data.changed();
      if (push.created) services.backupMade();
      const failed = push.pushes.filter((outcome) => !outcome.ok);
      // What is pushed is the day's backup: say when it was made (changes since are in the next one).
      const made = push.created ? 'just now' : localTime(push.backup.createdAt);
      if (failed.length === 0) task.status.success(`Pushed the daily backup made ${made} to ${push.pushes.map((outcome) => outcome.destination).join(', ')}`);
      else task.status.error(failureLine(failed, push.pushes.length));
    },
    failed: (error) => {
      // Nothing left the machine: no recipient to encrypt to, or nowhere to push.
      if (refusalReason(error) === 'recipient-required') task.status.error(`Nothing was pushed. ${userMessage(error).replace(/\.$/, '')}: k.`);
    },
  });
}

function failureLine(failed: readonly PushOutcome[], total: number): string {
  const [first] = failed;
  if (failed.length === 1 && first) return `The push to ${first.destination} failed: ${first.message}`;
  return `${failed.length} of ${total} pushes failed: ${failed.map((outcome) => `${outcome.destination}: ${outcome.message}`).join('; ')}`;
}

function test({ services, task }: GeneralScreen, name: string): void {
  task.run(`Testing ${name}...`, (signal) => testDestination(services.store(), name, remoteOptions(services, signal)), {
    cancellable: true,
    done: (outcome) => task.status.success(`${outcome.destination} (${outcome.label}) can take backups: ${outcome.backups} there now`),
  });
}

function openRemote({ services, task, modes }: GeneralScreen, name: string): void {
  task.run(`Listing the backups on ${name}...`, (signal) => listRemoteBackups(services.store(), name, remoteOptions(services, signal)), {
    cancellable: true,
    done: (backups) => modes.open({ kind: 'remote', destination: name, backups }),
  });
}

function askRemove({ task, data, modes }: GeneralScreen, name: string): void {
  modes.ask({
    title: 'Remove backup destination',
    message: `Remove the destination "${name}"? Nothing more is pushed there; what was pushed stays there.`,
    yesLabel: 'Remove',
    noLabel: 'Keep',
    onYes: () => {
      if (task.attempt(() => void removeDestination(data.store(), name))) task.status.success(`Removed destination ${name}; the backups pushed there stay there`);
      data.changed();
    },
  });
}

export function AddDestinationForm({ screen, active }: GeneralPanelProps<'add-destination'>) {
  const { data, modes, size, task } = screen;
  const vias = useMemo(() => data.read((store) => viaChoices(store.cloudCredentials.list(), listConnections(store)), []), [data]);
  const submit = (values: FormValues) => {
    let added: DestinationSummary | undefined;
    if (!task.attempt(() => void (added = addDestination(data.store(), destinationInput(vias, values))))) return;
    data.changed();
    modes.back();
    const next = listRecipients(data.store()).length ? 'p pushes now, t tests it' : 'no age recipient yet: nothing is pushed until there is one (k)';
    task.status.success(`Added destination ${added!.name}: ${added!.viaKind} ${added!.via}, ${added!.path}, keeping ${added!.keep}; ${next}`);
  };
  return (
    <FormPanel
      title="Add a backup destination"
      size={size}
      isActive={active}
      fields={(values) => destinationFields(vias, values)}
      initialValues={DESTINATION_VALUES}
      messages={destinationMessages(vias)}
      submitLabel="Add"
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}
