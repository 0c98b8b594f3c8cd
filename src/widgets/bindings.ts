import type { KeyName, KeyPress } from './keyParser.js';
import { plainLetter } from './keyParser.js';

/**
 * One key binding of a screen or a widget, as lazygit's controllers declare theirs: the same
 * table drives the key dispatch (`useBindings`), the footer and the help overlay, so a hint can
 * never be apart from what the key does.
 */
export interface Binding {
  /**
   * The keys, by name: a character ('a', 'V', '?'), or 'Enter', 'Esc', 'Tab', 'Shift-Tab',
   * 'Space', 'Up', 'Down', 'Left', 'Right', 'PgUp', 'PgDn', 'Home', 'End', 'F1'..'F12', 'Ctrl-R'.
   */
  readonly keys: string | readonly string[];
  readonly label: string;
  /**
   * What the key does. Omitted: a widget handles the key itself (a list's arrows, a form's
   * Tab); the binding only documents it.
   */
  readonly action?: (key: KeyPress) => void;
  /** false: not bound now (neither dispatched nor shown). Default true. */
  readonly when?: boolean;
  /** false: listed in the help overlay only, not in the one-line footer. Default true. */
  readonly footer?: boolean;
  /** Shown instead of the key names, e.g. 'PgUp/PgDn Home/End'. */
  readonly display?: string;
}

/** A key and what it does, as the footer and the help overlay show it. */
export interface KeyHint {
  readonly keys: string;
  readonly label: string;
  /** false: in the help overlay only. */
  readonly footer?: boolean;
}

const NAMED: Record<string, KeyName> = {
  Enter: 'return', Esc: 'escape', Tab: 'tab', 'Shift-Tab': 'backtab', Backspace: 'backspace', Delete: 'delete',
  Up: 'up', Down: 'down', Left: 'left', Right: 'right', PgUp: 'pageup', PgDn: 'pagedown', Home: 'home', End: 'end',
  F1: 'f1', F2: 'f2', F3: 'f3', F4: 'f4', F5: 'f5', F6: 'f6', F7: 'f7', F8: 'f8', F9: 'f9', F10: 'f10', F11: 'f11', F12: 'f12',
};

/** Whether `key` is the key named `name` (see Binding.keys). */
export function isKey(name: string, key: KeyPress): boolean {
  const named = NAMED[name];
  if (named) return key.name === named && !key.ctrl && !key.meta;
  if (name === 'Space') return plainLetter(key) === ' ';
  const ctrl = /^Ctrl-(.)$/.exec(name);
  if (ctrl) return key.name === 'char' && key.ctrl && key.text === ctrl[1]!.toLowerCase();
  // A character: never one typed into a text field or a dialog that holds the keyboard.
  return !key.captured && plainLetter(key) === name;
}

const keysOf = (binding: Binding): readonly string[] => (typeof binding.keys === 'string' ? [binding.keys] : binding.keys);
const bound = (binding: Binding) => binding.when !== false;

/** The first bound binding with an action for this key. */
export function bindingFor(bindings: readonly Binding[], key: KeyPress): Binding | undefined {
  return bindings.find((binding) => bound(binding) && binding.action && keysOf(binding).some((name) => isKey(name, key)));
}

/** The hints of the bound bindings, for the footer and the help overlay. */
export function bindingHints(bindings: readonly Binding[]): KeyHint[] {
  return bindings.filter(bound).map((binding) => ({
    keys: binding.display ?? keysOf(binding).join('/'),
    label: binding.label,
    ...(binding.footer === false ? { footer: false } : {}),
  }));
}

/** The keys a list widget reads itself: for a screen's table, documentation only. */
export const listKeys: readonly Binding[] = [
  { keys: ['Up', 'Down'], label: 'move', footer: false },
  { keys: [], display: 'PgUp/PgDn Home/End', label: 'page, first, last', footer: false },
];

/** The keys a form reads itself (short labels: the footer shows the first ones); `reveal` only when it holds a secret field. */
export function formKeys(options: { reveal?: boolean; advanced?: boolean; multiline?: boolean } = {}): Binding[] {
  return [
    { keys: ['Tab', 'Shift-Tab'], display: 'Tab/S-Tab', label: 'move' },
    { keys: 'Ctrl-R', label: 'reveal', when: options.reveal === true },
    { keys: 'Esc', label: 'cancel' },
    { keys: ['Up', 'Down'], label: 'previous/next field', footer: false },
    { keys: 'Enter', label: 'next field; on the last, submit', footer: false },
    { keys: [], display: 'Space Left/Right', label: 'toggle, change choice', footer: false },
    { keys: 'Ctrl-U', label: 'clear field', footer: false },
    { keys: [], display: 'Enter on Advanced', label: 'show/hide advanced options', footer: false, when: options.advanced === true },
    { keys: [], display: 'Enter in multi-line', label: 'new line (Tab leaves)', footer: false, when: options.multiline === true },
    { keys: [], display: 'Esc on a changed form', label: 'asks before discarding the changes', footer: false },
  ];
}

