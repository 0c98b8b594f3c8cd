import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box } from 'ink';
import {
  addCloudCredential,
  cloudCredentialDetails,
  CloudCredentialInvalid,
  deleteCloudCredential,
  editCloudCredential,
  keypairOptions,
  listCloudCredentials,
  verifyCloudCredentialInput,
  verifySavedCloudCredential,
  type CloudCredentialDetails,
  type CloudCredentialSaved,
  type CloudCredentialSummary,
} from '../engine/cloud/index.js';
import type { VerifyResult } from '../engine/rclone/index.js';
import { findProvider, loadServiceAccountFile, type ProviderDefinition } from '../providers/index.js';
import { plainLetter, useKeys, WithConfirmBelow, wrapText, type FormValues, type KeyPress } from '../widgets/index.js';
import { CredentialFormPanel } from './cloud/CredentialFormPanel.js';
import { CredentialList } from './cloud/CredentialList.js';
import { CredentialView } from './cloud/CredentialView.js';
import { credentialForm, credentialInput, filePaths, type CredentialFormModel } from './cloud/formModel.js';
import { cloudKeyHints } from './cloud/keyHints.js';
import { ProviderPicker } from './cloud/ProviderPicker.js';
import { ScrollText } from './cloud/ScrollText.js';
import { useCloudTasks, type VerifyFailure } from './cloud/useCloudTasks.js';
import { useScreenDirty, useScreenKeys, type ScreenProps } from './types.js';

type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'pick' }
  | { readonly kind: 'form'; readonly provider: ProviderDefinition; readonly model: CredentialFormModel; readonly existingId?: number; readonly from: 'list' | 'view' }
  | { readonly kind: 'view'; readonly id: number; readonly revealed: boolean }
  | { readonly kind: 'delete'; readonly credential: CloudCredentialSummary; readonly keypair: string | null; readonly from: 'list' | 'view' }
  | { readonly kind: 'details'; readonly failure: VerifyFailure; readonly back: Mode };

const LIST: Mode = { kind: 'list' };
const NONE: CloudCredentialSummary[] = [];
const ctrl = (key: KeyPress, text: string) => key.name === 'char' && key.ctrl && key.text === text;

/**
 * Cloud Credentials: list (name, provider, last verify), add (provider, then its form), view
 * (secrets masked until Ctrl-R), edit, verify (one, unsaved, or all in the background), delete.
 * The engine (src/engine/cloud) holds every rule; this screen composes widgets around it.
 */
export function CloudCredentials({ services, active, size }: ScreenProps) {
  const tasks = useCloudTasks(services);
  const [mode, setMode] = useState<Mode>(LIST);
  const [selected, setSelected] = useState<CloudCredentialSummary | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [showAllErrors, setShowAllErrors] = useState(false);
  const [formValues, setFormValues] = useState<FormValues>({});
  const [failure, setFailure] = useState<VerifyFailure | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const store = useCallback(() => services.store(), [services]);

  useEffect(() => services.onStoreReplaced(() => {
    setMode(LIST);
    reload();
  }), [services, reload]);
  const wasActive = useRef(active);
  useEffect(() => {
    // Another screen (SSH Keypairs) may have changed what this one shows.
    if (active && !wasActive.current) reload();
    wasActive.current = active;
  }, [active, reload]);

  const credentials = useMemo(() => {
    try {
      return listCloudCredentials(services.store());
    } catch {
      return NONE;
    }
  }, [services, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const details = useMemo((): CloudCredentialDetails | undefined => {
    const shown = mode.kind === 'details' ? mode.back : mode;
    if (shown.kind !== 'view') return undefined;
    try {
      return cloudCredentialDetails(services.store(), shown.id, { reveal: shown.revealed });
    } catch {
      return undefined;
    }
  }, [services, mode, version]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (mode.kind === 'view' && !details) setMode(LIST); // deleted meanwhile
  }, [mode, details]);

  const busy = tasks.running !== null;
  // The details of a failed verify open over the mode they came from, which stays mounted.
  const base = mode.kind === 'details' ? mode.back : mode;
  const inForm = base.kind === 'form';
  useScreenDirty(inForm && dirty);
  useScreenKeys(cloudKeyHints(mode.kind, { busy, cancellable: tasks.cancellable, verifyingAll: tasks.verifyAll !== null, hasFailure: failure !== null }));

  const { status } = tasks;
  const go = useCallback((next: Mode) => {
    setDirty(false);
    setShowAllErrors(false);
    setMode(next);
    status.clear(); // an old message does not belong to the next view; callers say what follows
  }, [status]);

  const openForm = (provider: ProviderDefinition, existing: CloudCredentialDetails | undefined, from: 'list' | 'view') => {
    const model = credentialForm(provider, keypairOptions(store()), existing);
    setFormValues(model.initialValues);
    go({ kind: 'form', provider, model, ...(existing ? { existingId: existing.id } : {}), from });
  };
  const edit = (id: number, from: 'list' | 'view') => {
    try {
      const current = cloudCredentialDetails(store(), id);
      openForm(findProvider(current.provider), current, from);
    } catch (error) {
      tasks.say('error', error instanceof Error ? error.message : String(error));
    }
  };
  const askDelete = (id: number, from: 'list' | 'view') => {
    const credential = credentials.find((candidate) => candidate.id === id);
    if (!credential) return;
    let keypair: string | null = null;
    try {
      keypair = cloudCredentialDetails(store(), id).keypair?.name ?? null;
    } catch {
      // an unreadable credential can still be deleted
    }
    setMode({ kind: 'delete', credential, keypair, from });
  };

  const reportVerify = (title: string, result: VerifyResult, extra = '') => {
    if (result.ok) {
      setFailure(null);
      tasks.say('success', `${title}: valid${extra}`);
      return;
    }
    if (result.reason === 'cancelled') {
      tasks.say('info', 'Verification cancelled.');
      return;
    }
    setFailure({ title, message: result.message, details: result.details });
    tasks.say('error', `${title}: ${result.message}${result.details ? ' (i: details)' : ''}`);
  };
  const verifySaved = (credential: { id: number; name: string }) => {
    if (tasks.verifyAll) return tasks.say('warning', 'Verify all is running: wait for it, or press V to stop it.');
    tasks.run(`Verifying ${credential.name}...`, (signal) => verifySavedCloudCredential(store(), credential.id, { signal }), (outcome) => {
      reload();
      reportVerify(outcome.name, outcome.result, outcome.tokenSaved ? ' (rclone refreshed the token; the new one is saved)' : '');
    }, { cancellable: true });
  };
  const verifyForm = () => {
    if (mode.kind !== 'form') return;
    const { provider, existingId } = mode;
    const values = formValues;
    tasks.run(`Verifying the ${provider.label} credential...`, async (signal) => {
      const input = await withLoadedFiles(provider, values);
      return verifyCloudCredentialInput(store(), input, { signal, ...(existingId === undefined ? {} : { existingId }) });
    }, (result) => reportVerify(String(values.name || 'This credential'), result), { cancellable: true });
  };
  const submitForm = (values: FormValues) => {
    if (mode.kind !== 'form') return;
    const { provider, existingId, from } = mode;
    const generating = credentialInput(provider, values).generateKeypair === true;
    tasks.run(generating ? 'Generating the SSH keypair and saving...' : 'Saving...', async () => {
      const input = await withLoadedFiles(provider, values);
      try {
        return existingId === undefined
          ? await addCloudCredential(store(), input)
          : await editCloudCredential(store(), existingId, { name: input.name, attributes: input.attributes, ...(input.generateKeypair ? { generateKeypair: true } : {}) });
      } catch (error) {
        if (error instanceof CloudCredentialInvalid) setShowAllErrors(true);
        throw error;
      }
    }, (saved: CloudCredentialSaved) => {
      reload();
      go(from === 'view' ? { kind: 'view', id: saved.credential.id, revealed: false } : LIST);
      const keypair = saved.keypairCreated ? ` Generated SSH keypair "${saved.keypairCreated.name}": add its public key on the server (SSH Keypairs screen).` : '';
      const warnings = Object.values(saved.warnings);
      const text = `${existingId === undefined ? 'Added' : 'Saved'} ${saved.credential.name}.${keypair}${warnings.length ? ` ${warnings.join(' ')}` : ''}`;
      tasks.say(warnings.length ? 'warning' : 'success', text);
    });
  };
  const answerDelete = (yes: boolean) => {
    if (mode.kind !== 'delete') return;
    const { credential, from } = mode;
    if (!yes) return go(from === 'view' ? { kind: 'view', id: credential.id, revealed: false } : LIST);
    go(LIST);
    try {
      deleteCloudCredential(store(), credential.id);
      tasks.say('success', `Deleted ${credential.name}.`);
    } catch (error) {
      tasks.say('error', error instanceof Error ? error.message : String(error));
    }
    reload();
  };
  const showDetails = () => {
    if (failure?.details && mode.kind !== 'details') setMode({ kind: 'details', failure, back: mode });
  };

  // Throttled reloads while verify all runs: the list shows results as they come.
  const lastReload = useRef(0);
  const progressReload = useCallback(() => {
    if (Date.now() - lastReload.current < 1000) return;
    lastReload.current = Date.now();
    reload();
  }, [reload]);

  const commonKeys = (key: KeyPress, id: number | undefined, from: 'list' | 'view') => {
    const char = plainLetter(key);
    if (char === 'V') tasks.toggleVerifyAll(progressReload, reload);
    else if (char === 'i') showDetails();
    else if (id === undefined) return;
    else if (char === 'e') edit(id, from);
    else if (char === 'd') askDelete(id, from);
    else if (char === 'v') verifySaved({ id, name: credentials.find((c) => c.id === id)?.name ?? String(id) });
  };
  useKeys((key) => {
    if (plainLetter(key) === 'a') go({ kind: 'pick' });
    else commonKeys(key, selected?.id, 'list');
  }, { isActive: active && mode.kind === 'list' && !busy });
  useKeys((key) => {
    if (mode.kind !== 'view') return;
    if (key.name === 'escape') go(LIST);
    else if (ctrl(key, 'r')) setMode({ ...mode, revealed: !mode.revealed });
    else commonKeys(key, mode.id, 'view');
  }, { isActive: active && mode.kind === 'view' && !busy });
  useKeys((key) => {
    if (ctrl(key, 't')) verifyForm();
    else if (ctrl(key, 'd')) showDetails();
  }, { isActive: active && mode.kind === 'form' && !busy });
  useKeys((key) => {
    if (mode.kind === 'details' && (key.name === 'escape' || key.name === 'return')) setMode(mode.back);
  }, { isActive: active && mode.kind === 'details' });
  useKeys((key) => {
    if (key.name === 'escape') tasks.cancel();
  }, { isActive: active && busy && tasks.cancellable });

  const onHighlight = useCallback((credential: CloudCredentialSummary | undefined) => setSelected(credential), []);
  const onOpen = useCallback((credential: CloudCredentialSummary) => go({ kind: 'view', id: credential.id, revealed: false }), [go]);
  const onFormChange = useCallback((values: FormValues, changed: boolean) => {
    setFormValues(values);
    setDirty(changed);
  }, []);

  const { columns: width, rows: height } = size;
  const showList = base.kind === 'list' || base.kind === 'delete';
  let panel: React.ReactNode = null;
  if (base.kind === 'pick') {
    panel = <ProviderPicker width={width} height={height} isActive={active} onPick={(provider) => openForm(provider, undefined, 'list')} onCancel={() => go(LIST)} />;
  } else if (base.kind === 'form') {
    panel = (
      <CredentialFormPanel
        key={`${base.provider.id}:${base.existingId ?? 'new'}`}
        provider={base.provider}
        model={base.model}
        {...(base.existingId === undefined ? {} : { existingId: base.existingId })}
        store={store}
        showAllErrors={showAllErrors}
        width={width}
        height={height}
        isActive={active && !busy && mode.kind === 'form'}
        onChange={onFormChange}
        onSubmit={submitForm}
        onCancel={() => (base.from === 'view' && base.existingId !== undefined ? go({ kind: 'view', id: base.existingId, revealed: false }) : go(LIST))}
      />
    );
  } else if (base.kind === 'view' && details) {
    panel = <CredentialView details={details} revealed={base.revealed} width={width} height={height} isActive={active && !busy && mode.kind === 'view'} />;
  }
  let overlay: React.ReactNode = null;
  if (mode.kind === 'details') {
    const lines = [
      { text: `Verify failed: ${mode.failure.title}`, tone: 'error' as const, bold: true },
      ...wrapText(mode.failure.message, width).map((text) => ({ text })),
      { text: '' },
      { text: 'rclone said (secrets redacted):', tone: 'muted' as const },
      ...wrapText(mode.failure.details.trimEnd(), width).map((text) => ({ text })),
    ];
    overlay = <ScrollText lines={lines} width={width} height={height} isActive={active} />;
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <WithConfirmBelow
        width={width}
        height={height}
        visible={showList && mode.kind !== 'details'}
        confirm={
          mode.kind === 'delete'
            ? {
                title: 'Delete cloud credential',
                message: `Delete "${mode.credential.name}" (${mode.credential.providerLabel})? This cannot be undone.${mode.keypair ? `\nIts SSH keypair "${mode.keypair}" stays (SSH Keypairs screen).` : ''}`,
                yesLabel: 'Delete',
                noLabel: 'Keep',
                isActive: active,
                onAnswer: answerDelete,
              }
            : undefined
        }
      >
        {(rows) => (
          <CredentialList credentials={credentials} width={width} height={rows} isActive={active && mode.kind === 'list' && !busy} onHighlight={onHighlight} onSubmit={onOpen} />
        )}
      </WithConfirmBelow>
      {showList || !panel ? null : <Box display={overlay ? 'none' : 'flex'} flexDirection="column" width={width} height={height}>{panel}</Box>}
      {overlay}
    </Box>
  );
}

/** The form's input with "Choose File" paths read (a service account key file). */
async function withLoadedFiles(provider: ProviderDefinition, values: FormValues) {
  const input = credentialInput(provider, values);
  for (const [key, path] of Object.entries(filePaths(provider, values))) {
    input.attributes[key] = await loadServiceAccountFile(path);
  }
  return input;
}
