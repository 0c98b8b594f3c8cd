import React, { useCallback, useEffect, useMemo, useState } from 'react';
import {
  cloudCredentialDetails,
  deleteCloudCredential,
  listCloudCredentials,
  verifySavedCloudCredential,
  type CloudCredentialDetails,
  type CloudCredentialSummary,
  type CloudCredentialVerifiedSave,
  type CloudVerifyOptions,
} from '../../engine/cloud/index.js';
import { checkCell, VERIFY_WORDING } from '../../engine/formatting.js';
import type { VerifyResult } from '../../engine/rclone/index.js';
import { findProvider, type ProviderDefinition } from '../../providers/index.js';
import { ScrollText, wrapText, type Binding, type ListColumn } from '../../widgets/index.js';
import { recordScreen, useShownRecord, type PanelProps, type RecordScreenState } from '../kit/index.js';
import { useScreenBindings, type ScreenProps } from '../screenContract.js';
import { CredentialForm } from './CredentialForm.js';
import { CredentialView } from './CredentialView.js';
import { ProviderPicker } from './ProviderPicker.js';
import { useVerifyAll, type VerifyAll } from './use-verify-all.js';

type Panel =
  | { readonly kind: 'pick' }
  | { readonly kind: 'form'; readonly provider: ProviderDefinition; readonly existing?: CloudCredentialDetails }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'details'; readonly failure: VerifyFailure };

/** What a failed verify left for "details": one line on the status line, the whole text here. */
interface VerifyFailure {
  readonly title: string;
  readonly message: string;
  readonly details: string;
}

/** The screen's state and what its parts share: the last failed verify, verify all. */
interface Cloud {
  readonly screen: RecordScreenState<CloudCredentialSummary, Panel>;
  /** How rclone is run (the services name it). */
  readonly rclone: CloudVerifyOptions;
  readonly verifyAll: VerifyAll;
  readonly failure: VerifyFailure | null;
  /** A verify's result on the status line; `detailsKey` is the key that shows a failure's details there. */
  report(title: string, result: VerifyResult, detailsKey: string, extra?: string): void;
}

const PROVIDER_WIDTH = 18;
const VERIFY_WIDTH = 19;
/** The header's right end shows the position ("9982-10000/10000"): the name column leaves it room. */
const POSITION_ROOM = 9;

function columnsFor(width: number): ListColumn<CloudCredentialSummary>[] {
  const nameWidth = Math.max(12, width - 1 - 3 - PROVIDER_WIDTH - VERIFY_WIDTH - POSITION_ROOM);
  return [
    { header: 'Name', value: (credential) => credential.name, width: nameWidth },
    { header: 'Provider', value: (credential) => credential.providerLabel, width: PROVIDER_WIDTH },
    { header: 'Last verify', value: (credential) => checkCell(credential.lastCheck, VERIFY_WORDING), width: VERIFY_WIDTH },
  ];
}

/**
 * Cloud Credentials: list (name, provider, last verify), add (provider, then its form), view
 * (secrets masked until Ctrl-R), edit, verify (one, unsaved, or all in the background), delete.
 * The engine (src/engine/cloud) holds every rule; this screen composes widgets around it.
 */
export const CloudCredentials = recordScreen<CloudCredentialSummary, Panel, Cloud>({
  load: listCloudCredentials,
  getKey: (credential) => String(credential.id),
  columns: columnsFor,
  emptyText: 'No cloud credentials yet: press a to add one.',
  useShared: useCloud,
  bindings: (cloud) => [
    { keys: 'a', label: 'add', action: () => cloud.screen.modes.open({ kind: 'pick' }) },
    ...credentialActions(cloud, cloud.screen.onRow),
    { keys: 'Enter', label: 'view', action: cloud.screen.onRow((credential) => cloud.screen.modes.open({ kind: 'view', id: credential.id })) },
    { keys: 'i', label: 'details of the last failed verify', footer: cloud.failure !== null, action: () => showDetails(cloud) },
  ],
  panels: { pick: PickPanel, form: CredentialFormPanel, view: CredentialPanel, details: FailureDetails },
});

/** What this screen adds to a record screen: how rclone runs, verify all, the last failed verify. */
function useCloud(screen: RecordScreenState<CloudCredentialSummary, Panel>, { services }: ScreenProps): Cloud {
  const { task } = screen;
  const { rclonePath } = services;
  const rclone = useMemo((): CloudVerifyOptions => (rclonePath ? { rclonePath } : {}), [rclonePath]);
  const verifyAll = useVerifyAll(services, screen.data, task, rclone);
  const [failure, setFailure] = useState<VerifyFailure | null>(null);
  const report = (title: string, result: VerifyResult, detailsKey: string, extra = '') => {
    if (result.ok) {
      setFailure(null);
      return task.status.success(`${title}: valid${extra}`);
    }
    if (result.reason === 'cancelled') return task.status.info('Verification cancelled.');
    setFailure({ title, message: result.message, details: result.details });
    task.status.error(`${title}: ${result.message}${result.details ? ` (${detailsKey}: details)` : ''}`);
  };
  return { screen, rclone, verifyAll, failure, report };
}

type PanelOf<K extends Panel['kind']> = PanelProps<Extract<Panel, { readonly kind: K }>, Cloud>;

function PickPanel({ screen: { screen }, active }: PanelOf<'pick'>) {
  const { modes, size } = screen;
  return <ProviderPicker width={size.columns} height={size.rows} isActive={active} onPick={(provider) => modes.swap({ kind: 'form', provider })} onCancel={modes.back} />;
}

function CredentialFormPanel({ screen: cloud, panel, active }: PanelOf<'form'>) {
  const { screen } = cloud;
  return (
    <CredentialForm
      provider={panel.provider}
      existing={panel.existing}
      rclone={cloud.rclone}
      data={screen.data}
      task={screen.task}
      size={screen.size}
      isActive={active}
      onVerified={(title, outcome, key) => cloud.report(title, outcome.result, key)}
      onDetails={() => showDetails(cloud)}
      onSaved={(saved) => onSaved(cloud, saved, panel.existing === undefined)}
      onCancel={screen.modes.back}
    />
  );
}


/** What can be done to one credential, from the list (the highlighted row) or from its view. */
function credentialActions(cloud: Cloud, on: (act: (credential: { id: number; name: string }) => void) => () => void): Binding[] {
  const { verifyAll } = cloud;
  return [
    { keys: 'e', label: 'edit', action: on((credential) => edit(cloud, credential.id)) },
    { keys: 'd', label: 'delete', action: on((credential) => askDelete(cloud, credential)) },
    { keys: 'v', label: 'verify', action: on((credential) => verifySaved(cloud, credential)) },
    { keys: 'V', label: verifyAll.progress ? 'stop verify all' : 'verify all', action: verifyAll.toggle },
  ];
}

function edit({ screen }: Cloud, id: number): void {
  const existing = screen.data.find((store) => cloudCredentialDetails(store, id));
  if (existing) screen.modes.open({ kind: 'form', provider: findProvider(existing.provider), existing });
}

function askDelete({ screen }: Cloud, credential: { id: number; name: string }): void {
  const { modes, task, data } = screen;
  const details = data.find((store) => cloudCredentialDetails(store, credential.id));
  const keypair = details?.keypair ? `\nIts SSH keypair "${details.keypair.name}" stays (SSH Keypairs screen).` : '';
  modes.ask({
    title: 'Delete cloud credential',
    message: `Delete "${credential.name}" (${details?.providerLabel ?? 'unreadable'})? This cannot be undone.${keypair}`,
    yesLabel: 'Delete',
    noLabel: 'Keep',
    onYes: () => {
      modes.home();
      task.attempt(() => {
        deleteCloudCredential(data.store(), credential.id);
        task.status.success(`Deleted ${credential.name}.`);
      });
      data.changed();
    },
  });
}

function verifySaved({ screen, rclone, verifyAll, report }: Cloud, credential: { id: number; name: string }): void {
  const { task, data } = screen;
  if (verifyAll.progress) return task.status.warning('Verify all is running: wait for it, or press V to stop it.');
  task.run(`Verifying ${credential.name}...`, (signal) => verifySavedCloudCredential(data.store(), credential.id, { ...rclone, signal }), {
    cancellable: true,
    done: (outcome) => {
      data.changed();
      report(outcome.name, outcome.result, 'i', outcome.tokenSaved ? ' (rclone refreshed the token; the new one is saved)' : '');
    },
  });
}

function showDetails({ screen, failure }: Cloud): void {
  if (failure?.details) screen.modes.open({ kind: 'details', failure });
}

function onSaved({ screen }: Cloud, saved: CloudCredentialVerifiedSave, added: boolean): void {
  const { data, list, modes, task } = screen;
  data.changed();
  list.selectKey(String(saved.credential.id));
  modes.back();
  const keypair = saved.keypairCreated ? ` Generated SSH keypair "${saved.keypairCreated.name}": add its public key on the server (SSH Keypairs screen).` : '';
  const warnings = Object.values(saved.warnings);
  const text = `${added ? 'Added' : 'Saved'} ${saved.credential.name}.${keypair}${warnings.length ? ` ${warnings.join(' ')}` : ''}`;
  if (warnings.length) task.status.warning(text);
  else task.status.success(text);
}

function CredentialPanel({ screen: cloud, panel: { id }, active }: PanelOf<'view'>) {
  const { screen } = cloud;
  const [revealed, setRevealed] = useState(false);
  // A secret is shown only while its view has the keyboard.
  useEffect(() => {
    if (!active) setRevealed(false);
  }, [active]);
  const details = useShownRecord(screen, useCallback((store) => cloudCredentialDetails(store, id, { reveal: revealed }), [id, revealed]));
  useScreenBindings([
    { keys: 'Ctrl-R', label: revealed ? 'hide secrets' : 'reveal secrets', when: Boolean(details?.secrets.length), action: () => setRevealed((shown) => !shown) },
    ...credentialActions(cloud, (act) => () => details && act(details)),
    { keys: 'Esc', label: 'back', action: screen.modes.back },
    { keys: 'i', label: 'details of the last failed verify', footer: false, action: () => showDetails(cloud) },
    { keys: ['Up', 'Down'], label: 'scroll', footer: false },
  ], active);
  return details ? <CredentialView details={details} revealed={revealed} width={screen.size.columns} height={screen.size.rows} isActive={active} /> : null;
}

function FailureDetails({ screen: { screen }, panel: { failure }, active }: PanelOf<'details'>) {
  const { columns: width, rows: height } = screen.size;
  useScreenBindings([{ keys: ['Esc', 'Enter'], label: 'back', action: screen.modes.back }, { keys: ['Up', 'Down'], label: 'scroll' }], active);
  const lines = [
    { text: `Verify failed: ${failure.title}`, tone: 'error' as const, bold: true },
    ...wrapText(failure.message, width).map((text) => ({ text })),
    { text: '' },
    { text: 'rclone said (secrets redacted):', tone: 'muted' as const },
    ...wrapText(failure.details.trimEnd(), width).map((text) => ({ text })),
  ];
  return <ScrollText lines={lines} width={width} height={height} isActive={active} />;
}
