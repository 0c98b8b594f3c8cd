import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { UserError } from '../common/errors.js';
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
  type ConnectionDetails,
  type ConnectionSummary,
  type ConnectionTestOutcome,
} from '../engine/keychain/connections.js';
import { listKeypairs, type KeypairSummary } from '../engine/keychain/keypairs.js';
import { checkNewKeychainName } from '../engine/keychain/records.js';
import { formatRemoteHostKey, HostKeyMismatchError, type HostKey } from '../engine/ssh/index.js';
import { printable } from '../engine/ssh/sshSession.js';
import { WithConfirmBelow } from '../widgets/WithConfirmBelow.js';
import { Form } from '../widgets/Form.js';
import type { FormValues } from '../widgets/formTypes.js';
import { formKeyHints, listKeyHints, type KeyHint } from '../widgets/keyHints.js';
import { plainLetter, type KeyPress } from '../widgets/keys.js';
import { List } from '../widgets/List.js';
import { displayText, fitText } from '../widgets/text.js';
import { useTheme } from '../widgets/theme.js';
import { useKeys } from '../widgets/use-keys.js';
import {
  ADD_CONNECTION_VALUES,
  addConnectionFields,
  connectionMessages,
  editChange,
  editConnectionFields,
  editValues,
  manualInput,
  semiAutomaticInput,
} from './ssh/connectionForms.js';
import { ConnectionDetailsView, HostKeyConfirmView, HostKeyMismatchView, type HostKeyMismatch } from './ssh/ConnectionPanels.js';
import { lastTestText } from './ssh/format.js';
import { useStoreData } from './ssh/useStoreData.js';
import { useTasks } from './ssh/useTask.js';
import { useScreenDirty, useScreenKeys, type ScreenProps } from './types.js';

type From = 'list' | 'view';
type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'add' }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'edit'; readonly id: number; readonly from: From }
  | { readonly kind: 'delete'; readonly connection: ConnectionSummary }
  | { readonly kind: 'mismatch'; readonly id: number; readonly name: string; readonly mismatch: HostKeyMismatch; readonly from: From };

const LIST: Mode = { kind: 'list' };
const NO_CONNECTIONS: ConnectionSummary[] = [];
const NO_KEYPAIRS: KeypairSummary[] = [];

const listHints: KeyHint[] = [
  { keys: 'a', label: 'add' },
  { keys: 'Enter', label: 'view' },
  { keys: 'v', label: 'test' },
  { keys: 'e', label: 'edit' },
  { keys: 'd', label: 'delete' },
  ...listKeyHints,
];
const viewHints: KeyHint[] = [
  { keys: 'v', label: 'test' },
  { keys: 'e', label: 'edit' },
  { keys: 'd', label: 'delete' },
  { keys: 'Esc', label: 'back' },
];
const formHints = formKeyHints({ reveal: true, multiline: true });


/** SSH Connections: list with last test result, add (semi-automatic or manual), view, edit, test, delete. */
export function SshConnections({ services, active, size }: ScreenProps) {
  const theme = useTheme();
  const tasks = useTasks();
  const { status } = tasks;
  const [mode, setMode] = useState<Mode>(LIST);
  const [selected, setSelected] = useState<ConnectionSummary | undefined>(undefined);
  const [values, setValues] = useState<FormValues>(ADD_CONNECTION_VALUES);
  const [dirty, setDirty] = useState(false);
  /** Host keys discovered for the connection in the form, awaiting the user's yes. */
  const [discovered, setDiscovered] = useState<HostKey[] | null>(null);
  const connections = useStoreData(services, active, listConnections, NO_CONNECTIONS);
  const keypairs = useStoreData(services, active, listKeypairs, NO_KEYPAIRS);
  const reload = () => {
    connections.reload();
    keypairs.reload();
  };
  useEffect(() => {
    const error = connections.error ?? keypairs.error;
    if (error) status.error(error);
  }, [connections.error, keypairs.error, status]);

  const inForm = mode.kind === 'add' || mode.kind === 'edit';
  useScreenDirty(inForm && dirty);
  useScreenKeys(inForm && !discovered ? formHints : mode.kind === 'view' ? viewHints : mode.kind === 'list' ? listHints : []);

  const store = () => services.store();
  const go = useCallback((next: Mode) => {
    setDirty(false);
    setDiscovered(null);
    setValues(next.kind === 'add' ? ADD_CONNECTION_VALUES : {});
    setMode(next);
  }, []);
  const details = useMemo((): ConnectionDetails | undefined => {
    if (mode.kind !== 'view' && mode.kind !== 'edit') return undefined;
    try {
      return connectionDetails(services.store(), mode.id);
    } catch {
      return undefined;
    }
  }, [mode, connections.data, services]); // eslint-disable-line react-hooks/exhaustive-deps
  const initialEdit = useMemo(() => (mode.kind === 'edit' && details ? editValues(details) : {}), [mode]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if ((mode.kind === 'view' || mode.kind === 'edit') && !details) go(LIST);
  }, [mode, details, go]);

  const runTest = (id: number, name: string, from: From) => {
    tasks.run(`Testing ${name}: logging in with its key...`, () => testConnectionRecord(store(), id), {
      done: (outcome) => {
        reload();
        status.success(testedText(outcome));
      },
      failed: (error) => {
        reload();
        if (error instanceof HostKeyMismatchError) {
          const { host, port, storedFingerprints, offered } = error;
          setMode({ kind: 'mismatch', id, name, from, mismatch: { host, port, storedFingerprints, offered } });
        }
      },
    });
  };
  const act = (key: KeyPress, connection: { id: number; name: string } | undefined, from: From) => {
    const char = plainLetter(key);
    if (char === 'a' && from === 'list') return go({ kind: 'add' });
    if (!connection) return;
    if (char === 'v') runTest(connection.id, connection.name, from);
    else if (char === 'e') go({ kind: 'edit', id: connection.id, from });
    else if (char === 'd') {
      const summary = connections.data.find((item) => item.id === connection.id);
      if (summary) go({ kind: 'delete', connection: summary });
    } else if (key.name === 'escape' && from === 'view') go(LIST);
  };
  useKeys((key) => act(key, selected, 'list'), { isActive: active && mode.kind === 'list' && !tasks.running });
  useKeys((key) => (mode.kind === 'view' && details ? act(key, details, 'view') : undefined), { isActive: active && mode.kind === 'view' && !tasks.running });

  const added = (result: ConnectionAdded, how: string) => {
    reload();
    go(LIST);
    const keypair = result.keypairCreated ? `, new keypair ${result.keypairCreated.name}` : '';
    status.success(`Added ${result.connection.name}: ${how}${keypair}`);
  };
  const submitAdd = (submitted: FormValues) => {
    const name = String(submitted.name ?? '').trim();
    const host = `${String(submitted.host ?? '').trim()}:${String(submitted.port || '22')}`;
    const pasted = String(submitted.remoteHostKey ?? '').trim();
    if (submitted.method === 'manual' && pasted) {
      tasks.run(`Saving ${name}...`, () => addManualConnection(store(), manualInput(submitted, pasted)), { done: (result) => added(result, 'saved (test it with v)') });
      return;
    }
    // Semi-automatic or manual without pasted keys: the host keys are confirmed first (for a
    // semi-automatic setup, before the password goes to the server).
    if (!tasks.attempt(() => checkNewKeychainName(store(), name, 'SSH connection'))) return;
    tasks.run(`Asking ${host} for its host keys...`, () => discoverConnectionHostKeys({ host: String(submitted.host ?? ''), port: Number(submitted.port || 22), connectTimeout: Number(submitted.connectTimeout || 10) }), {
      done: (hostKeys) => {
        setDiscovered(hostKeys);
        status.info(`${host} offers ${hostKeys.length} host key(s): compare the fingerprints before you go on.`);
      },
    });
  };
  const answerDiscovered = (yes: boolean) => {
    const hostKeys = discovered;
    setDiscovered(null);
    if (!yes || !hostKeys) return status.info('Host keys not trusted: nothing was sent or stored.');
    const name = String(values.name ?? '').trim();
    if (values.method !== 'manual') {
      const otp = String(values.otp ?? '');
      const onPrompt = async (prompt: string) => {
        if (otp) return otp;
        throw new UserError(`The server asks "${printable(prompt)}" at login: fill in One-time password and save again.`);
      };
      const hostKeyTrust = { fingerprints: hostKeys.map((key) => key.fingerprint) };
      tasks.run(`Setting up ${name}: logging in to ${String(values.host ?? '')} to install the key...`, () => addSemiAutomaticConnection(store(), { ...semiAutomaticInput(values, onPrompt), hostKeyTrust }), {
        done: (result) => added(result, `key ${result.keyAdded === false ? 'was already installed' : 'installed'}, key login verified`),
      });
      return;
    }
    tasks.run(`Saving ${name}...`, () => addManualConnection(store(), manualInput(values, formatRemoteHostKey(hostKeys))), { done: (result) => added(result, 'saved with the confirmed host keys (test it with v)') });
  };
  const submitEdit = (submitted: FormValues) => {
    if (mode.kind !== 'edit') return;
    if (tasks.attempt(() => {
      const edited = editConnection(store(), mode.id, editChange(submitted, initialEdit));
      status.success(`Saved ${edited.name} (test it with v)`);
    })) {
      reload();
      go(mode.from === 'view' ? { kind: 'view', id: mode.id } : LIST);
    }
  };
  const answerDelete = (yes: boolean) => {
    if (mode.kind !== 'delete') return;
    const { connection } = mode;
    if (yes && tasks.attempt(() => status.success(`Deleted SSH connection ${deleteConnection(store(), connection.id).name}`))) reload();
    go(LIST);
  };
  const answerMismatch = (accept: boolean) => {
    if (mode.kind !== 'mismatch') return;
    const { id, name, mismatch, from } = mode;
    go(from === 'view' ? { kind: 'view', id } : LIST);
    if (!accept) return status.warning(`Kept the old host key of ${name}; the connection stays failed until the key is sorted out.`);
    tasks.run(`Storing the new host key of ${name} and testing again...`, async () => {
      acceptHostKey(store(), id, mismatch.offered);
      return testConnectionRecord(store(), id);
    }, {
      done: (outcome) => {
        reload();
        status.success(`New host key ${mismatch.offered.fingerprint} accepted. ${testedText(outcome)}`);
      },
      failed: () => reload(),
    });
  };

  const onChange = (next: FormValues, changed: boolean) => {
    setValues(next);
    setDirty(changed);
  };
  const heading = (text: string) => <Text bold color={theme.colors.accent}>{fitText(displayText(text, theme.ascii), size.columns, theme.symbols.ellipsis)}</Text>;
  const formActive = active && !tasks.running && !discovered;

  let panel: React.ReactNode = null;
  if (mode.kind === 'add') {
    // The form stays mounted under the host key question, so "back to the form" keeps what was typed.
    panel = (
      <>
        <Box display={discovered ? 'none' : 'flex'} flexDirection="column" width={size.columns} height={size.rows}>
          {heading('Add SSH connection')}
          <Form
            key="add"
            fields={addConnectionFields(values, keypairs.data)}
            initialValues={ADD_CONNECTION_VALUES}
            messages={connectionMessages(values)}
            width={size.columns}
            height={size.rows - 1}
            isActive={formActive}
            submitLabel={values.method === 'manual' ? 'Save' : 'Set up and save'}
            onChange={onChange}
            onSubmit={submitAdd}
            onCancel={() => go(LIST)}
          />
        </Box>
        {discovered ? (
          <HostKeyConfirmView host={String(values.host ?? '')} port={String(values.port || '22')} hostKeys={discovered} width={size.columns} height={size.rows} isActive={active && !tasks.running} onAnswer={answerDiscovered} />
        ) : null}
      </>
    );
  } else if (mode.kind === 'edit' && details) {
    panel = (
      <Box flexDirection="column" width={size.columns} height={size.rows}>
        {heading(`Edit SSH connection ${details.name}`)}
        <Form
          key={`edit:${mode.id}`}
          fields={editConnectionFields(keypairs.data)}
          initialValues={initialEdit}
          messages={connectionMessages(values)}
          width={size.columns}
          height={size.rows - 1}
          isActive={active && !tasks.running}
          onChange={onChange}
          onSubmit={submitEdit}
          onCancel={() => go(mode.from === 'view' ? { kind: 'view', id: mode.id } : LIST)}
        />
      </Box>
    );
  } else if (mode.kind === 'view' && details) {
    panel = <ConnectionDetailsView connection={details} width={size.columns} height={size.rows} />;
  } else if (mode.kind === 'mismatch') {
    panel = <HostKeyMismatchView name={mode.name} mismatch={mode.mismatch} width={size.columns} height={size.rows} isActive={active && !tasks.running} onAnswer={answerMismatch} />;
  }

  // The list stays mounted (hidden) under the other views, so its selection survives them.
  const showList = mode.kind === 'list' || mode.kind === 'delete';
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <WithConfirmBelow
        width={size.columns}
        height={size.rows}
        visible={showList}
        confirm={
          mode.kind === 'delete'
            ? {
                title: 'Delete SSH connection',
                message: `Delete "${mode.connection.name}" (${mode.connection.username}@${mode.connection.host}:${mode.connection.port})?\nIts keypair ${mode.connection.keypairName ?? ''} stays in SSH Keypairs.`,
                yesLabel: 'Delete',
                noLabel: 'Keep',
                isActive: active,
                onAnswer: answerDelete,
              }
            : undefined
        }
      >
        {(rows) => (
          <List
            items={connections.data}
            columns={[
              { header: 'Name', value: (connection: ConnectionSummary) => connection.name },
              { header: 'Host', value: (connection: ConnectionSummary) => `${connection.host}:${connection.port}` },
              { header: 'User', value: (connection: ConnectionSummary) => connection.username, width: 12 },
              { header: 'Last test', value: (connection: ConnectionSummary) => lastTestText(connection.lastCheck), width: 18 },
            ]}
            width={size.columns}
            height={rows}
            isActive={active && mode.kind === 'list'}
            emptyText="No SSH connections yet: press a to add one."
            getKey={(connection) => String(connection.id)}
            onHighlight={(connection) => setSelected(connection)}
            onSubmit={(connection) => go({ kind: 'view', id: connection.id })}
          />
        )}
      </WithConfirmBelow>
      {showList ? null : panel}
    </Box>
  );
}

function testedText(outcome: ConnectionTestOutcome): string {
  return `${outcome.name}: OK (${outcome.serverSoftware}, host key ${outcome.fingerprint}, ${outcome.elapsedMs} ms)`;
}
