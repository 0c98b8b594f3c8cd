import React, { useCallback, useState } from 'react';
import {
  acceptHostKey,
  connectionDetails,
  deleteConnection,
  editConnection,
  listConnections,
  testConnectionRecord,
  type ConnectionSummary,
  type ConnectionTestOutcome,
} from '../../engine/keychain/connections.js';
import { checkCell, TEST_WORDING } from '../../engine/formatting.js';
import { HostKeyMismatchError } from '../../engine/ssh/index.js';
import type { Binding, FormValues, ListColumn } from '../../widgets/index.js';
import { FormPanel, recordScreen, useShownRecord } from '../kit/index.js';
import { useScreenBindings, useScreenKeys } from '../screenContract.js';
import { AddConnectionForm } from './AddConnectionForm.js';
import { connectionMessages, editChange, editConnectionFields, editValues } from './connectionForms.js';
import { useKeypairs, type Panel, type PanelOf, type Screen } from './connectionScreen.js';
import { ConnectionDetailsView, HostKeyMismatchView } from './ConnectionPanels.js';

const columns: readonly ListColumn<ConnectionSummary>[] = [
  { header: 'Name', value: (connection) => connection.name },
  { header: 'Host', value: (connection) => `${connection.host}:${connection.port}` },
  { header: 'User', value: (connection) => connection.username, width: 12 },
  { header: 'Last test', value: (connection) => checkCell(connection.lastCheck, TEST_WORDING), width: 18 },
];

/** SSH Connections: list with last test result, add (semi-automatic through TrueNAS or SSH, or manual), view, edit, test, delete. */
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
  task.run(`Testing ${name}: logging in with its key...`, (signal) => testConnectionRecord(data.store(), id, { signal }), {
    cancellable: true,
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
