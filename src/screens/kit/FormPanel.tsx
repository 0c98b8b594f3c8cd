import React, { useCallback, useState, type ReactNode } from 'react';
import { Box } from 'ink';
import { bindingHints, Form, formKeys, TextLine, type FormBinding, type FormProps, type FormValues } from '../../widgets/index.js';
import { useScreenDirty, useScreenKeys, type ScreenSize } from '../screenContract.js';

export interface FormPanelProps extends Omit<FormProps, 'width' | 'height' | 'isActive' | 'bindings'> {
  readonly title: string;
  readonly size: ScreenSize;
  readonly isActive: boolean;
  /** Lines between the title and the form (warnings, a login command), and how many rows they take. */
  readonly above?: { readonly node: ReactNode; readonly rows: number };
  /** Keys of the screen that act on the values the form holds (Ctrl-T verify). */
  readonly bindings?: readonly FormBinding[];
  /** Which of the form's own keys to list: Ctrl-R when it has a secret, the multi-line keys. */
  readonly formKeys?: Parameters<typeof formKeys>[0];
}

/**
 * A form of a screen under its title: its keys in the footer and the help (the screen's own
 * and the form's), and its unsaved changes reported to the shell (q and Ctrl-C ask first).
 */
export function FormPanel(props: FormPanelProps) {
  const { title, size, isActive, above, bindings = [], formKeys: keyOptions, onChange, ...form } = props;
  const [dirty, setDirty] = useState(false);
  useScreenDirty(dirty);
  useScreenKeys(bindingHints([...bindings.map(({ action: _action, ...binding }) => binding), ...formKeys(keyOptions)]), isActive, { form: true });
  const handleChange = useCallback((values: FormValues, changed: boolean) => {
    setDirty(changed);
    onChange?.(values, changed);
  }, [onChange]);
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <TextLine text={title} width={size.columns} tone="accent" bold />
      {above?.node}
      <Form {...form} bindings={bindings} width={size.columns} height={size.rows - 1 - (above?.rows ?? 0)} isActive={isActive} onChange={handleChange} />
    </Box>
  );
}
