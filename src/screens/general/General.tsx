import { basename, resolve } from 'node:path';
import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { refusalReason, type RefusalReason } from '../../common/errors.js';
import { readUploadFile } from '../../engine/archive/readArchive.js';
import { saveConfiguration } from '../../engine/archive/save.js';
import { uploadConfiguration, type UploadResult } from '../../engine/archive/upload.js';
import type { BackupEntry } from '../../engine/backups.js';
import { localTime } from '../../engine/formatting.js';
import { configurationOverview } from '../../engine/overview.js';
import { ConfirmDialog, List, listKeys, listRows, TextLine, useListState, useTheme, type FormValues, type ListColumn } from '../../widgets/index.js';
import { FormPanel, PanelStack, useRecordModes, useStoreData, useTask, userMessage, type RecordModes, type Task } from '../kit/index.js';
import { useScreenBindings, useScreenKeys, type AppServices, type ScreenProps, type ScreenSize } from '../screenContract.js';
import { passphraseMismatch, saveFields, SAVE_WARNINGS, SEED_WARNING, uploadFields } from './generalForms.js';
import { Overview } from './Overview.js';

interface UploadRequest {
  readonly path: string;
  readonly passphrase: string;
  readonly discardSecrets: boolean;
}

type Panel =
  | { readonly kind: 'save'; readonly usb: boolean }
  /** `id`: each opening of the form is a new form (after a refusal: the path kept, a field focused). */
  | { readonly kind: 'upload'; readonly id: number; readonly initial: FormValues; readonly focus?: string }
  | { readonly kind: 'backups' }
  | { readonly kind: 'confirm-upload'; readonly request: UploadRequest; readonly fromForm: boolean }
  | { readonly kind: 'result'; readonly lines: readonly string[] };

/** What the screen's parts share. */
interface GeneralScreen {
  readonly services: AppServices;
  /** The screen has the keyboard and no work runs: the panel shown reads keys. */
  readonly ready: boolean;
  readonly task: Task;
  readonly modes: RecordModes<Panel>;
  readonly size: ScreenSize;
}

interface Action {
  readonly key: string;
  readonly label: string;
}

/** The console's own way out of an upload refusal (where the CLI names a flag): the field that lets it go on. */
const UPLOAD_REFUSALS: Partial<Record<RefusalReason, { readonly field: string; readonly hint: string }>> = {
  'passphrase-required': { field: 'passphrase', hint: 'type it in Passphrase' },
  'secrets-unreadable': { field: 'discardSecrets', hint: 'or tick "Discard unreadable secrets" to keep the records without the secrets this seed cannot read' },
};

const actionColumns: readonly ListColumn<Action>[] = [{ header: 'Key', value: (action) => action.key, width: 3 }, { header: 'Action', value: (action) => action.label }];
const actionKey = (action: Action) => action.key;

/** General: save the configuration (file or USB stick), upload one, restore a backup. */
export function General({ services, active, size }: ScreenProps) {
  const task = useTask(active);
  const modes = useRecordModes<Panel>(task.status.clear);
  const data = useStoreData(services, active);
  const { reload } = data;
  useEffect(() => services.onBackupMade(reload), [services, reload]);
  // The USB stick is looked for again with the rest: one may have come or gone.
  const { overview, usb } = useMemo(() => ({ overview: data.read((store) => configurationOverview(store, services.paths), undefined), usb: services.usbTarget() }), [data, services]);
  const usbOptions = services.preferences.get('usbOptions');
  const general: GeneralScreen = { services, ready: active && task.running === null, task, modes, size };

  const homeActions: Action[] = [
    { key: 's', label: 'Save the configuration to a file' },
    { key: 'u', label: usbActionLabel(usb?.path, usbOptions) },
    { key: 'l', label: 'Upload a saved configuration' },
    { key: 'b', label: `Backups: restore one (${overview?.backups.length ?? 0} kept)` },
  ];
  const run: Record<string, () => void> = {
    s: () => modes.open({ kind: 'save', usb: false }),
    u: () => (usb && usbOptions ? saveToDisk(general, { path: usb.path, ...usbOptions, passphrase: '', rememberAsUsb: true }) : modes.open({ kind: 'save', usb: true })),
    U: () => modes.open({ kind: 'save', usb: true }),
    l: () => modes.open({ kind: 'upload', id: Date.now(), initial: { path: '', passphrase: '', discardSecrets: false } }),
    b: () => modes.open({ kind: 'backups' }),
  };
  const list = useListState(homeActions, homeActions.length, actionKey);
  useScreenBindings([
    { keys: 's', label: 'save', action: run.s },
    { keys: 'u', label: 'save to USB', action: run.u },
    { keys: 'U', label: 'save to USB, choosing what to include', footer: false, action: run.U },
    { keys: 'l', label: 'upload', action: run.l },
    { keys: 'b', label: 'backups', action: run.b },
    { keys: 'Enter', label: 'the highlighted action', footer: false, action: () => run[list.current()?.key ?? '']?.() },
    { keys: ['Up', 'Down'], label: 'choose an action', footer: false },
  ], active && modes.panel === undefined && task.running === null);

  if (modes.stack.length) {
    return (
      <Box flexDirection="column" width={size.columns} height={size.rows}>
        <PanelStack stack={modes.stack} shown width={size.columns} height={size.rows}>
          {(panel, top) => <GeneralPanel general={{ ...general, ready: general.ready && top }} panel={panel} backups={overview?.backups ?? []} />}
        </PanelStack>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Text bold>Actions</Text>
      <List items={homeActions} columns={actionColumns} showHeader={false} width={size.columns} height={homeActions.length} isActive={general.ready} state={list} />
      <Text> </Text>
      {overview ? <Overview overview={overview} dataDir={services.paths.dir} usb={usb} width={size.columns} recentRows={Math.max(0, size.rows - 14)} /> : null}
    </Box>
  );
}

function GeneralPanel({ general, panel, backups }: { general: GeneralScreen; panel: Panel; backups: BackupEntry[] }) {
  if (panel.kind === 'save') return <SaveForm general={general} usb={panel.usb} />;
  if (panel.kind === 'upload') return <UploadForm general={general} initial={panel.initial} focus={panel.focus} />;
  if (panel.kind === 'backups') return <BackupsView general={general} backups={backups} />;
  if (panel.kind === 'confirm-upload') return <ConfirmUpload general={general} request={panel.request} fromForm={panel.fromForm} />;
  return <ResultView general={general} lines={panel.lines} />;
}

interface SaveRequest {
  readonly path: string;
  readonly secretSeed: boolean;
  readonly poolKeys: boolean;
  readonly passphrase: string;
  /** Remember the directory as the USB stick's path, and the choices for a one-key save. */
  readonly rememberAsUsb: boolean;
}

function saveToDisk({ services, task, modes }: GeneralScreen, request: SaveRequest): void {
  task.run('Saving the configuration...', () => saveConfiguration(services.store(), resolve(request.path), {
    secretSeed: request.secretSeed,
    poolKeys: request.poolKeys,
    passphrase: request.passphrase || undefined,
  }), {
    done: (saved) => {
      if (request.rememberAsUsb) {
        services.preferences.set('lastUsbPath', resolve(request.path));
        // A passphrase is never remembered, so a protected save cannot be repeated with one key.
        services.preferences.set('usbOptions', request.passphrase ? undefined : { secretSeed: request.secretSeed, poolKeys: request.poolKeys });
      }
      modes.home();
      const included = [request.secretSeed ? 'with the seed' : 'without the seed', request.poolKeys ? 'with pool keys' : 'without pool keys'];
      task.status.success(`Saved ${saved.path} (${included.join(', ')}${request.passphrase ? ', passphrase-protected' : ''})`);
    },
  });
}

function SaveForm({ general, usb }: { general: GeneralScreen; usb: boolean }) {
  const { services, modes, size } = general;
  const theme = useTheme();
  const [initial] = useState(() => ({ path: (usb && services.usbTarget()?.path) || process.cwd(), secretSeed: false, poolKeys: false, passphrase: '', repeat: '' }));
  const [withSeed, setWithSeed] = useState(false);
  const warnings = [...SAVE_WARNINGS, ...(withSeed ? [SEED_WARNING] : [])];
  const above = {
    rows: warnings.reduce((lines, text) => lines + Math.ceil((text.length + 2) / size.columns), 0),
    node: warnings.map((text) => <Text key={text} color={theme.colors.warning} wrap="wrap">{`${theme.symbols.warning} ${text}`}</Text>),
  };
  const submit = (values: FormValues) => saveToDisk(general, {
    path: String(values.path),
    secretSeed: values.secretSeed === true,
    poolKeys: values.poolKeys === true,
    passphrase: String(values.passphrase ?? ''),
    rememberAsUsb: usb,
  });
  return (
    <FormPanel
      title={usb ? 'Save the configuration to the USB stick' : 'Save the configuration'}
      size={size}
      isActive={general.ready}
      above={above}
      formKeys={{ reveal: true }}
      fields={saveFields}
      initialValues={initial}
      messages={(values) => {
        const mismatch = passphraseMismatch(values);
        return mismatch ? { repeat: { error: mismatch } } : {};
      }}
      submitLabel="Save"
      onChange={(values) => setWithSeed(values.secretSeed === true)}
      onSubmit={submit}
      onCancel={modes.home}
    />
  );
}

function UploadForm({ general, initial, focus }: { general: GeneralScreen; initial: FormValues; focus: string | undefined }) {
  const { modes, size } = general;
  const submit = (values: FormValues) => {
    const request = { path: String(values.path), passphrase: String(values.passphrase ?? ''), discardSecrets: values.discardSecrets === true };
    modes.open({ kind: 'confirm-upload', request, fromForm: true });
  };
  return (
    <FormPanel
      title="Upload a saved configuration"
      size={size}
      isActive={general.ready}
      formKeys={{ reveal: true }}
      fields={uploadFields}
      initialValues={initial}
      {...(focus ? { initialFocus: focus } : {})}
      submitLabel="Upload"
      onSubmit={submit}
      onCancel={modes.home}
    />
  );
}

function ConfirmUpload({ general, request, fromForm }: { general: GeneralScreen; request: UploadRequest; fromForm: boolean }) {
  const { services, task, modes, size } = general;
  useScreenKeys([], general.ready); // the question reads y/n itself
  const upload = () => task.run('Checking and uploading the configuration...', async () => {
    const bytes = await readUploadFile(resolve(request.path));
    return uploadConfiguration(services.store(), services.paths, bytes, {
      ...(request.passphrase ? { passphrase: request.passphrase } : {}),
      discardSecrets: request.discardSecrets,
      policy: services.secretPolicy,
      source: basename(request.path),
    });
  }, {
    done: (result) => {
      services.storeChanged({ replaced: true });
      modes.home();
      modes.open({ kind: 'result', lines: uploadedLines(request.path, result) });
      task.status.success(`Uploaded ${request.path}; the previous configuration is in ${result.backup.name}`);
    },
    failed: (error) => {
      const reason = refusalReason(error);
      const way = reason ? UPLOAD_REFUSALS[reason] : undefined;
      modes.back();
      if (fromForm) {
        // A fresh form, the path kept and the field that lets the upload go on focused.
        modes.back();
        modes.open({ kind: 'upload', id: Date.now(), initial: { path: request.path, passphrase: '', discardSecrets: request.discardSecrets }, ...(way ? { focus: way.field } : {}) });
      }
      task.status.error(way ? `${userMessage(error).replace(/\.$/, '')}: ${way.hint}.` : userMessage(error));
    },
  });
  const discard = request.discardSecrets ? ' Records whose secrets this system cannot read keep their names and lose their secrets.' : '';
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <ConfirmDialog
        title="Upload configuration"
        message={`Replace the current configuration with ${request.path}? It is checked first, and the current configuration is saved to backups/.${discard}`}
        yesLabel="Upload"
        noLabel="Cancel"
        width={Math.min(size.columns, 76)}
        isActive={general.ready}
        onAnswer={(yes) => (yes ? upload() : modes.back())}
      />
    </Box>
  );
}

function uploadedLines(path: string, result: UploadResult): string[] {
  return [
    `Uploaded ${path}.`,
    `Now stored: ${result.counts.cloudCredentials} cloud credential(s), ${result.counts.keychainCredentials} keychain credential(s), ${result.counts.poolKeys} pool key(s).`,
    `The previous configuration was saved as ${result.backup.path}.`,
    ...(result.seedReplaced ? ["The secret seed was replaced by the archive's."] : []),
    ...(result.dropped.length ? ["Secrets dropped (they could not be read without the archive's seed):"] : []),
    ...result.dropped.map((entry) => `  ${entry.kind} ${entry.name}`),
  ];
}

function ResultView({ general, lines }: { general: GeneralScreen; lines: readonly string[] }) {
  const { modes, size } = general;
  useScreenBindings([{ keys: ['Esc', 'Enter'], label: 'back', action: modes.home }], general.ready);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      {lines.map((line, index) => <TextLine key={index} text={line} width={size.columns} />)}
      <TextLine text="Press Enter or Esc to go back." width={size.columns} tone="muted" />
    </Box>
  );
}

const backupColumns: readonly ListColumn<BackupEntry>[] = [
  { header: 'Name', value: (backup) => backup.name },
  { header: 'Kind', value: (backup) => backup.kind, width: 10 },
  { header: 'Created', value: (backup) => localTime(backup.createdAt), width: 16 },
  { header: 'Size', value: (backup) => `${Math.ceil(backup.bytes / 1024)} KiB`, width: 9, align: 'right' },
];
const backupKey = (backup: BackupEntry) => backup.name;

function BackupsView({ general, backups }: { general: GeneralScreen; backups: BackupEntry[] }) {
  const { modes, size } = general;
  const list = useListState(backups, listRows(size.rows - 1), backupKey);
  const restore = () => {
    const backup = list.current();
    if (backup) modes.open({ kind: 'confirm-upload', request: { path: backup.path, passphrase: '', discardSecrets: false }, fromForm: false });
  };
  useScreenBindings([{ keys: 'Enter', label: 'restore', action: restore }, { keys: 'Esc', label: 'back', action: modes.home }, ...listKeys], general.ready);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Text bold>Backups (newest first): Enter restores one</Text>
      <List items={backups} columns={backupColumns} width={size.columns} height={size.rows - 1} isActive={general.ready} emptyText="No backups yet: the daily backup runs at 03:45." state={list} />
    </Box>
  );
}

function usbActionLabel(path: string | undefined, options: { secretSeed: boolean; poolKeys: boolean } | undefined): string {
  if (!path) return 'Save to a USB stick (none mounted now)';
  if (!options) return `Save to the USB stick at ${path}`;
  // One key repeats the last save to the stick; U (see ?) opens the form to choose again.
  return `Save to ${path} now: ${options.secretSeed ? 'with' : 'no'} seed, ${options.poolKeys ? 'with' : 'no'} pool keys`;
}
