/**
 * A key and what it does, as shown in the footer and in the help overlay. `footer: false`
 * keeps a hint out of the one-line footer (it still appears in the help overlay).
 */
export interface KeyHint {
  readonly keys: string;
  readonly label: string;
  readonly footer?: boolean;
}

/** Keys of a list: screens publish them with their own letters. */
export const listKeyHints: readonly KeyHint[] = [
  { keys: 'Up/Down', label: 'move', footer: false },
  { keys: 'PgUp/PgDn Home/End', label: 'page, first, last', footer: false },
];

/** Keys of a form; `reveal` only when it holds a secret field. */
export function formKeyHints(options: { reveal?: boolean; advanced?: boolean; multiline?: boolean } = {}): KeyHint[] {
  return [
    { keys: 'Tab/Shift-Tab', label: 'next/previous field' },
    { keys: 'Up/Down', label: 'previous/next field', footer: false },
    { keys: 'Enter', label: 'next field; on the last, submit', footer: false },
    ...(options.reveal ? [{ keys: 'Ctrl-R', label: 'reveal/hide secret' }] : []),
    { keys: 'Space Left/Right', label: 'toggle, change choice', footer: false },
    { keys: 'Ctrl-U', label: 'clear field', footer: false },
    ...(options.advanced ? [{ keys: 'Enter on Advanced', label: 'show/hide advanced options', footer: false }] : []),
    ...(options.multiline ? [{ keys: 'Enter in multi-line', label: 'new line (Tab leaves)', footer: false }] : []),
    { keys: 'Esc', label: 'cancel (asks if changed)' },
  ];
}

/** "a add  e edit" */
export function formatHints(hints: readonly KeyHint[], separator = '  '): string {
  return hints.map((hint) => `${hint.keys} ${hint.label}`).join(separator);
}
