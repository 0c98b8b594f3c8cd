import { basename, resolve } from 'node:path';
import React from 'react';
import { Box } from 'ink';
import { refusalReason, type RefusalReason } from '../../common/errors.js';
import type { UploadResult } from '../../engine/archive/upload.js';
import { runEngineJob } from '../../engine/offThread/index.js';
import { parseIdentityFile } from '../../engine/offsite/index.js';
import { ConfirmDialog, wrapText, type FormValues } from '../../widgets/index.js';
import { FormPanel, userMessage } from '../kit/index.js';
import { useScreenKeys } from '../screenContract.js';
import type { AppServices } from '../services.js';
import { uploadFields } from './generalForms.js';
import { type GeneralPanelProps, type GeneralScreen, type Panel, type UploadRequest, type UploadSource } from './generalScreen.js';

/** The console's own way out of an upload refusal (where the CLI names a flag): the field that lets it go on. */
const UPLOAD_REFUSALS: Partial<Record<RefusalReason, { readonly field: string; readonly hint: string }>> = {
  'passphrase-required': { field: 'passphrase', hint: 'type it in Passphrase' },
  'identity-required': { field: 'identity', hint: 'paste it in Identity' },
  'secrets-unreadable': { field: 'discardSecrets', hint: 'or tick "Discard unreadable secrets" to keep the records without the secrets this seed cannot read' },
};

/** Lines of the records named in a refusal shown in the question: the rest is in the result. */
const QUESTION_LINES = 8;

export function UploadForm({ screen, panel: { initial, focus }, active }: GeneralPanelProps<'upload'>) {
  const { modes, size } = screen;
  const submit = (values: FormValues) => {
    const source = { from: 'file' as const, path: String(values.path) };
    modes.open({ kind: 'confirm-upload', request: { source, passphrase: String(values.passphrase ?? ''), identity: '', discardSecrets: values.discardSecrets === true, skipInvalid: false, fromForm: true } });
  };
  return (
    <FormPanel
      title="Upload a saved configuration"
      size={size}
      isActive={active}
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

const sourceText = (source: UploadSource): string => (source.from === 'file' ? source.path : `${source.name} from ${source.destination}`);

export function ConfirmUpload({ screen, panel: { request }, active }: GeneralPanelProps<'confirm-upload'>) {
  const { modes, size } = screen;
  useScreenKeys([], active); // the question reads y/n itself
  const discard = request.discardSecrets ? ' Records whose secrets this system cannot read keep their names and lose their secrets.' : '';
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <ConfirmDialog
        title={request.source.from === 'file' ? 'Upload configuration' : 'Restore configuration'}
        message={`Replace the current configuration with ${sourceText(request.source)}? It is checked first, and the current configuration is saved to backups/.${discard}`}
        yesLabel={request.source.from === 'file' ? 'Upload' : 'Restore'}
        noLabel="Cancel"
        width={Math.min(size.columns, 76)}
        isActive={active}
        onAnswer={(yes) => (yes ? runUpload(screen, request) : modes.back())}
      />
    </Box>
  );
}

/** Uploads (or restores from a destination) what the question was about; then the result, or the way out of a refusal. */
export function runUpload(general: GeneralScreen, request: UploadRequest): void {
  const { services, task, modes } = general;
  const restoring = request.source.from === 'destination';
  task.run(restoring ? 'Fetching, checking and restoring the configuration...' : 'Checking and uploading the configuration...', (signal) => uploadFrom(services, request, signal), {
    cancellable: restoring,
    done: (result) => {
      services.storeChanged({ replaced: true });
      modes.home();
      modes.open({ kind: 'result', lines: uploadedLines(request.source, result) });
      task.status.success(`${restoring ? 'Restored' : 'Uploaded'} ${sourceText(request.source)}; the previous configuration is in ${result.backup.name}`);
    },
    failed: (error) => uploadRefused(general, request, error),
  });
}

function uploadFrom(services: AppServices, request: UploadRequest, signal: AbortSignal): Promise<UploadResult> {
  const { source } = request;
  const choices = { discardSecrets: request.discardSecrets, skipInvalid: request.skipInvalid };
  // Off the UI thread: a passphrase's scrypt and the checks of every record take longer than a frame.
  if (source.from === 'destination') {
    const key = request.identity.trim() ? { identities: parseIdentityFile(request.identity) } : { passphrase: request.passphrase };
    const options = { ...choices, ...(services.rclonePath ? { rclonePath: services.rclonePath } : {}) };
    return runEngineJob('restore', { dataDir: services.paths.dir, destination: source.destination, name: source.name, key, options }, { signal, cancelledMessage: 'Restore cancelled.' });
  }
  const options = { ...choices, ...(request.passphrase ? { passphrase: request.passphrase } : {}), source: basename(source.path) };
  return runEngineJob('upload', { dataDir: services.paths.dir, path: resolve(source.path), options });
}

function uploadRefused(general: GeneralScreen, request: UploadRequest, error: unknown): void {
  const { task, modes, size } = general;
  const reason = refusalReason(error);
  modes.back(); // the question answered
  if (reason === 'records-invalid') {
    const listed = wrapText(userMessage(error), Math.max(20, Math.min(size.columns, 76) - 4), QUESTION_LINES);
    task.status.warning('Nothing was changed: the configuration holds records that break the rules.');
    modes.ask({
      title: 'Leave those records out?',
      message: `${listed.join('\n')}\nLeave them out and go on? What is left out is listed afterwards.`,
      yesLabel: 'Leave them out',
      noLabel: 'Cancel',
      onYes: () => runUpload(general, { ...request, skipInvalid: true }),
    });
    return;
  }
  const way = reason ? UPLOAD_REFUSALS[reason] : undefined;
  if (request.fromForm) {
    // A fresh form, what was typed kept (secrets aside) and the field that lets it go on focused.
    modes.back();
    modes.open(freshForm(request, way?.field));
  }
  task.status.error(way ? `${userMessage(error).replace(/\.$/, '')}: ${way.hint}.` : userMessage(error));
}

function freshForm(request: UploadRequest, focus: string | undefined): Panel {
  const { source } = request;
  const focused = focus ? { focus } : {};
  if (source.from === 'destination') return { kind: 'restore', id: Date.now(), destination: source.destination, name: source.name, ...focused };
  return { kind: 'upload', id: Date.now(), initial: { path: source.path, passphrase: '', discardSecrets: request.discardSecrets }, ...focused };
}

export function uploadedLines(source: UploadSource, result: UploadResult): string[] {
  const { counts } = result;
  return [
    source.from === 'file' ? `Uploaded ${source.path}.` : `Restored ${source.name} from ${source.destination}.`,
    `Now stored: ${counts.cloudCredentials} cloud credential(s), ${counts.keychainCredentials} keychain credential(s), ${counts.poolKeys} pool key(s).`,
    `Backups off the box: ${counts.destinations} destination(s), ${counts.recipients} recipient(s).`,
    `The previous configuration was saved as ${result.backup.path}.`,
    ...(result.seedReplaced ? ["The secret seed was replaced by the archive's."] : []),
    ...(result.dropped.length ? ["Secrets dropped (they could not be read without the archive's seed):"] : []),
    ...result.dropped.map((entry) => `  ${entry.kind} ${entry.name}`),
    ...(result.skipped.length ? ['Left out (they break the rules):'] : []),
    ...result.skipped.map((entry) => `  ${entry.kind} ${entry.name}: ${entry.reason}`),
  ];
}
