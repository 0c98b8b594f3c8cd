import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import {
  deleteKeypair,
  exportKeypairToFile,
  generateKeypairRecord,
  importKeypairRecord,
  keypairDeletionRefusal,
  keypairDetails,
  keypairPublicKeyLine,
  listKeypairs,
  planKeypairDeletion,
  renameKeypair,
  type KeypairDeletionPlan,
  type KeypairDetails,
  type KeypairSummary,
} from '../engine/keychain/keypairs.js';
import { WithConfirmBelow } from '../widgets/WithConfirmBelow.js';
import { Form } from '../widgets/Form.js';
import type { FormValues } from '../widgets/formTypes.js';
import { formKeyHints, listKeyHints, type KeyHint } from '../widgets/keyHints.js';
import { plainLetter, type KeyPress } from '../widgets/keys.js';
import { List } from '../widgets/List.js';
import { displayText, fitText } from '../widgets/text.js';
import { useTheme } from '../widgets/theme.js';
import { useKeys } from '../widgets/use-keys.js';
import { keyTypeText } from './ssh/format.js';
import { ADD_KEYPAIR_VALUES, addKeypairFields, addKeypairMessages, EXPORT_VALUES, exportFields, exportTarget, generateOptions, importInput, RENAME_FIELDS } from './ssh/keypairForms.js';
import { KeypairDetailsView, PublicKeyView } from './ssh/KeypairPanels.js';
import { useStoreData } from './ssh/useStoreData.js';
import { useTasks } from './ssh/useTask.js';
import { useScreenDirty, useScreenKeys, type ScreenProps } from './types.js';

type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'add' }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'public'; readonly id: number; readonly from: 'list' | 'view' }
  | { readonly kind: 'export'; readonly id: number; readonly from: 'list' | 'view' }
  | { readonly kind: 'rename'; readonly id: number }
  | { readonly kind: 'delete'; readonly plan: KeypairDeletionPlan };

const LIST: Mode = { kind: 'list' };
const NO_KEYPAIRS: KeypairSummary[] = [];

const listHints: KeyHint[] = [
  { keys: 'a', label: 'add' },
  { keys: 'Enter/v', label: 'view' },
  { keys: 'c', label: 'public key' },
  { keys: 'x', label: 'export' },
  { keys: 'd', label: 'delete' },
  { keys: 'e', label: 'rename', footer: false },
  ...listKeyHints,
];
const viewHints: KeyHint[] = [
  { keys: 'c', label: 'public key' },
  { keys: 'x', label: 'export' },
  { keys: 'e', label: 'rename' },
  { keys: 'd', label: 'delete' },
  { keys: 'Esc', label: 'back' },
];
const publicHints: KeyHint[] = [{ keys: 'x', label: 'write to a file' }, { keys: 'Esc', label: 'back' }];
const formHints = formKeyHints({ reveal: true, multiline: true });


/** SSH Keypairs: list, generate or import, view, public key, export, rename, delete. */
export function SshKeypairs({ services, active, size }: ScreenProps) {
  const theme = useTheme();
  const tasks = useTasks();
  const { status } = tasks;
  const [mode, setMode] = useState<Mode>(LIST);
  const [selected, setSelected] = useState<KeypairSummary | undefined>(undefined);
  const [values, setValues] = useState<FormValues>(ADD_KEYPAIR_VALUES);
  const [dirty, setDirty] = useState(false);
  const { data: keypairs, error, reload } = useStoreData(services, active, listKeypairs, NO_KEYPAIRS);
  useEffect(() => {
    if (error) status.error(error);
  }, [error, status]);

  const inForm = mode.kind === 'add' || mode.kind === 'export' || mode.kind === 'rename';
  useScreenDirty(inForm && dirty);
  useScreenKeys(inForm ? formHints : mode.kind === 'view' ? viewHints : mode.kind === 'public' ? publicHints : mode.kind === 'delete' ? [] : listHints);

  const store = () => services.store();
  const go = useCallback((next: Mode) => {
    setDirty(false);
    setValues(next.kind === 'add' ? ADD_KEYPAIR_VALUES : next.kind === 'export' ? EXPORT_VALUES : {});
    setMode(next);
  }, []);
  const back = () => go(mode.kind === 'public' || mode.kind === 'export' ? (mode.from === 'view' ? { kind: 'view', id: mode.id } : LIST) : mode.kind === 'rename' ? { kind: 'view', id: mode.id } : LIST);

  const details = useMemo((): KeypairDetails | undefined => {
    if (!('id' in mode)) return undefined;
    try {
      return keypairDetails(services.store(), mode.id);
    } catch {
      return undefined;
    }
  }, [mode, keypairs, services]); // eslint-disable-line react-hooks/exhaustive-deps
  const publicLine = useMemo(() => {
    if (mode.kind !== 'public') return '';
    try {
      return keypairPublicKeyLine(services.store(), mode.id);
    } catch {
      return '';
    }
  }, [mode, services]);
  useEffect(() => {
    if ('id' in mode && !details) go(LIST); // deleted meanwhile (or the store was replaced)
  }, [mode, details, go]);

  const askDelete = (id: number) => {
    tasks.attempt(() => {
      const plan = planKeypairDeletion(store(), id);
      const refusal = keypairDeletionRefusal(plan, true);
      if (refusal) status.error(refusal);
      else setMode({ kind: 'delete', plan });
    });
  };
  const act = (key: KeyPress, id: number | undefined, from: 'list' | 'view') => {
    const char = plainLetter(key);
    if (char === 'a' && from === 'list') return go({ kind: 'add' });
    if (id === undefined) return;
    if (char === 'v' && from === 'list') go({ kind: 'view', id });
    else if (char === 'c') go({ kind: 'public', id, from });
    else if (char === 'x') go({ kind: 'export', id, from });
    else if (char === 'e') go({ kind: 'rename', id });
    else if (char === 'd') askDelete(id);
    else if (key.name === 'escape' && from === 'view') go(LIST);
  };
  useKeys((key) => act(key, selected?.id, 'list'), { isActive: active && mode.kind === 'list' && !tasks.running });
  useKeys((key) => (mode.kind === 'view' ? act(key, mode.id, 'view') : undefined), { isActive: active && mode.kind === 'view' && !tasks.running });
  useKeys((key) => {
    if (mode.kind !== 'public') return;
    if (plainLetter(key) === 'x') go({ kind: 'export', id: mode.id, from: mode.from });
    else if (key.name === 'escape' || key.name === 'return') back();
  }, { isActive: active && mode.kind === 'public' });

  const submitAdd = (submitted: FormValues) => {
    const name = String(submitted.name ?? '');
    const done = (verb: string) => (created: KeypairDetails) => {
      reload();
      go({ kind: 'view', id: created.id });
      status.success(`${verb} keypair ${created.name} (${keyTypeText(created)})`);
    };
    if (submitted.method === 'import') {
      tasks.run(`Importing keypair ${name}...`, () => importKeypairRecord(store(), name, importInput(submitted)), { done: done('Imported') });
    } else {
      const options = generateOptions(submitted);
      const label = options.type === 'rsa' ? `RSA-${options.bits}` : 'Ed25519';
      tasks.run(`Generating ${label} keypair ${name}...`, () => generateKeypairRecord(store(), name, options), { done: done('Generated') });
    }
  };
  const submitExport = (submitted: FormValues) => {
    if (mode.kind !== 'export' || !details) return;
    const target = exportTarget(details.name, submitted);
    if (tasks.attempt(() => {
      const written = exportKeypairToFile(store(), mode.id, target.path, target.format);
      status.success(`Wrote ${written.path} (${written.format === 'public' ? 'public key' : `private key, ${written.format}`}, mode 0${written.mode.toString(8)})`);
    })) back();
  };
  const submitRename = (submitted: FormValues) => {
    if (mode.kind !== 'rename') return;
    if (tasks.attempt(() => {
      const renamed = renameKeypair(store(), mode.id, String(submitted.name ?? ''));
      status.success(`Renamed to ${renamed.name}`);
    })) {
      reload();
      back();
    }
  };
  const answerDelete = (yes: boolean) => {
    if (mode.kind !== 'delete') return;
    const { plan } = mode;
    if (yes && tasks.attempt(() => {
      const deleted = deleteKeypair(store(), plan.keypair.id, { cascade: plan.connections.length > 0 });
      const also = deleted.connectionsDeleted.length ? ` and SSH connection(s) ${deleted.connectionsDeleted.join(', ')}` : '';
      status.success(`Deleted keypair ${deleted.name}${also}`);
    })) reload();
    go(LIST);
  };

  const title = (text: string) => <Text bold color={theme.colors.accent}>{fitText(displayText(text, theme.ascii), size.columns, theme.symbols.ellipsis)}</Text>;
  const formBox = (heading: string, form: React.ReactNode) => (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      {title(heading)}
      {form}
    </Box>
  );
  const onChange = (next: FormValues, changed: boolean) => {
    setValues(next);
    setDirty(changed);
  };
  const formProps = { width: size.columns, height: size.rows - 1, isActive: active && !tasks.running, onChange, onCancel: back };

  let panel: React.ReactNode = null;
  if (mode.kind === 'add') {
    panel = formBox('Add SSH keypair', (
      <Form key="add" {...formProps} fields={addKeypairFields(values)} initialValues={ADD_KEYPAIR_VALUES} messages={addKeypairMessages(values)} submitLabel={values.method === 'import' ? 'Import' : 'Generate'} onSubmit={submitAdd} />
    ));
  } else if (mode.kind === 'export' && details) {
    panel = formBox(`Write a key of ${details.name} to a file`, (
      <Form key={`export:${mode.id}`} {...formProps} fields={exportFields(details.name, values)} initialValues={EXPORT_VALUES} submitLabel="Write" onSubmit={submitExport} />
    ));
  } else if (mode.kind === 'rename' && details) {
    panel = formBox(`Rename keypair ${details.name}`, (
      <Form key={`rename:${mode.id}`} {...formProps} fields={RENAME_FIELDS} initialValues={{ name: details.name }} submitLabel="Rename" onSubmit={submitRename} />
    ));
  } else if (mode.kind === 'view' && details) {
    panel = <KeypairDetailsView keypair={details} width={size.columns} height={size.rows} />;
  } else if (mode.kind === 'public' && details) {
    panel = <PublicKeyView keypair={details} line={publicLine} width={size.columns} height={size.rows} />;
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
            ? { title: 'Delete SSH keypair', message: deleteMessage(mode.plan), yesLabel: 'Delete', noLabel: 'Keep', isActive: active, onAnswer: answerDelete }
            : undefined
        }
      >
        {(rows) => (
          <List
            items={keypairs}
            columns={[
              { header: 'Name', value: (keypair: KeypairSummary) => keypair.name },
              { header: 'Type', value: (keypair: KeypairSummary) => keyTypeText(keypair), width: 12 },
              { header: 'Fingerprint', value: (keypair: KeypairSummary) => keypair.fingerprint ?? '?', width: 50 },
            ]}
            width={size.columns}
            height={rows}
            isActive={active && mode.kind === 'list'}
            emptyText="No SSH keypairs yet: press a to generate or import one."
            getKey={(keypair) => String(keypair.id)}
            onHighlight={(keypair) => setSelected(keypair)}
            onSubmit={(keypair) => go({ kind: 'view', id: keypair.id })}
          />
        )}
      </WithConfirmBelow>
      {showList ? null : panel}
    </Box>
  );
}

function deleteMessage(plan: KeypairDeletionPlan): string {
  const head = `Delete keypair "${plan.keypair.name}"? This cannot be undone.`;
  if (!plan.connections.length) return head;
  return `${head}\nThese SSH connections use it and are deleted with it:\n  ${plan.connections.map((ref) => ref.name).join(', ')}`;
}
