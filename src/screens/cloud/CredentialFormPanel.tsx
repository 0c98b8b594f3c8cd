import React, { useCallback, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { checkCloudCredential } from '../../engine/cloud/index.js';
import { errorMessage } from '../../common/errors.js';
import type { Store } from '../../engine/store/index.js';
import { authorizeCommand, type ProviderDefinition } from '../../providers/index.js';
import { displayText, fitText, Form, useTheme, wrapText, type FormValues } from '../../widgets/index.js';
import { credentialInput, filePaths, formMessages, type CredentialFormModel } from './formModel.js';

export interface CredentialFormPanelProps {
  readonly provider: ProviderDefinition;
  readonly model: CredentialFormModel;
  /** Editing this stored credential; absent when adding. */
  readonly existingId?: number;
  readonly store: () => Store;
  /** Errors of untouched fields too: a save was tried. */
  readonly showAllErrors: boolean;
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
  readonly onChange: (values: FormValues, dirty: boolean) => void;
  readonly onSubmit: (values: FormValues) => void;
  readonly onCancel: () => void;
}

/**
 * The add or edit form of one provider, with the field problems the engine finds, and for
 * OAuth providers the `rclone authorize` command to run on a machine with a browser.
 */
export function CredentialFormPanel(props: CredentialFormPanelProps) {
  const { provider, model, existingId, store, showAllErrors, width, height, isActive, onChange, onSubmit, onCancel } = props;
  const theme = useTheme();
  const [values, setValues] = useState<FormValues>(model.initialValues);
  const handleChange = useCallback((next: FormValues, dirty: boolean) => {
    setValues(next);
    onChange(next, dirty);
  }, [onChange]);

  const messages = useMemo(() => {
    try {
      const problems = checkCloudCredential(store(), credentialInput(provider, values), existingId === undefined ? {} : { existingId });
      return formMessages(problems, values, model.initialValues, showAllErrors, filePaths(provider, values));
    } catch {
      return {}; // the store went away (an upload): the form is about to close
    }
  }, [store, provider, values, existingId, model.initialValues, showAllErrors]);

  const title = existingId === undefined ? `Add ${provider.label} credential` : `Edit ${String(model.initialValues.name)} (${provider.label})`;
  const login = provider.oauth ? loginLines(provider, values, width) : [];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.colors.accent}>{fitText(displayText(title, theme.ascii), width, theme.symbols.ellipsis)}</Text>
      {login.map((line, index) => (
        <Text key={index} color={index === 1 ? theme.colors.accent : theme.colors.muted}>{fitText(displayText(line, theme.ascii), width, theme.symbols.ellipsis)}</Text>
      ))}
      <Form
        fields={model.fields}
        initialValues={model.initialValues}
        messages={messages}
        width={width}
        height={height - 1 - login.length}
        isActive={isActive}
        submitLabel={existingId === undefined ? 'Add' : 'Save'}
        onChange={handleChange}
        onSubmit={onSubmit}
        onCancel={onCancel}
      />
    </Box>
  );
}

/** "Login to Provider" without a browser: the command to run elsewhere, then what to paste here. */
function loginLines(provider: ProviderDefinition, values: FormValues, width: number): string[] {
  try {
    const clientId = typeof values.client_id === 'string' ? values.client_id : '';
    const { command, note } = authorizeCommand(provider.id, { clientId });
    return ['Login to Provider: on a machine with a browser and rclone, run', `  ${command}`, ...wrapText(note ?? '', width).slice(0, 2)];
  } catch (error) {
    return ['Login to Provider:', `  ${errorMessage(error)}`];
  }
}
