import React, { useEffect, useMemo } from 'react';
import { Box, Text } from 'ink';
import { listDestinations, listRecipients } from '../../engine/offsite/index.js';
import { configurationOverview } from '../../engine/overview.js';
import { List, rowsAboveConfirm, useListState, WithConfirmBelow, type ListColumn } from '../../widgets/index.js';
import { PanelStack, questionDialog, useRecordModes, useStoreData, useTask, type PanelComponents, type PanelProps } from '../kit/index.js';
import { useScreenBindings, useScreenKeys, type ScreenProps } from '../screenContract.js';
import type { GeneralScreen, Panel } from './generalScreen.js';
import { LocalBackupsView } from './LocalBackupsView.js';
import { offsiteActionLabel } from './offsiteForms.js';
import { AddDestinationForm, OffsiteView } from './OffsitePanels.js';
import { Overview } from './Overview.js';
import { AddRecipientForm, IdentityView, RecipientsView } from './RecipientPanels.js';
import { RemoteBackupsView, RestoreForm } from './RestorePanels.js';
import { ResultView } from './ResultView.js';
import { SaveForm, saveToDisk } from './SavePanels.js';
import { ConfirmUpload, UploadForm } from './UploadPanels.js';

interface Action {
  readonly key: string;
  readonly label: string;
}

const actionColumns: readonly ListColumn<Action>[] = [{ header: 'Key', value: (action) => action.key, width: 3 }, { header: 'Action', value: (action) => action.label }];
const actionKey = (action: Action) => action.key;
/** `u` with no stick: said, rather than opening the plain save form as if it were one. */
const NO_STICK = 'No USB stick is mounted: plug one in and press u again, or s saves to a file.';
/** Rows of the home screen besides the actions and the recent changes. */
const HOME_ROWS = 10;

const panels: PanelComponents<Panel, GeneralScreen> = {
  save: SaveForm,
  upload: UploadForm,
  backups: LocalBackupsView,
  'confirm-upload': ConfirmUpload,
  result: ResultView,
  offsite: OffsiteView,
  'add-destination': AddDestinationForm,
  recipients: RecipientsView,
  'add-recipient': AddRecipientForm,
  identity: IdentityView,
  remote: RemoteBackupsView,
  restore: RestoreForm,
};

/** General: save the configuration (file or USB stick), upload one, restore a backup, backups off the box. */
export function General({ services, active, size }: ScreenProps) {
  const task = useTask(active);
  const modes = useRecordModes<Panel>(task.status.clear);
  const data = useStoreData(services, active);
  const { reload } = data;
  useEffect(() => services.onBackupMade(reload), [services, reload]);
  // The USB stick is looked for again with the rest: one may have come or gone.
  const { overview, usb, offsite } = useMemo(() => ({
    overview: data.read((store) => configurationOverview(store, services.paths), undefined),
    usb: services.usbTarget(),
    offsite: data.read((store) => offsiteActionLabel(listDestinations(store), listRecipients(store).length), 'Backups off the box'),
  }), [data, services]);
  const usbOptions = services.preferences.get('usbOptions');
  const idle = active && task.running === null;
  const { question } = modes;
  const panelSize = { columns: size.columns, rows: rowsAboveConfirm(size.columns, size.rows, question) };
  const general: GeneralScreen = { services, task, modes, data, size: panelSize, backups: overview?.backups ?? [] };

  const homeActions: Action[] = [
    { key: 's', label: 'Save the configuration to a file' },
    { key: 'u', label: usbActionLabel(usb?.path, usbOptions) },
    { key: 'l', label: 'Upload a saved configuration' },
    { key: 'b', label: `Backups: restore one (${overview?.backups.length ?? 0} kept)` },
    { key: 'o', label: offsite },
  ];
  const run: Record<string, () => void> = {
    s: () => modes.open({ kind: 'save', usb: false }),
    u: () => {
      const stick = services.usbTarget(); // looked for now: one may have been plugged in since the last frame
      if (!stick) task.status.warning(NO_STICK);
      else if (usbOptions) saveToDisk(general, { path: stick.path, ...usbOptions, passphrase: '', rememberAsUsb: true });
      else modes.open({ kind: 'save', usb: true });
    },
    U: () => (services.usbTarget() ? modes.open({ kind: 'save', usb: true }) : task.status.warning(NO_STICK)),
    l: () => modes.open({ kind: 'upload', id: Date.now(), initial: { path: '', passphrase: '', discardSecrets: false } }),
    b: () => modes.open({ kind: 'backups' }),
    o: () => modes.open({ kind: 'offsite' }),
  };
  const list = useListState(homeActions, homeActions.length, actionKey);
  useScreenBindings([
    { keys: 's', label: 'save', action: run.s },
    { keys: 'u', label: 'save to USB', action: run.u },
    { keys: 'U', label: 'save to USB, choosing what to include', footer: false, action: run.U },
    { keys: 'l', label: 'upload', action: run.l },
    { keys: 'b', label: 'backups', action: run.b },
    { keys: 'o', label: 'off the box', action: run.o },
    { keys: 'Enter', label: 'the highlighted action', footer: false, action: () => run[list.current()?.key ?? '']?.() },
    { keys: ['Up', 'Down'], label: 'choose an action', footer: false },
  ], idle && modes.panel === undefined && question === undefined);
  useScreenKeys([], active && question !== undefined); // the question reads y/n itself

  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <WithConfirmBelow width={size.columns} height={size.rows} confirm={questionDialog(modes, idle)}>
        {(rows) => (modes.stack.length ? (
          <PanelStack stack={modes.stack} shown width={size.columns} height={rows}>
            {(panel, top) => {
              const Component = panels[panel.kind] as React.ComponentType<PanelProps<Panel, GeneralScreen>>;
              return <Component screen={general} panel={panel} active={idle && top && question === undefined} />;
            }}
          </PanelStack>
        ) : (
          <Box flexDirection="column" width={size.columns} height={rows}>
            <Text bold>Actions</Text>
            <List items={homeActions} columns={actionColumns} showHeader={false} width={size.columns} height={homeActions.length} isActive={idle && question === undefined} state={list} />
            <Text> </Text>
            {overview ? <Overview overview={overview} dataDir={services.paths.dir} usb={usb} width={size.columns} recentRows={Math.max(0, rows - HOME_ROWS - homeActions.length)} /> : null}
          </Box>
        ))}
      </WithConfirmBelow>
    </Box>
  );
}

function usbActionLabel(path: string | undefined, options: { secretSeed: boolean; poolKeys: boolean } | undefined): string {
  if (!path) return 'Save to a USB stick (none mounted now)';
  if (!options) return `Save to the USB stick at ${path}`;
  // One key repeats the last save to the stick; U (see ?) opens the form to choose again.
  return `Save to ${path} now: ${options.secretSeed ? 'with' : 'no'} seed, ${options.poolKeys ? 'with' : 'no'} pool keys`;
}
