import React, { useRef, useState } from 'react';
import {
  checkCloudCredential,
  CloudCredentialInvalid,
  CloudVerifyFailed,
  keypairOptions,
  saveCloudCredential,
  verifyCloudCredentialValues,
  type CloudCredentialDetails,
  type CloudCredentialVerifiedSave,
  type CloudVerifyOptions,
  type VerifiedValues,
} from '../../engine/cloud/index.js';
import { errorMessage } from '../../common/errors.js';
import { loadServiceAccountFile } from '../../engine/cloud/serviceAccountFile.js';
import { authorizeCommand, type ProviderDefinition } from '../../providers/index.js';
import { TextLine, WithConfirmBelow, wrapText, type FormValues } from '../../widgets/index.js';
import { FormPanel, type StoreData, type Task } from '../kit/index.js';
import type { ScreenSize } from '../screenContract.js';
import { credentialForm, credentialInput, filePaths, formMessages } from './credentialFormModel.js';

export interface CredentialFormProps {
  readonly provider: ProviderDefinition;
  /** Editing this stored credential; absent when adding. */
  readonly existing?: CloudCredentialDetails | undefined;
  readonly rclone: CloudVerifyOptions;
  readonly data: StoreData;
  readonly task: Task;
  readonly size: ScreenSize;
  readonly isActive: boolean;
  /** A verify's result, for the status line and the details key. */
  readonly onVerified: (title: string, outcome: VerifiedValues, detailsKey: string) => void;
  readonly onDetails: () => void;
  readonly onSaved: (saved: CloudCredentialVerifiedSave) => void;
  readonly onCancel: () => void;
}

/** A save that did not verify, waiting for the user's "save it anyway?". */
interface Unverified {
  readonly values: FormValues;
  readonly refusal: CloudVerifyFailed;
}

/**
 * The add or edit form of one provider: its fields (from the provider table), the problems
 * the engine finds at their fields, for OAuth providers the `rclone authorize` command to run
 * elsewhere; Ctrl-T verifies what it holds, and saving verifies first (the engine's
 * verify-then-save), asking before it keeps values that did not verify.
 */
export function CredentialForm(props: CredentialFormProps) {
  const { provider, existing, rclone, data, task, size, isActive, onVerified, onDetails, onSaved, onCancel } = props;
  // The form starts from what was stored when it opened; a reload meanwhile does not move it.
  const [model] = useState(() => credentialForm(provider, data.read(keypairOptions, []), existing));
  const existingId = existing?.id;
  const [showAllErrors, setShowAllErrors] = useState(false);
  const [unverified, setUnverified] = useState<Unverified | null>(null);
  const [clientId, setClientId] = useState('');
  // The last verify of this form's values (Ctrl-T or a save): a save of exactly those reuses it.
  const verified = useRef<VerifiedValues | undefined>(undefined);
  const title = (values: FormValues) => String(values.name || 'This credential');
  const scope = existingId === undefined ? {} : { existingId };

  const messages = (values: FormValues) => {
    const problems = data.find((store) => checkCloudCredential(store, credentialInput(provider, values), scope));
    return problems ? formMessages(problems, values, model.initialValues, showAllErrors, filePaths(provider, values)) : {};
  };

  const verify = (values: FormValues) => {
    task.run(`Verifying the ${provider.label} credential...`, async (signal) => verifyCloudCredentialValues(data.store(), await withLoadedFiles(provider, values), { ...rclone, ...scope, signal }), {
      cancellable: true,
      done: (outcome) => {
        verified.current = outcome;
        onVerified(title(values), outcome, 'Ctrl-D');
      },
    });
  };
  const save = (values: FormValues, how: 'refuse-on-failure' | 'save-anyway', known?: VerifiedValues) => {
    const generating = credentialInput(provider, values).generateKeypair === true;
    task.run(generating ? 'Generating the SSH keypair and saving...' : `Verifying and saving ${title(values)}...`, async (signal) => {
      const input = await withLoadedFiles(provider, values);
      try {
        return await saveCloudCredential(data.store(), input, { ...rclone, ...scope, verify: how, signal, ...(known ?? verified.current ? { verified: known ?? verified.current } : {}) });
      } catch (error) {
        if (error instanceof CloudVerifyFailed) return error;
        if (error instanceof CloudCredentialInvalid) setShowAllErrors(true);
        throw error;
      }
    }, {
      cancellable: true,
      done: (outcome) => {
        if (outcome instanceof CloudVerifyFailed) {
          verified.current = outcome.verified;
          onVerified(title(values), outcome.verified, 'Ctrl-D');
          setUnverified({ values, refusal: outcome });
        } else {
          onSaved(outcome);
        }
      },
    });
  };
  const answer = (yes: boolean) => {
    const asked = unverified;
    setUnverified(null);
    if (!asked) return;
    if (yes) save(asked.values, 'save-anyway', asked.refusal.verified);
    else task.status.info('Not saved: the form is as you left it.');
  };

  const login = provider.oauth ? loginLines(provider, clientId, size.columns) : [];
  const above = {
    rows: login.length,
    node: login.map((line, index) => <TextLine key={index} text={line} width={size.columns} tone={index === 1 ? 'accent' : 'muted'} />),
  };
  const question = unverified
    ? {
        title: 'Not verified',
        message: `${title(unverified.values)}: ${unverified.refusal.verified.result.message}\nSave it anyway?`,
        yesLabel: 'Save anyway',
        noLabel: 'Back to the form',
        isActive,
        onAnswer: answer,
      }
    : undefined;
  return (
    <WithConfirmBelow width={size.columns} height={size.rows} confirm={question}>
      {(rows) => (
        <FormPanel
          title={existingId === undefined ? `Add ${provider.label} credential` : `Edit ${String(model.initialValues.name)} (${provider.label})`}
          size={{ columns: size.columns, rows }}
          isActive={isActive && !unverified}
          above={above}
          formKeys={{ reveal: true, advanced: true, multiline: true }}
          bindings={[
            { keys: 'Ctrl-T', label: 'verify', action: verify },
            { keys: 'Ctrl-D', label: 'details of the last failed verify', footer: false, action: onDetails },
          ]}
          fields={model.fields}
          initialValues={model.initialValues}
          messages={messages}
          submitLabel={existingId === undefined ? 'Add' : 'Save'}
          onChange={(values) => setClientId(typeof values.client_id === 'string' ? values.client_id : '')}
          onSubmit={(values) => save(values, 'refuse-on-failure')}
          onCancel={onCancel}
        />
      )}
    </WithConfirmBelow>
  );
}

/** "Login to Provider" without a browser: the command to run elsewhere, then what to paste here. */
function loginLines(provider: ProviderDefinition, clientId: string, width: number): string[] {
  try {
    const { command, note } = authorizeCommand(provider.id, { clientId });
    return ['Login to Provider: on a machine with a browser and rclone, run', `  ${command}`, ...wrapText(note ?? '', width).slice(0, 2)];
  } catch (error) {
    return ['Login to Provider:', `  ${errorMessage(error)}`];
  }
}

/** The form's input with "Choose File" paths read (a service account key file). */
async function withLoadedFiles(provider: ProviderDefinition, values: FormValues) {
  const input = credentialInput(provider, values);
  for (const [key, path] of Object.entries(filePaths(provider, values))) {
    input.attributes[key] = loadServiceAccountFile(path);
  }
  return input;
}
