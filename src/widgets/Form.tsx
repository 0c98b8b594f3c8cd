import React, { useEffect, useRef } from 'react';
import { Box, Text } from 'ink';
import { ConfirmDialog } from './ConfirmDialog.js';
import { rowLines, type FormLine } from './formLines.js';
import { defaultValue, takesText, type FieldMessages, type FormValues } from './formTypes.js';
import { useCaptureKeys } from './use-keys.js';
import { useFormKeys, type FormBinding } from './use-form-keys.js';
import { useFormState, type FormFields } from './use-form-state.js';
import { useTheme } from './theme.js';
import { displayText, wrapText } from './text.js';

export interface FormProps {
  /** The fields, or a function of the values for fields that follow a choice (setup method). */
  readonly fields: FormFields;
  /** Read once: give the form a new `key` to start over with other values. */
  readonly initialValues?: FormValues;
  /**
   * The values that count as no change (default `initialValues`): a form opened again after a
   * refusal, holding what was typed, still has changes for Esc and quit to ask about.
   */
  readonly unchangedValues?: FormValues;
  /** The field focused first (the one an error sent the user back to); default the first. */
  readonly initialFocus?: string;
  /** Keys of the form's owner that act on the values it holds now (Ctrl-T: verify). */
  readonly bindings?: readonly FormBinding[];
  /** Under their fields; a function of the values to follow them as they are typed. */
  readonly messages?: FieldMessages | ((values: FormValues) => FieldMessages);
  readonly width: number;
  readonly height: number;
  readonly isActive?: boolean;
  /** The submit button; a function of the values when it follows a choice ("Import" or "Generate"). */
  readonly submitLabel?: string | ((values: FormValues) => string);
  /** After every change: the values and whether they differ from the initial ones. */
  readonly onChange?: (values: FormValues, dirty: boolean) => void;
  /** Enter on the submit row (or on the last field) when no field has an error. */
  readonly onSubmit: (values: FormValues) => void;
  /** Esc; when there are changes, only after "Discard changes?" was answered yes. */
  readonly onCancel: () => void;
}

const CONFIRM_HEIGHT = 5;
const HELP_LINES = 3;
const NO_VALUES: FormValues = {};

/** Keeps the focused row's lines inside a window of `height` lines that moves as little as it can. */
function scrollWindow(lines: readonly FormLine[], focusId: string, height: number, previousTop: number): number {
  const start = lines.findIndex((line) => line.rowId === focusId);
  const end = lines.length - [...lines].reverse().findIndex((line) => line.rowId === focusId);
  let top = Math.min(previousTop, Math.max(0, lines.length - height));
  if (start >= 0 && end - start > height) top = start;
  else if (start >= 0 && start < top) top = start;
  else if (start >= 0 && end > top + height) top = end - height;
  return Math.max(0, top);
}

/** A form of fields that scrolls when taller than its space; see formTypes.ts for the kinds. */
export function Form(props: FormProps) {
  const { initialValues = NO_VALUES, unchangedValues, initialFocus, bindings, width, height, isActive = true, onChange, onSubmit, onCancel } = props;
  const theme = useTheme();
  const form = useFormState(props.fields, initialValues, initialFocus, unchangedValues);
  const { state, dispatch, fields, rows, focused, dirty, cursor } = form;
  const messages = typeof props.messages === 'function' ? props.messages(state.values) : props.messages;
  const submitLabel = typeof props.submitLabel === 'function' ? props.submitLabel(state.values) : props.submitLabel ?? 'Save';
  useFormKeys(form, { messages, bindings, isActive, onSubmit, onCancel });
  useCaptureKeys(isActive && (state.confirmingDiscard || (focused.kind === 'field' && takesText(focused.field))));

  // Changed from the start (opened again after a refusal): the owner hears it at once.
  const reported = useRef<FormValues | undefined>(dirty ? undefined : state.values);
  useEffect(() => {
    if (reported.current === state.values) return;
    reported.current = state.values;
    onChange?.(state.values, dirty);
  }, [state.values, dirty, onChange]);

  const labelWidth = Math.min(Math.max(8, ...fields.map((field) => field.label.length + 1)), Math.floor(width * 0.4));
  const lines = rows.flatMap((row) => rowLines(row, row.kind === 'field' ? state.values[row.field.name] ?? defaultValue(row.field) : undefined, row.kind === 'field' ? messages?.[row.field.name] : undefined, {
    theme, width, labelWidth, focused: row.id === focused.id, active: isActive, cursor,
    revealed: row.kind === 'field' && state.revealed.includes(row.field.name), submitLabel,
  }));

  // The help of the focused field (the seed's descriptions are long): as many rows as the
  // longest help needs, up to HELP_LINES, fixed for the form so the layout does not jump.
  const help = Math.min(HELP_LINES, Math.max(0, ...fields.map((field) => (field.help ? wrapText(displayText(field.help, theme.ascii), width, HELP_LINES, theme.symbols.ellipsis).length : 0))));
  const dialog = state.confirmingDiscard ? CONFIRM_HEIGHT : 0;
  const room = Math.max(1, height - help - dialog);
  const overflow = lines.length > room;
  const view = overflow ? Math.max(1, room - 1) : room;
  const top = useRef(0);
  top.current = scrollWindow(lines, focused.id, view, top.current);
  const visible = lines.slice(top.current, top.current + view);
  const more = [top.current > 0 ? `${theme.symbols.moreAbove} more above` : '', top.current + view < lines.length ? `${theme.symbols.moreBelow} more below` : ''].filter(Boolean).join('  ');
  const helpText = focused.kind === 'field' ? focused.field.help ?? '' : '';

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {visible.map((line) => <Box key={line.key} height={1} overflow="hidden">{line.node}</Box>)}
      {overflow ? <Text color={theme.colors.muted}>{`  ${more}`}</Text> : null}
      <Box flexGrow={1} />
      {help ? (
        <Box flexDirection="column" height={help}>
          {wrapText(displayText(helpText, theme.ascii), width, help, theme.symbols.ellipsis).map((line, index) => (
            <Text key={index} color={theme.colors.muted}>{line}</Text>
          ))}
        </Box>
      ) : null}
      {state.confirmingDiscard ? (
        <ConfirmDialog
          message="Discard the changes in this form?"
          yesLabel="Discard"
          noLabel="Keep editing"
          isActive={isActive}
          width={Math.min(width, 60)}
          onAnswer={(discard) => (discard ? onCancel() : dispatch({ type: 'confirmDiscard', open: false }))}
        />
      ) : null}
    </Box>
  );
}
