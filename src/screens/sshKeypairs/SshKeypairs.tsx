import React, { useCallback, useState } from 'react';
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
} from '../../engine/keychain/keypairs.js';
import { keyTypeText } from '../../engine/formatting.js';
import { rememberDirectory, startDirectory } from '../../engine/preferences.js';
import type { Binding, FormValues, ListColumn } from '../../widgets/index.js';
import { FormPanel, recordScreen, useShownRecord, type PanelProps, type RecordScreenState } from '../kit/index.js';
import { useScreenBindings } from '../screenContract.js';
import { ADD_KEYPAIR_VALUES, addKeypairFields, addKeypairMessages, EXPORT_VALUES, exportFields, exportTarget, generateOptions, importInput, RENAME_FIELDS } from './keypairForms.js';
import { KeypairDetailsView, PublicKeyView } from './KeypairPanels.js';

type Panel =
  | { readonly kind: 'add' }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'public'; readonly id: number }
  | { readonly kind: 'export'; readonly id: number }
  | { readonly kind: 'rename'; readonly id: number };
type Screen = RecordScreenState<KeypairSummary, Panel>;
type PanelOf<K extends Panel['kind']> = PanelProps<Extract<Panel, { readonly kind: K }>, Screen>;

const columns: readonly ListColumn<KeypairSummary>[] = [
  { header: 'Name', value: (keypair) => keypair.name },
  { header: 'Type', value: (keypair) => keyTypeText(keypair), width: 12 },
  { header: 'Fingerprint', value: (keypair) => keypair.fingerprint ?? '?', width: 50 },
];

/** SSH Keypairs: list, generate or import, view, public key, export, rename, delete. */
export const SshKeypairs = recordScreen<KeypairSummary, Panel>({
  load: listKeypairs,
  getKey: (keypair) => String(keypair.id),
  columns,
  emptyText: 'No SSH keypairs yet: press a to generate or import one.',
  bindings: (screen) => {
    const act = keypairActions(screen, (on) => screen.onRow((keypair) => on(keypair.id)));
    return [
      { keys: 'a', label: 'add', action: () => screen.modes.open({ kind: 'add' }) },
      { keys: ['Enter', 'v'], label: 'view', action: screen.onRow((keypair) => screen.modes.open({ kind: 'view', id: keypair.id })) },
      act.publicKey, act.exportKey, act.remove, { ...act.rename, footer: false },
    ];
  },
  panels: { add: AddKeypairForm, view: KeypairView, public: PublicKeyPanel, export: ExportForm, rename: RenameForm },
});

/** What can be done to one keypair, from the list (the highlighted row) or from its view. */
function keypairActions(screen: Screen, on: (act: (id: number) => void) => () => void): Record<'publicKey' | 'exportKey' | 'rename' | 'remove', Binding> {
  const { modes } = screen;
  return {
    publicKey: { keys: 'c', label: 'public key', action: on((id) => modes.open({ kind: 'public', id })) },
    exportKey: { keys: 'x', label: 'export', action: on((id) => modes.open({ kind: 'export', id })) },
    rename: { keys: 'e', label: 'rename', action: on((id) => modes.open({ kind: 'rename', id })) },
    remove: { keys: 'd', label: 'delete', action: on((id) => askDelete(screen, id)) },
  };
}

function askDelete({ task, data, modes }: Screen, id: number): void {
  task.attempt(() => {
    const plan = planKeypairDeletion(data.store(), id);
    const refusal = keypairDeletionRefusal(plan, true);
    if (refusal) return task.status.error(refusal);
    modes.ask({
      title: 'Delete SSH keypair',
      message: deleteMessage(plan),
      yesLabel: 'Delete',
      noLabel: 'Keep',
      onYes: () => {
        modes.home();
        task.attempt(() => {
          const deleted = deleteKeypair(data.store(), plan.keypair.id, { cascade: plan.connections.length > 0 });
          const also = deleted.connectionsDeleted.length ? ` and SSH connection(s) ${deleted.connectionsDeleted.join(', ')}` : '';
          task.status.success(`Deleted keypair ${deleted.name}${also}`);
        });
        data.changed();
      },
    });
  });
}

function deleteMessage(plan: KeypairDeletionPlan): string {
  const head = `Delete keypair "${plan.keypair.name}"? This cannot be undone.`;
  if (!plan.connections.length) return head;
  return `${head}\nThese SSH connections use it and are deleted with it:\n  ${plan.connections.map((ref) => ref.name).join(', ')}`;
}

function useKeypair(screen: Screen, id: number): KeypairDetails | undefined {
  return useShownRecord(screen, useCallback((store) => keypairDetails(store, id), [id]));
}

function KeypairView({ screen, panel: { id }, active }: PanelOf<'view'>) {
  const keypair = useKeypair(screen, id);
  const { modes, size } = screen;
  const act = keypairActions(screen, (on) => () => on(id));
  useScreenBindings([act.publicKey, act.exportKey, act.rename, act.remove, { keys: 'Esc', label: 'back', action: modes.back }], active);
  return keypair ? <KeypairDetailsView keypair={keypair} width={size.columns} height={size.rows} /> : null;
}

function PublicKeyPanel({ screen, panel: { id }, active }: PanelOf<'public'>) {
  const keypair = useKeypair(screen, id);
  const { modes, size, data } = screen;
  const line = data.find((store) => keypairPublicKeyLine(store, id)) ?? '';
  useScreenBindings([
    { keys: 'x', label: 'write to a file', action: () => modes.open({ kind: 'export', id }) },
    { keys: ['Esc', 'Enter'], label: 'back', action: modes.back },
  ], active);
  return keypair ? <PublicKeyView keypair={keypair} line={line} width={size.columns} height={size.rows} /> : null;
}

function AddKeypairForm({ screen, active }: PanelOf<'add'>) {
  const { task, data, modes, list } = screen;
  const submit = (values: FormValues) => {
    const name = String(values.name ?? '');
    const done = (verb: string) => (created: KeypairDetails) => {
      data.changed();
      list.selectKey(String(created.id));
      modes.swap({ kind: 'view', id: created.id });
      task.status.success(`${verb} keypair ${created.name} (${keyTypeText(created)})`);
    };
    if (values.method === 'import') {
      task.run(`Importing keypair ${name}...`, () => importKeypairRecord(data.store(), name, importInput(values)), { done: done('Imported') });
    } else {
      const options = generateOptions(values);
      const label = options.type === 'rsa' ? `RSA-${options.bits}` : 'Ed25519';
      task.run(`Generating ${label} keypair ${name}...`, (signal) => generateKeypairRecord(data.store(), name, { ...options, signal }), { done: done('Generated'), cancellable: true });
    }
  };
  return (
    <FormPanel
      title="Add SSH keypair"
      size={screen.size}
      isActive={active}
      formKeys={{ reveal: true, multiline: true }}
      fields={addKeypairFields}
      initialValues={ADD_KEYPAIR_VALUES}
      messages={addKeypairMessages}
      submitLabel={(values) => (values.method === 'import' ? 'Import' : 'Generate')}
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}

function ExportForm({ screen, panel: { id }, active }: PanelOf<'export'>) {
  const keypair = useKeypair(screen, id);
  const { data, modes, services } = screen;
  const [dir] = useState(() => startDirectory(services.preferences, 'lastExportDir'));
  if (!keypair) return null;
  const submit = (values: FormValues) => screen.finish(() => {
    const target = exportTarget(keypair.name, values, dir);
    const written = exportKeypairToFile(data.store(), id, target.path, target.format);
    rememberDirectory(services.preferences, 'lastExportDir', written.path);
    return `Wrote ${written.path} (${written.format === 'public' ? 'public key' : `private key, ${written.format}`}, mode 0${written.mode.toString(8)})`;
  });
  return (
    <FormPanel
      title={`Write a key of ${keypair.name} to a file`}
      size={screen.size}
      isActive={active}
      fields={(values) => exportFields(keypair.name, values, dir)}
      initialValues={EXPORT_VALUES}
      submitLabel="Write"
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}

function RenameForm({ screen, panel: { id }, active }: PanelOf<'rename'>) {
  const keypair = useKeypair(screen, id);
  const { data, modes } = screen;
  if (!keypair) return null;
  const submit = (values: FormValues) => screen.finish(() => `Renamed to ${renameKeypair(data.store(), id, String(values.name ?? '')).name}`);
  return (
    <FormPanel
      title={`Rename keypair ${keypair.name}`}
      size={screen.size}
      isActive={active}
      fields={RENAME_FIELDS}
      initialValues={{ name: keypair.name }}
      submitLabel="Rename"
      onSubmit={submit}
      onCancel={modes.back}
    />
  );
}
