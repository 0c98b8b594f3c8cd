import React, { useCallback, useMemo, useState } from 'react';
import { Box } from 'ink';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import {
  acceptHostKey,
  addManualConnection,
  addSemiAutomaticConnection,
  connectionDetails,
  deleteConnection,
  discoverConnectionHostKeys,
  editConnection,
  listConnections,
  testConnectionRecord,
  type ConnectionAdded,
  type ConnectionSummary,
  type ConnectionTestOutcome,
} from '../../engine/keychain/connections.js';
import { listKeypairs, type KeypairSummary } from '../../engine/keychain/keypairs.js';
import { checkNewKeychainName } from '../../engine/keychain/records.js';
import { checkCell, TEST_WORDING } from '../../engine/formatting.js';
import { formatRemoteHostKey, HostKeyMismatchError, type HostKey } from '../../engine/ssh/index.js';
import type { Binding, FormValues, ListColumn } from '../../widgets/index.js';
import { FormPanel, recordScreen, useShownRecord, type PanelProps, type RecordScreenState } from '../kit/index.js';
import { useScreenBindings, useScreenKeys } from '../screenContract.js';
import {
  ADD_CONNECTION_VALUES,
  addConnectionFields,
  connectionMessages,
  editChange,
  editConnectionFields,
  editValues,
  formTarget,
  manualInput,
  semiAutomaticInput,
} from './connectionForms.js';
import { ConnectionDetailsView, HostKeyConfirmView, HostKeyMismatchView, type HostKeyMismatch } from './ConnectionPanels.js';

type Panel =
  | { readonly kind: 'add' }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'edit'; readonly id: number }
  | { readonly kind: 'mismatch'; readonly id: number; readonly name: string; readonly mismatch: HostKeyMismatch };
type Screen = RecordScreenState<ConnectionSummary, Panel>;
type PanelOf<K extends Panel['kind']> = PanelProps<Extract<Panel, { readonly kind: K }>, Screen>;

const NO_KEYPAIRS: KeypairSummary[] = [];

const columns: readonly ListColumn<ConnectionSummary>[] = [
  { header: 'Name', value: (connection) => connection.name },
  { header: 'Host', value: (connection) => `${connection.host}:${connection.port}` },
  { header: 'User', value: (connection) => connection.username, width: 12 },
  { header: 'Last test', value: (connection) => checkCell(connection.lastCheck, TEST_WORDING), width: 18 },
];

/** SSH Connections: list with last test result, add (semi-automatic or manual), view, edit, test, delete. */
export const SshConnections = recordScreen<ConnectionSummary, Panel>({
  load: listConnections,
  getKey: (connection) => String(connection.id),
  columns,
  emptyText: 'No SSH connections yet: press a to add one.',
  bindings: (screen) => [
    { keys: 'a', label: 'add', action: () => screen.modes.open({ kind: 'add' }) },
    { keys: 'Enter', label: 'view', action: screen.onRow((connection) => screen.modes.open({ kind: 'view', id: connection.id })) },
    ...connectionActions(screen, screen.onRow),
  ],
  panels: { add: AddConnectionForm, view: ConnectionView, edit: EditConnectionForm, mismatch: MismatchPanel },
});

/** What can be done to one connection, from the list (the highlighted row) or from its view. */
function connectionActions(screen: Screen, on: (act: (connection: { id: number; name: string }) => void) => () => void): Binding[] {
  const { modes, task, data } = screen;
  return [
    { keys: 'v', label: 'test', action: on((connection) => runTest(screen, connection.id, connection.name)) },
    { keys: 'e', label: 'edit', action: on((connection) => modes.open({ kind: 'edit', id: connection.id })) },
    {
      keys: 'd',
      label: 'delete',
      action: on((connection) => {
        const summary = screen.records.find((record) => record.id === connection.id);
        if (!summary) return;
        modes.ask({
          title: 'Delete SSH connection',
          message: `Delete "${summary.name}" (${summary.username}@${summary.host}:${summary.port})?\nIts keypair ${summary.keypairName ?? ''} stays in SSH Keypairs.`,
          yesLabel: 'Delete',
          noLabel: 'Keep',
          onYes: () => {
            modes.home();
            task.attempt(() => task.status.success(`Deleted SSH connection ${deleteConnection(data.store(), summary.id).name}`));
            data.changed();
          },
        });
      }),
    },
  ];
}

function runTest({ task, data, modes }: Screen, id: number, name: string): void {
  task.run(`Testing ${name}: logging in with its key...`, () => testConnectionRecord(data.store(), id), {
    done: (outcome) => {
      data.changed();
      task.status.success(testedText(outcome));
    },
    failed: (error) => {
      data.changed();
      if (error instanceof HostKeyMismatchError) {
        const { host, port, storedFingerprints, offered } = error;
        modes.open({ kind: 'mismatch', id, name, mismatch: { host, port, storedFingerprints, offered } });
      }
    },
  });
}

function testedText(outcome: ConnectionTestOutcome): string {
  return `${outcome.name}: OK (${outcome.serverSoftware}, host key ${outcome.fingerprint}, ${outcome.elapsedMs} ms)`;
}

function ConnectionView({ screen, panel: { id }, active }: PanelOf<'view'>) {
  const connection = useShownRecord(screen, useCallback((store) => connectionDetails(store, id), [id]));
  const { modes, size } = screen;
  useScreenBindings([...connectionActions(screen, (act) => () => connection && act(connection)), { keys: 'Esc', label: 'back', action: modes.back }], active);
  return connection ? <ConnectionDetailsView connection={connection} width={size.columns} height={size.rows} /> : null;
}

function MismatchPanel({ screen, active, panel: { id, name, mismatch } }: PanelOf<'mismatch'>) {
  const { task, data, modes, size } = screen;
  useScreenKeys([], active); // the question reads its own keys
  const answer = (accept: boolean) => {
    modes.back();
    if (!accept) return task.status.warning(`Kept the old host key of ${name}; the connection stays failed until the key is sorted out.`);
    task.run(`Storing the new host key of ${name} and testing again...`, async () => {
      acceptHostKey(data.store(), id, mismatch.offered);
      return testConnectionRecord(data.store(), id);
    }, {
      done: (outcome) => {
        data.changed();
        task.status.success(`New host key ${mismatch.offered.fingerprint} accepted. ${testedText(outcome)}`);
      },
      failed: () => data.changed(),
    });
  };
  return <HostKeyMismatchView name={name} mismatch={mismatch} width={size.columns} height={size.rows} isActive={active} onAnswer={answer} />;
}

function useKeypairs(screen: Screen): KeypairSummary[] {
  const { data } = screen;
  return useMemo(() => data.read(listKeypairs, NO_KEYPAIRS), [data]);
}

function AddConnectionForm({ screen, active }: PanelOf<'add'>) {
  const { task, data, modes, list, size } = screen;
  const keypairs = useKeypairs(screen);
  /** Host keys a server offered for the connection in the form, awaiting the user's yes. */
  const [discovered, setDiscovered] = useState<{ hostKeys: HostKey[]; values: FormValues } | null>(null);
  useScreenKeys([], active && discovered !== null);

  const added = (result: ConnectionAdded, how: string) => {
    data.changed();
    list.selectKey(String(result.connection.id));
    modes.back();
    const keypair = result.keypairCreated ? `, new keypair ${result.keypairCreated.name}` : '';
    task.status.success(`Added ${result.connection.name}: ${how}${keypair}`);
  };
  const submit = (values: FormValues) => {
    const name = String(values.name ?? '').trim();
    const target = formTarget(values);
    const pasted = String(values.remoteHostKey ?? '').trim();
    if (values.method === 'manual' && pasted) {
      task.run(`Saving ${name}...`, () => addManualConnection(data.store(), manualInput(values, pasted)), { done: (result) => added(result, 'saved (test it with v)') });
      return;
    }
    // Semi-automatic, or manual without pasted keys: the host keys are confirmed first (for a
    // semi-automatic setup, before the password goes to the server).
    if (!task.attempt(() => checkNewKeychainName(data.store(), name, 'SSH connection'))) return;
    task.run(`Asking ${target} for its host keys...`, () => discoverConnectionHostKeys(manualInput(values, '')), {
      done: (hostKeys) => {
        setDiscovered({ hostKeys, values });
        task.status.info(`${target} offers ${hostKeys.length} host key(s): compare the fingerprints before you go on.`);
      },
    });
  };
  const answerDiscovered = (yes: boolean) => {
    const offer = discovered;
    setDiscovered(null);
    if (!yes || !offer) return task.status.info('Host keys not trusted: nothing was sent or stored.');
    const { values } = offer;
    const name = String(values.name ?? '').trim();
    if (values.method !== 'manual') {
      const otp = String(values.otp ?? '');
      const onPrompt = async (prompt: string) => {
        if (otp) return otp;
        throw new UserError(`The server asks "${printable(prompt)}" at login: fill in One-time password and save again.`);
      };
      const hostKeyTrust = { fingerprints: offer.hostKeys.map((key) => key.fingerprint) };
      task.run(`Setting up ${name}: logging in to ${formTarget(values)} to install the key...`, () => addSemiAutomaticConnection(data.store(), { ...semiAutomaticInput(values, onPrompt), hostKeyTrust }), {
        done: (result) => added(result, `key ${result.keyAdded === false ? 'was already installed' : 'installed'}, key login verified`),
      });
      return;
    }
    task.run(`Saving ${name}...`, () => addManualConnection(data.store(), manualInput(values, formatRemoteHostKey(offer.hostKeys))), {
      done: (result) => added(result, 'saved with the confirmed host keys (test it with v)'),
    });
  };

  // The form stays mounted under the host key question, so "back to the form" keeps what was typed.
  return (
    <>
      <Box display={discovered ? 'none' : 'flex'} flexDirection="column" width={size.columns} height={size.rows}>
        <FormPanel
          title="Add SSH connection"
          size={size}
          isActive={active && !discovered}
          formKeys={{ reveal: true, multiline: true }}
          fields={(values) => addConnectionFields(values, keypairs)}
          initialValues={ADD_CONNECTION_VALUES}
          messages={connectionMessages}
          submitLabel={(values) => (values.method === 'manual' ? 'Save' : 'Set up and save')}
          onSubmit={submit}
          onCancel={modes.back}
        />
      </Box>
      {discovered ? (
        <HostKeyConfirmView target={formTarget(discovered.values)} hostKeys={discovered.hostKeys} width={size.columns} height={size.rows} isActive={active} onAnswer={answerDiscovered} />
      ) : null}
    </>
  );
}

function EditConnectionForm({ screen, panel: { id }, active }: PanelOf<'edit'>) {
  const connection = useShownRecord(screen, useCallback((store) => connectionDetails(store, id), [id]));
  const keypairs = useKeypairs(screen);
  const { data, modes } = screen;
  // What the form started from, kept: a reload meanwhile must not make typed values look unchanged.
  const [initial] = useState(() => (connection ? editValues(connection) : {}));
  if (!connection) return null;
  const submit = (values: FormValues) => screen.finish(() => `Saved ${editConnection(data.store(), id, editChange(values, initial)).name} (test it with v)`);
  return (
    <FormPanel
      title={`Edit SSH connection ${connection.name}`}
      size={screen.size}
      isActive={active}
      formKeys={{ reveal: true, multiline: true }}
      fields={editConnectionFields(keypairs)}
      initialValues={initial}
      messages={connectionMessages}
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}
