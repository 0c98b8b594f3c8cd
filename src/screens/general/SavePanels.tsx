import { resolve } from 'node:path';
import React, { useState } from 'react';
import { Text } from 'ink';
import { refusalReason } from '../../common/errors.js';
import { runEngineJob } from '../../engine/offThread/index.js';
import { rememberDirectory, startDirectory } from '../../engine/preferences.js';
import { useTheme, type FormValues } from '../../widgets/index.js';
import { FormPanel } from '../kit/index.js';
import { passphraseMismatch, saveFields, SAVE_WARNINGS, SEED_WARNING } from './generalForms.js';
import type { GeneralPanelProps, GeneralScreen } from './generalScreen.js';

export interface SaveRequest {
  readonly path: string;
  readonly secretSeed: boolean;
  readonly poolKeys: boolean;
  readonly passphrase: string;
  /** Remember the directory as the USB stick's path, and the choices for a one-key save. */
  readonly rememberAsUsb: boolean;
  /** A file that exists is replaced: the user said yes to "Replace it?". */
  readonly replace?: boolean;
}

/** Saves; a file path that exists is replaced only after a yes to the question asked under the form. */
export function saveToDisk(general: GeneralScreen, request: SaveRequest): void {
  const { services, task, modes } = general;
  const path = resolve(request.path);
  const options = { secretSeed: request.secretSeed, poolKeys: request.poolKeys, replace: request.replace === true, ...(request.passphrase ? { passphrase: request.passphrase } : {}) };
  // Off the UI thread (a passphrase's work factor takes seconds): the spinner turns, Esc stops it.
  task.run('Saving the configuration...', (signal) => runEngineJob('save', { dataDir: services.paths.dir, to: path, options, at: Date.now() }, { signal, cancelledMessage: 'Save cancelled: nothing was written.' }), {
    cancellable: true,
    done: (saved) => {
      if (request.rememberAsUsb) {
        services.preferences.set('lastUsbPath', path);
        // A passphrase is never remembered, so a protected save cannot be repeated with one key.
        services.preferences.set('usbOptions', request.passphrase ? undefined : { secretSeed: request.secretSeed, poolKeys: request.poolKeys });
      } else {
        rememberDirectory(services.preferences, 'lastSaveDir', saved.path); // the next save starts there
      }
      modes.home();
      const included = [request.secretSeed ? 'with the seed' : 'without the seed', request.poolKeys ? 'with pool keys' : 'without pool keys'];
      task.status.success(`Saved ${saved.path} (${included.join(', ')}${request.passphrase ? ', passphrase-protected' : ''})`);
    },
    failed: (error) => {
      if (refusalReason(error) !== 'target-exists') return;
      modes.ask({
        title: 'Replace it?',
        message: `${path} already exists. Replace it with this configuration? What it holds now is lost.`,
        yesLabel: 'Replace',
        noLabel: 'Cancel',
        onYes: () => saveToDisk(general, { ...request, replace: true }),
      });
    },
  });
}

export function SaveForm({ screen, panel: { usb }, active }: GeneralPanelProps<'save'>) {
  const { services, modes, size } = screen;
  const theme = useTheme();
  const [initial] = useState(() => ({ path: (usb && services.usbTarget()?.path) || startDirectory(services.preferences, 'lastSaveDir'), secretSeed: false, poolKeys: false, passphrase: '', repeat: '' }));
  const [withSeed, setWithSeed] = useState(false);
  const warnings = [...SAVE_WARNINGS, ...(withSeed ? [SEED_WARNING] : [])];
  const above = {
    rows: warnings.reduce((lines, text) => lines + Math.ceil((text.length + 2) / size.columns), 0),
    node: warnings.map((text) => <Text key={text} color={theme.colors.warning} wrap="wrap">{`${theme.symbols.warning} ${text}`}</Text>),
  };
  const submit = (values: FormValues) => saveToDisk(screen, {
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
      isActive={active}
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
