import { bindingFor, type Binding } from './bindings.js';
import type { KeyPress } from './keyParser.js';
import { defaultValue, foldGroup, isSecretField, type FieldMessages, type FormField, type FormValues } from './formTypes.js';
import { useKeys } from './use-keys.js';
import { typeAheadIndex } from './use-type-ahead.js';
import { initialFormValues, type useFormState } from './use-form-state.js';
import { cleanInput, deleteBackward, deleteForward, insertText, lineBounds, moveLine, type Caret } from './textEdit.js';

type Form = ReturnType<typeof useFormState>;

/** A key of the form's owner that acts on what the form holds now (Ctrl-T: verify these values). */
export interface FormBinding extends Omit<Binding, 'action'> {
  readonly action?: (values: FormValues) => void;
}

export interface FormKeyOptions {
  readonly messages?: FieldMessages | undefined;
  readonly bindings?: readonly FormBinding[] | undefined;
  readonly isActive: boolean;
  readonly onSubmit: (values: FormValues) => void;
  readonly onCancel: () => void;
}

const isTyping = (key: KeyPress) => (key.name === 'char' && !key.ctrl && !key.meta) || key.name === 'paste';
const isCtrl = (key: KeyPress, letter: string) => key.name === 'char' && key.ctrl && key.text === letter;

/** The keys of a form: moving between rows, editing the focused field, submit and cancel. */
export function useFormKeys(form: Form, options: FormKeyOptions): void {
  const { state, dispatch, fields, rows, focusIndex, focused, dirty, cursor } = form;
  const { messages, bindings = [], isActive, onSubmit, onCancel } = options;

  const focusRow = (index: number, caretAt?: 'start' | 'end') => {
    const at = Math.min(Math.max(0, index), rows.length - 1);
    const row = rows[at];
    if (row) dispatch({ type: 'focus', id: row.id, at, ...(caretAt ? { caretAt } : {}) });
  };
  const submit = () => {
    const invalid = fields.find((field) => messages?.[field.name]?.error);
    // Fields that appeared after the form opened (another provider chosen) get their defaults.
    if (!invalid) return onSubmit(initialFormValues(fields, state.values));
    const group = foldGroup(invalid);
    if (group !== undefined) dispatch({ type: 'openGroup', group });
    dispatch({ type: 'focus', id: `field:${invalid.name}` });
  };
  // Enter on the last field submits; elsewhere it moves on, like Tab.
  const next = () => (rows[focusIndex + 1]?.kind === 'submit' ? submit() : focusRow(focusIndex + 1));
  const moveRows = (key: KeyPress): boolean => {
    if (key.name === 'up') focusRow(focusIndex - 1, 'end');
    else if (key.name === 'down') focusRow(focusIndex + 1, 'end');
    else return false;
    return true;
  };

  const editText = (field: FormField, value: string, key: KeyPress) => {
    const edit = (caret: Caret) => dispatch({ type: 'edit', name: field.name, caret });
    const caret = { value, cursor };
    const length = Array.from(value).length;
    const multiline = field.kind === 'multiline';
    if (isTyping(key)) {
      const text = cleanInput(key.text, multiline ? 'multiline' : field.kind === 'number' ? 'number' : 'line', field.kind === 'number' && field.allowNegative);
      if (text) edit(insertText(caret, text));
    } else if (key.name === 'return') {
      if (multiline) edit(insertText(caret, '\n'));
      else next();
    } else if (key.name === 'backspace') edit(deleteBackward(caret));
    else if (key.name === 'delete') edit(deleteForward(caret));
    else if (isCtrl(key, 'u')) edit({ value: '', cursor: 0 });
    else if (key.name === 'left') dispatch({ type: 'caret', cursor: Math.max(0, cursor - 1) });
    else if (key.name === 'right') dispatch({ type: 'caret', cursor: Math.min(length, cursor + 1) });
    else if (key.name === 'home' || isCtrl(key, 'a')) dispatch({ type: 'caret', cursor: multiline ? lineBounds(value, cursor).start : 0 });
    else if (key.name === 'end' || isCtrl(key, 'e')) dispatch({ type: 'caret', cursor: multiline ? lineBounds(value, cursor).end : length });
    else if (multiline && (key.name === 'up' || key.name === 'down')) {
      const moved = moveLine(value, cursor, key.name === 'up' ? -1 : 1);
      if (moved === undefined) moveRows(key);
      else dispatch({ type: 'caret', cursor: moved });
    } else moveRows(key);
  };

  const editChoice = (field: Extract<FormField, { kind: 'choice' }>, value: string, key: KeyPress) => {
    const index = Math.max(0, field.choices.findIndex((choice) => choice.value === value));
    const pick = (at: number) => {
      const choice = field.choices[(at + field.choices.length) % field.choices.length];
      if (choice) dispatch({ type: 'set', name: field.name, value: choice.value });
    };
    if (key.name === 'right' || (key.name === 'char' && key.text === ' ' && !key.ctrl)) pick(index + 1);
    else if (key.name === 'left') pick(index - 1);
    else if (key.name === 'return') next();
    else if (isTyping(key) && key.text.length === 1) {
      // Type-ahead, as in a picker: the next choice whose label starts with the letter.
      const match = typeAheadIndex(field.choices.map((choice) => [choice.label]), index, key.text, true);
      if (match !== undefined) pick(match);
    } else moveRows(key);
  };

  const editField = (field: FormField, key: KeyPress) => {
    const value = state.values[field.name] ?? defaultValue(field);
    // Ctrl-R only: the F-keys switch screens, and a serial terminal may have none.
    if (isCtrl(key, 'r') && isSecretField(field)) {
      dispatch({ type: 'toggleReveal', name: field.name });
    } else if (field.kind === 'boolean') {
      const toggle = (key.name === 'char' && key.text === ' ' && !key.ctrl) || key.name === 'left' || key.name === 'right';
      if (toggle) dispatch({ type: 'set', name: field.name, value: value !== true });
      else if (key.name === 'return') next();
      else moveRows(key);
    } else if (field.kind === 'choice') {
      editChoice(field, typeof value === 'string' ? value : '', key);
    } else {
      editText(field, typeof value === 'string' ? value : '', key);
    }
  };

  useKeys((key) => {
    const own = bindingFor(bindings.map(({ action, ...binding }) => ({ ...binding, ...(action ? { action: () => action(initialFormValues(fields, state.values)) } : {}) })), key);
    if (own) own.action?.(key);
    else if (key.name === 'escape') {
      // An Escape may be the first byte of an arrow key split on a slow line: ask, never discard.
      if (dirty) dispatch({ type: 'confirmDiscard', open: true });
      else onCancel();
    } else if (key.name === 'tab') focusRow((focusIndex + 1) % rows.length, 'end');
    else if (key.name === 'backtab') focusRow((focusIndex - 1 + rows.length) % rows.length, 'end');
    else if (key.name === 'pagedown') focusRow(focusIndex + 5, 'end');
    else if (key.name === 'pageup') focusRow(focusIndex - 5, 'end');
    else if (focused.kind === 'field') editField(focused.field, key);
    else if (key.name === 'return' || (key.name === 'char' && key.text === ' ' && !key.ctrl)) {
      if (focused.kind === 'submit') submit();
      else dispatch({ type: 'toggleGroup', group: focused.group });
    } else if (focused.kind === 'advanced' && (key.name === 'left' || key.name === 'right')) dispatch({ type: 'toggleGroup', group: focused.group });
    else moveRows(key);
  }, { isActive: isActive && !state.confirmingDiscard });
}
