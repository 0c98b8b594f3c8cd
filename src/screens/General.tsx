import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { configurationOverview } from '../engine/overview.js';
import type { BackupEntry } from '../engine/backups.js';
import { ConfirmDialog, Form, List, displayText, fitText, formKeyHints, useKeys, useTheme, type FormValues } from '../widgets/index.js';
import { passphraseMismatch, saveFields, SAVE_WARNINGS, SEED_WARNING, uploadFields } from './general/fields.js';
import { Overview } from './general/Overview.js';
import { useGeneralActions, type UploadRequest } from './general/useGeneralActions.js';
import { useScreenDirty, useScreenKeys, type ScreenProps } from './types.js';

type Mode =
  | { name: 'home' }
  | { name: 'save'; initial: FormValues; usb: boolean }
  | { name: 'upload'; initial: FormValues }
  | { name: 'backups' }
  | { name: 'confirm-upload'; request: UploadRequest }
  | { name: 'result'; lines: string[] };

interface Action {
  key: string;
  label: string;
}

const HOME_KEYS = [
  { keys: 's', label: 'save' },
  { keys: 'u', label: 'save to USB' },
  { keys: 'U', label: 'save to USB, choosing what to include', footer: false },
  { keys: 'l', label: 'upload' },
  { keys: 'b', label: 'backups' },
  { keys: 'Up/Down Enter', label: 'choose an action', footer: false },
];
const LIST_KEYS = [{ keys: 'Enter', label: 'restore' }, { keys: 'Esc', label: 'back' }];
const RESULT_KEYS = [{ keys: 'Esc/Enter', label: 'back' }];

/** General: save the configuration (file or USB stick), upload one, restore a backup. */
export function General({ services, active, size }: ScreenProps) {
  const theme = useTheme();
  const [mode, setMode] = useState<Mode>({ name: 'home' });
  const [revision, setRevision] = useState(0);
  const [formDirty, setFormDirty] = useState(false);
  const [saveValues, setSaveValues] = useState<FormValues>({});
  const actions = useGeneralActions(services);
  const usb = useMemo(() => services.usbTarget(), [revision, active]); // eslint-disable-line react-hooks/exhaustive-deps
  const usbOptions = services.preferences.get('usbOptions');
  const overview = useMemo(() => configurationOverview(services.store(), services.paths), [services, revision, active]);
  useEffect(() => {
    const refresh = () => setRevision((n) => n + 1);
    const unsubscribe = [services.onStoreReplaced(refresh), services.onBackupMade(refresh)];
    return () => unsubscribe.forEach((stop) => stop());
  }, [services]);

  const home = () => {
    setFormDirty(false);
    setMode({ name: 'home' });
    setRevision((n) => n + 1);
  };
  const openSave = (toUsb: boolean) => {
    const initial = { path: toUsb && usb ? usb.path : process.cwd(), secretSeed: false, poolKeys: false, passphrase: '', repeat: '' };
    setSaveValues(initial);
    setMode({ name: 'save', initial, usb: toUsb });
  };
  const quickUsbSave = async (path: string, options: { secretSeed: boolean; poolKeys: boolean }) => {
    await actions.save({ path, ...options, passphrase: '', rememberAsUsb: true });
    setRevision((n) => n + 1);
  };
  const runAction = (key: string) => {
    if (key === 's') openSave(false);
    else if (key === 'u' && usb && usbOptions) void quickUsbSave(usb.path, usbOptions);
    else if (key === 'u' || key === 'U') openSave(true);
    else if (key === 'l') setMode({ name: 'upload', initial: { path: '', passphrase: '', discardSecrets: false } });
    else if (key === 'b') setMode({ name: 'backups' });
  };
  const homeActions: Action[] = [
    { key: 's', label: 'Save the configuration to a file' },
    { key: 'u', label: usbActionLabel(usb?.path, usbOptions) },
    { key: 'l', label: 'Upload a saved configuration' },
    { key: 'b', label: `Backups: restore one (${overview.backups.length} kept)` },
  ];

  const inForm = mode.name === 'save' || mode.name === 'upload';
  useScreenDirty(inForm && formDirty);
  useScreenKeys(mode.name === 'home' ? HOME_KEYS : inForm ? formKeyHints({ reveal: true }) : mode.name === 'backups' ? LIST_KEYS : RESULT_KEYS);
  useKeys(
    (key) => {
      if (actions.busy) return;
      if (mode.name === 'home' && key.name === 'char' && !key.ctrl && !key.meta) runAction(key.text);
      else if ((mode.name === 'backups' && key.name === 'escape') || (mode.name === 'result' && (key.name === 'escape' || key.name === 'return'))) home();
    },
    { isActive: active && (mode.name === 'home' || mode.name === 'backups' || mode.name === 'result') },
  );

  const startUpload = async (request: UploadRequest) => {
    const outcome = await actions.upload(request);
    if (outcome.ok) {
      const { result } = outcome;
      setFormDirty(false);
      setMode({
        name: 'result',
        lines: [
          `Uploaded ${request.path}.`,
          `Now stored: ${result.counts.cloudCredentials} cloud credential(s), ${result.counts.keychainCredentials} keychain credential(s), ${result.counts.poolKeys} pool key(s).`,
          `The previous configuration was saved as ${result.backup.path}.`,
          ...(result.seedReplaced ? ["The secret seed was replaced by the archive's."] : []),
          ...(result.dropped.length ? ['Secrets dropped (they could not be read without the archive\'s seed):'] : []),
          ...result.dropped.map((entry) => `  ${entry.kind} ${entry.name}`),
        ],
      });
    } else if (request.path && mode.name === 'confirm-upload') {
      setMode({ name: 'upload', initial: { path: request.path, passphrase: '', discardSecrets: request.discardSecrets } });
    } else {
      setMode({ name: 'backups' });
    }
  };

  const width = size.columns;
  const isActive = active && !actions.busy;
  if (mode.name === 'save') {
    const mismatch = passphraseMismatch(saveValues);
    const warnings = [...SAVE_WARNINGS, ...(saveValues.secretSeed ? [SEED_WARNING] : [])];
    return (
      <Box flexDirection="column" width={width} height={size.rows}>
        {warnings.map((text) => (
          <Text key={text} color={theme.colors.warning} wrap="wrap">{displayText(`${theme.symbols.warning} ${text}`, theme.ascii)}</Text>
        ))}
        <Form
          key={`save-${mode.usb}`}
          fields={saveFields}
          initialValues={mode.initial}
          messages={mismatch ? { repeat: { error: mismatch } } : undefined}
          width={width}
          height={size.rows - warnings.reduce((lines, text) => lines + Math.ceil((text.length + 2) / width), 0)}
          isActive={isActive}
          submitLabel="Save"
          onChange={(values, dirty) => {
            setSaveValues(values);
            setFormDirty(dirty);
          }}
          onSubmit={async (values) => {
            const saved = await actions.save({
              path: String(values.path),
              secretSeed: values.secretSeed === true,
              poolKeys: values.poolKeys === true,
              passphrase: String(values.passphrase ?? ''),
              rememberAsUsb: mode.usb,
            });
            if (saved) home();
          }}
          onCancel={home}
        />
      </Box>
    );
  }
  if (mode.name === 'upload') {
    return (
      <Form
        key={`upload-${JSON.stringify(mode.initial.path)}`}
        fields={uploadFields}
        initialValues={mode.initial}
        width={width}
        height={size.rows}
        isActive={isActive}
        submitLabel="Upload"
        onChange={(_values, dirty) => setFormDirty(dirty)}
        onSubmit={(values) => setMode({ name: 'confirm-upload', request: { path: String(values.path), passphrase: String(values.passphrase ?? ''), discardSecrets: values.discardSecrets === true } })}
        onCancel={home}
      />
    );
  }
  if (mode.name === 'confirm-upload') {
    const { request } = mode;
    const discard = request.discardSecrets ? ' Records whose secrets this system cannot read keep their names and lose their secrets.' : '';
    return (
      <Box flexDirection="column" width={width} height={size.rows}>
        <ConfirmDialog
          title="Upload configuration"
          message={`Replace the current configuration with ${request.path}? It is checked first, and the current configuration is saved to backups/.${discard}`}
          yesLabel="Upload"
          noLabel="Cancel"
          width={Math.min(width, 76)}
          isActive={isActive}
          onAnswer={(yes) => (yes ? void startUpload(request) : setMode({ name: 'upload', initial: { path: request.path, passphrase: '', discardSecrets: request.discardSecrets } }))}
        />
      </Box>
    );
  }
  if (mode.name === 'backups') {
    return (
      <BackupsView
        backups={overview.backups}
        width={width}
        height={size.rows}
        isActive={isActive}
        onRestore={(backup) => setMode({ name: 'confirm-upload', request: { path: backup.path, passphrase: '', discardSecrets: false } })}
      />
    );
  }
  if (mode.name === 'result') {
    return (
      <Box flexDirection="column" width={width} height={size.rows}>
        {mode.lines.map((line, index) => <Text key={index}>{fitText(displayText(line, theme.ascii), width, theme.symbols.ellipsis)}</Text>)}
        <Text color={theme.colors.muted}>Press Enter or Esc to go back.</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={size.rows}>
      <Text bold>Actions</Text>
      <List<Action>
        items={homeActions}
        columns={[{ header: 'Key', value: (action) => action.key, width: 3 }, { header: 'Action', value: (action) => action.label }]}
        showHeader={false}
        width={width}
        height={homeActions.length}
        isActive={isActive}
        getKey={(action) => action.key}
        onSubmit={(action) => runAction(action.key)}
      />
      <Text> </Text>
      <Overview overview={overview} dataDir={services.paths.dir} usb={usb} width={width} recentRows={Math.max(0, size.rows - 14)} />
    </Box>
  );
}

function usbActionLabel(path: string | undefined, options: { secretSeed: boolean; poolKeys: boolean } | undefined): string {
  if (!path) return 'Save to a USB stick (none mounted now)';
  if (!options) return `Save to the USB stick at ${path}`;
  // One key repeats the last save to the stick; U (see ?) opens the form to choose again.
  return `Save to ${path} now: ${options.secretSeed ? 'with' : 'no'} seed, ${options.poolKeys ? 'with' : 'no'} pool keys`;
}

function BackupsView(props: { backups: BackupEntry[]; width: number; height: number; isActive: boolean; onRestore: (backup: BackupEntry) => void }) {
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold>Backups (newest first): Enter restores one</Text>
      <List<BackupEntry>
        items={props.backups}
        columns={[
          { header: 'Name', value: (backup) => backup.name },
          { header: 'Kind', value: (backup) => backup.kind, width: 10 },
          { header: 'Created', value: (backup) => backup.createdAt.slice(0, 16).replace('T', ' '), width: 16 },
          { header: 'Size', value: (backup) => `${Math.ceil(backup.bytes / 1024)} KiB`, width: 9, align: 'right' },
        ]}
        width={props.width}
        height={props.height - 1}
        isActive={props.isActive}
        emptyText="No backups yet: the daily backup runs at 03:45."
        getKey={(backup) => backup.name}
        onSubmit={props.onRestore}
      />
    </Box>
  );
}
