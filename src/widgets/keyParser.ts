/**
 * Key sequences -> key presses, without Ink's parser.
 *
 * Ink 6.8's `useInput` blanks F-keys and reports an Escape that arrived alone as Escape even
 * when `[A` follows a few milliseconds later (an arrow key split across reads on a slow serial
 * line). The keyboard layer therefore reads Ink's raw input events and parses them here, where
 * a sequence that is still incomplete can wait for its tail.
 */

export type KeyName =
  | 'up' | 'down' | 'left' | 'right'
  | 'pageup' | 'pagedown' | 'home' | 'end' | 'insert' | 'delete'
  | 'return' | 'escape' | 'tab' | 'backtab' | 'backspace'
  | 'f1' | 'f2' | 'f3' | 'f4' | 'f5' | 'f6' | 'f7' | 'f8' | 'f9' | 'f10' | 'f11' | 'f12'
  /** Printable text (several characters when pasted without bracketed paste), or Ctrl/Alt + a character. */
  | 'char'
  /** Text that arrived inside a bracketed paste: never a shortcut. */
  | 'paste'
  | 'unknown';

export interface KeyPress {
  readonly name: KeyName;
  /** For 'char' and 'paste': the text; with `ctrl`, the lower-case letter (Ctrl-R -> 'r'). */
  readonly text: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  /** A text field or dialog held the keyboard when this key arrived: shell shortcuts stand aside. */
  readonly captured: boolean;
}

const ESC = '\u001B';

const csiLetters: Record<string, KeyName> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
  P: 'f1', Q: 'f2', R: 'f3', S: 'f4', Z: 'backtab',
};

const csiNumbers: Record<string, KeyName> = {
  1: 'home', 2: 'insert', 3: 'delete', 4: 'end', 5: 'pageup', 6: 'pagedown', 7: 'home', 8: 'end',
  11: 'f1', 12: 'f2', 13: 'f3', 14: 'f4', 15: 'f5',
  17: 'f6', 18: 'f7', 19: 'f8', 20: 'f9', 21: 'f10', 23: 'f11', 24: 'f12',
};

/** The Linux console sends F1-F5 as ESC [ [ A..E. */
const linuxConsoleFKeys: Record<string, KeyName> = { A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5' };

function press(name: KeyName, extra: Partial<KeyPress> = {}): KeyPress {
  return { name, text: '', ctrl: false, meta: false, shift: false, captured: false, ...extra };
}

/** xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4). */
function modifiers(param: string | undefined): Partial<KeyPress> {
  const value = Number(param ?? '1') - 1;
  if (!Number.isInteger(value) || value <= 0) return {};
  return { shift: (value & 1) !== 0, meta: (value & 2) !== 0, ctrl: (value & 4) !== 0 };
}

function parseCsi(body: string, final: string, meta: boolean): KeyPress {
  if (body.startsWith('[')) return press(linuxConsoleFKeys[final] ?? 'unknown', { meta });
  const [first, modifier] = body.split(';');
  if (final === '~') {
    return press(csiNumbers[first ?? ''] ?? 'unknown', { meta, ...modifiers(modifier) });
  }
  const name = csiLetters[final];
  if (!name) return press('unknown');
  return press(name, { meta, shift: name === 'backtab', ...modifiers(modifier) });
}

/** One key sequence (as split by `splitKeySequences`) to a key press. */
export function parseKey(sequence: string): KeyPress {
  if (sequence === '\r' || sequence === '\n') return press('return');
  if (sequence === '\t') return press('tab');
  if (sequence === '\u007F' || sequence === '\b') return press('backspace');
  if (sequence === ESC || sequence === ESC + ESC) return press('escape');
  if (sequence === ESC + '\u007F' || sequence === ESC + '\b') return press('backspace', { meta: true });

  const csi = /^(\u001B?)\u001B\[([[0-9;]*)([A-Za-z~])$/.exec(sequence);
  if (csi) return parseCsi(csi[2] ?? '', csi[3] ?? '', csi[1] === ESC);
  const ss3 = /^\u001BO([A-Za-z])$/.exec(sequence);
  if (ss3) return ss3[1] === 'M' ? press('return') : press(csiLetters[ss3[1] ?? ''] ?? 'unknown');

  if (sequence.startsWith(ESC)) {
    const rest = sequence.slice(1);
    if ([...rest].length === 1 && rest >= ' ') return press('char', { text: rest, meta: true });
    return press('unknown');
  }
  if (sequence.length === 1) {
    const code = sequence.charCodeAt(0);
    if (code >= 1 && code <= 26) return press('char', { text: String.fromCharCode(code + 96), ctrl: true });
    if (code < 32) return press('unknown');
  }
  return press('char', { text: sequence, shift: sequence.length === 1 && /[A-Z]/.test(sequence) });
}

type Scan = { end: number } | 'incomplete' | 'invalid';

function scanCsi(input: string, bracket: number): Scan {
  for (let index = bracket + 1; index < input.length; index++) {
    const code = input.charCodeAt(index);
    if (code >= 0x20 && code <= 0x3f) continue;
    if (code === 0x5b && index === bracket + 1) continue; // ESC [ [ A (Linux console F-keys)
    if (code >= 0x40 && code <= 0x7e) return { end: index + 1 };
    return 'invalid';
  }
  return 'incomplete';
}

function scanEscape(input: string, start: number): Scan {
  let introducer = start + 1;
  if (input[introducer] === ESC) introducer++; // ESC ESC [ A: Alt + arrow
  const kind = input[introducer];
  if (kind === undefined) return 'incomplete';
  if (kind === '[') return scanCsi(input, introducer);
  if (kind === 'O') {
    if (introducer + 1 >= input.length) return 'incomplete';
    return { end: introducer + 2 };
  }
  if (introducer > start + 1) return { end: introducer }; // ESC ESC then text: Escape
  const codePoint = input.codePointAt(introducer) ?? 0;
  return { end: introducer + (codePoint > 0xffff ? 2 : 1) };
}

/**
 * Splits input into key sequences. A sequence cut short at the end (a lone ESC, `ESC [`,
 * `ESC [ 1 ;`) is returned as `pending`, to be completed by the next read or flushed later.
 */
export function splitKeySequences(input: string): { sequences: string[]; pending: string } {
  const sequences: string[] = [];
  let index = 0;
  while (index < input.length) {
    const escape = input.indexOf(ESC, index);
    if (escape === -1) {
      sequences.push(input.slice(index));
      break;
    }
    if (escape > index) sequences.push(input.slice(index, escape));
    const scan = scanEscape(input, escape);
    if (scan === 'incomplete') return { sequences, pending: input.slice(escape) };
    const end = scan === 'invalid' ? escape + 1 : scan.end;
    sequences.push(input.slice(escape, end));
    index = end;
  }
  return { sequences, pending: '' };
}

export const BRACKETED_PASTE_START = '\u001B[200~';
export const BRACKETED_PASTE_END = '\u001B[201~';

/** The character of a plain key press (no Ctrl, no Alt), '' for anything else: for letter shortcuts. */
export function plainLetter(key: KeyPress): string {
  return key.name === 'char' && !key.ctrl && !key.meta ? key.text : '';
}
