import { useMemo, useReducer } from 'react';
import { defaultValue, foldGroup, type FormField, type FormValues } from './formTypes.js';
import { clampCaret, type Caret } from './textEdit.js';

/** A focusable row of a form: a field, the fold row of a group of advanced fields, or the submit button. */
export type FormRow =
  | { readonly id: string; readonly kind: 'field'; readonly field: FormField }
  | { readonly id: string; readonly kind: 'advanced'; readonly group: string; readonly count: number; readonly open: boolean }
  | { readonly id: 'submit'; readonly kind: 'submit' };

/** The basic fields, then each folded group (in the order the groups first appear), then submit. */
export function formRows(fields: readonly FormField[], openGroups: readonly string[]): FormRow[] {
  const row = (field: FormField): FormRow => ({ id: `field:${field.name}`, kind: 'field', field });
  const basic = fields.filter((field) => foldGroup(field) === undefined).map(row);
  const groups = [...new Set(fields.map(foldGroup).filter((group) => group !== undefined))];
  const folds = groups.flatMap((group): FormRow[] => {
    const members = fields.filter((field) => foldGroup(field) === group);
    const open = openGroups.includes(group);
    return [{ id: `advanced:${group}`, kind: 'advanced', group, count: members.length, open }, ...(open ? members.map(row) : [])];
  });
  return [...basic, ...folds, { id: 'submit', kind: 'submit' }];
}

export interface FormState {
  readonly values: FormValues;
  /** Row id, so that focus survives fields appearing or disappearing (a provider change). */
  readonly focus: string;
  /** The focused row's index when it got the focus: where focus stays if that row goes away. */
  readonly focusAt: number;
  /** Caret in the focused field's value, in code points. */
  readonly cursor: number;
  readonly revealed: readonly string[];
  /** The folded groups now open, by name. */
  readonly openGroups: readonly string[];
  readonly confirmingDiscard: boolean;
}

export type FormAction =
  | { readonly type: 'focus'; readonly id: string; readonly at?: number; readonly caretAt?: 'end' | 'start' }
  | { readonly type: 'edit'; readonly name: string; readonly caret: Caret }
  | { readonly type: 'set'; readonly name: string; readonly value: string | boolean }
  | { readonly type: 'caret'; readonly cursor: number }
  | { readonly type: 'toggleReveal'; readonly name: string }
  | { readonly type: 'toggleGroup'; readonly group: string }
  | { readonly type: 'openGroup'; readonly group: string }
  | { readonly type: 'confirmDiscard'; readonly open: boolean };

function valueLength(values: FormValues, id: string): number {
  const value = values[id.replace(/^field:/, '')];
  return typeof value === 'string' ? Array.from(value).length : 0;
}

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'focus':
      return { ...state, focus: action.id, focusAt: action.at ?? state.focusAt, cursor: action.caretAt === 'start' ? 0 : valueLength(state.values, action.id) };
    case 'edit':
      return { ...state, values: { ...state.values, [action.name]: action.caret.value }, cursor: action.caret.cursor };
    case 'set':
      return { ...state, values: { ...state.values, [action.name]: action.value } };
    case 'caret':
      return { ...state, cursor: action.cursor };
    case 'toggleReveal': {
      const shown = state.revealed.includes(action.name);
      return { ...state, revealed: shown ? state.revealed.filter((name) => name !== action.name) : [...state.revealed, action.name] };
    }
    case 'toggleGroup': {
      const open = state.openGroups.includes(action.group);
      return { ...state, openGroups: open ? state.openGroups.filter((group) => group !== action.group) : [...state.openGroups, action.group] };
    }
    case 'openGroup':
      return state.openGroups.includes(action.group) ? state : { ...state, openGroups: [...state.openGroups, action.group] };
    case 'confirmDiscard':
      return { ...state, confirmingDiscard: action.open };
  }
}

export function initialFormValues(fields: readonly FormField[], initial: FormValues): FormValues {
  const values: FormValues = { ...initial };
  for (const field of fields) values[field.name] ??= defaultValue(field);
  return values;
}

export function isFormDirty(fields: readonly FormField[], values: FormValues, initial: FormValues): boolean {
  return fields.some((field) => (values[field.name] ?? defaultValue(field)) !== (initial[field.name] ?? defaultValue(field)));
}

/** A form's fields: fixed, or following its values (a choice that brings other fields). */
export type FormFields = readonly FormField[] | ((values: FormValues) => readonly FormField[]);

const fieldsFor = (fields: FormFields, values: FormValues) => (typeof fields === 'function' ? fields(values) : fields);

/**
 * Form state plus what follows from it: the fields and rows on screen, the focused row,
 * `dirty`. Fields that follow the values are worked out from the same state as the values,
 * so a key read right after a choice changed already moves through the new fields.
 */
export function useFormState(fieldsOf: FormFields, initialValues: FormValues, initialFocus?: string, unchangedValues: FormValues = initialValues) {
  const [state, dispatch] = useReducer(formReducer, undefined, (): FormState => {
    const fields = fieldsFor(fieldsOf, initialValues);
    const values = initialFormValues(fields, initialValues);
    const rows = formRows(fieldsFor(fieldsOf, values), []);
    const wanted = rows.findIndex((row) => row.id === `field:${initialFocus}`);
    const at = Math.max(0, wanted);
    const first = rows[at]?.id ?? 'submit';
    return { values, focus: first, focusAt: at, cursor: valueLength(values, first), revealed: [], openGroups: [], confirmingDiscard: false };
  });
  const fields = fieldsFor(fieldsOf, state.values);
  const rows = useMemo(() => formRows(fields, state.openGroups), [fields, state.openGroups]);
  const found = rows.findIndex((row) => row.id === state.focus);
  // The focused row went away (another choice made): the row now in its place takes the focus.
  const focusIndex = found >= 0 ? found : Math.min(state.focusAt, rows.length - 1);
  const focused = rows[focusIndex] ?? rows[0]!;
  const dirty = isFormDirty(fields, state.values, unchangedValues);
  const focusedValue = focused.kind === 'field' ? state.values[focused.field.name] : undefined;
  const cursor = typeof focusedValue === 'string' ? clampCaret(focusedValue, state.cursor) : 0;
  return { state, dispatch, fields, rows, focusIndex, focused, dirty, cursor };
}
