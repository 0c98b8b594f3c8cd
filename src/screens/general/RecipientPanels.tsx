import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { localTime } from '../../engine/formatting.js';
import { addRecipient, generateRecipient, listRecipients, removeRecipient, type BackupRecipient } from '../../engine/offsite/index.js';
import { chunkText, columnsSearchText, displayText, List, listRows, TextLine, useListState, useTheme, withListKeys, wrapText, type FormValues, type ListColumn } from '../../widgets/index.js';
import { FormPanel } from '../kit/index.js';
import { useScreenBindings } from '../screenContract.js';
import type { GeneralPanelProps, GeneralScreen } from './generalScreen.js';
import { RECIPIENT_FIELDS } from './offsiteForms.js';

// The age recipients every push is encrypted to: list, make one (keygen: its identity shown
// once, never stored), add one, remove one.

const NO_RECIPIENTS: BackupRecipient[] = [];
const recipientKey = (recipient: BackupRecipient) => recipient.recipient;
const columns: readonly ListColumn<BackupRecipient>[] = [
  { header: 'Recipient', value: (recipient) => recipient.recipient },
  { header: 'Added', value: (recipient) => localTime(recipient.createdAt), width: 16 },
  { header: 'Label', value: (recipient) => recipient.label ?? '' },
];
const search = columnsSearchText(columns);
/** Rows besides the list: title, and the highlighted recipient whole (it is wider than its column). */
const ROWS_AROUND_LIST = 3;

export function RecipientsView({ screen, active }: GeneralPanelProps<'recipients'>) {
  const { data, modes, size } = screen;
  const recipients = useMemo(() => data.read(listRecipients, NO_RECIPIENTS), [data]);
  const listHeight = Math.max(2, size.rows - ROWS_AROUND_LIST);
  const list = useListState(recipients, listRows(listHeight), recipientKey, { search });
  const remove = () => {
    const recipient = list.current();
    if (recipient) askRemove(screen, recipient.recipient);
  };
  useScreenBindings(withListKeys(list, [
    { keys: 'g', label: 'make one', action: () => makeIdentity(screen) },
    { keys: 'a', label: 'add', action: () => modes.open({ kind: 'add-recipient' }) },
    { keys: 'd', label: 'remove', action: remove, when: recipients.length > 0 },
    { keys: 'Esc', label: 'back', action: modes.back },
  ]), active);
  const highlighted = list.current();
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <TextLine text="Age recipients: every pushed backup is encrypted to all of them" width={size.columns} tone="accent" bold />
      <List
        items={recipients}
        columns={columns}
        width={size.columns}
        height={listHeight}
        isActive={active}
        emptyText="None: nothing will be pushed. g makes an identity, a adds a recipient."
        state={list}
      />
      <TextLine text={highlighted ? highlighted.recipient : ' '} width={size.columns} tone="muted" />
      <Text> </Text>
    </Box>
  );
}

function makeIdentity({ services, task, data, modes }: GeneralScreen): void {
  task.run('Making an age identity...', () => generateRecipient(services.store()), {
    done: (generated) => {
      data.changed();
      modes.open({ kind: 'identity', recipient: generated.recipient.recipient, identityFile: generated.identityFile });
      task.status.success('Made an identity: only its recipient is stored');
    },
  });
}

function askRemove({ task, data, modes }: GeneralScreen, recipient: string): void {
  modes.ask({
    title: 'Remove age recipient',
    message: `Remove ${recipient}? Later pushes are no longer encrypted to it; those already pushed still are.`,
    yesLabel: 'Remove',
    noLabel: 'Keep',
    onYes: () => {
      if (task.attempt(() => void removeRecipient(data.store(), recipient))) task.status.success(`Removed recipient ${recipient}`);
      data.changed();
    },
  });
}

export function AddRecipientForm({ screen, active }: GeneralPanelProps<'add-recipient'>) {
  const { data, modes, size, task } = screen;
  const submit = (values: FormValues) => {
    const label = String(values.label ?? '');
    task.run('Checking the recipient...', () => addRecipient(data.store(), String(values.recipient ?? ''), label || undefined), {
      done: (added) => {
        data.changed();
        modes.back();
        task.status.success(`Added recipient ${added.recipient}: backups pushed from now on are encrypted to it too`);
      },
    });
  };
  return (
    <FormPanel title="Add an age recipient" size={size} isActive={active} fields={RECIPIENT_FIELDS} initialValues={{ recipient: '', label: '' }} submitLabel="Add" onSubmit={submit} onCancel={modes.back} />
  );
}

const IDENTITY_ADVICE =
  'Keep it off this machine: on paper or in a password manager. It is not stored anywhere and is not shown again. ' +
  'Whoever holds it can decrypt every backup pushed from now on; without it, none can be restored.';

/**
 * A new identity, shown this once as age-keygen writes it (so the saved text works with
 * `age -d -i`), in rows of the full width to select and copy. Dismissing it asks first.
 */
export function IdentityView({ screen, panel: { identityFile }, active }: GeneralPanelProps<'identity'>) {
  const { modes, size } = screen;
  const theme = useTheme();
  const dismiss = () => modes.ask({
    title: 'Have you kept the identity?',
    message: 'It is not shown again. Without it, the backups pushed from now on cannot be restored.',
    yesLabel: 'I have kept it',
    noLabel: 'Show it again',
    onYes: modes.back,
  });
  useScreenBindings([{ keys: ['Enter', 'Esc'], label: 'done (asks first)', action: dismiss }], active);
  const advice = wrapText(displayText(IDENTITY_ADVICE, theme.ascii), size.columns, 4);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows} overflow="hidden">
      <TextLine text="Your new age identity: shown once, never stored" width={size.columns} tone="accent" bold />
      {advice.map((line, index) => <Text key={`advice:${index}`} color={theme.colors.warning}>{line}</Text>)}
      <Text> </Text>
      {identityFile.trimEnd().split('\n').flatMap((line) => chunkText(line, size.columns)).map((row, index) => (
        <Text key={`key:${index}`}>{row}</Text>
      ))}
      <Text> </Text>
      <TextLine text="Its recipient is stored: backups pushed from now on are encrypted to it." width={size.columns} tone="muted" />
      <TextLine text="Enter or Esc when you have kept it." width={size.columns} tone="muted" />
    </Box>
  );
}
