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
  /** Caret in the focused field's value, in code points. */
  readonly cursor: number;
  readonly revealed: readonly string[];
  /** The folded groups now open, by name. */
  readonly openGroups: readonly string[];
  readonly confirmingDiscard: boolean;
}

export type FormAction =
  | { readonly type: 'focus'; readonly id: string; readonly caretAt?: 'end' | 'start' }
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
      return { ...state, focus: action.id, cursor: action.caretAt === 'start' ? 0 : valueLength(state.values, action.id) };
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

/** Form state plus what follows from it: the rows on screen, the focused row, `dirty`. */
export function useFormState(fields: readonly FormField[], initialValues: FormValues) {
  const [state, dispatch] = useReducer(formReducer, undefined, (): FormState => {
    const values = initialFormValues(fields, initialValues);
    const first = formRows(fields, [])[0]?.id ?? 'submit';
    return { values, focus: first, cursor: valueLength(values, first), revealed: [], openGroups: [], confirmingDiscard: false };
  });
  const rows = useMemo(() => formRows(fields, state.openGroups), [fields, state.openGroups]);
  const focusIndex = Math.max(0, rows.findIndex((row) => row.id === state.focus));
  const focused = rows[focusIndex] ?? rows[0]!;
  const dirty = isFormDirty(fields, state.values, initialValues);
  const focusedValue = focused.kind === 'field' ? state.values[focused.field.name] : undefined;
  const cursor = typeof focusedValue === 'string' ? clampCaret(focusedValue, state.cursor) : 0;
  return { state, dispatch, rows, focusIndex, focused, dirty, cursor };
}
