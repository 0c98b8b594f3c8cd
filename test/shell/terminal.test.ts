import { describe, expect, test } from 'vitest';
import { detectTerminal, localeIsUtf8, whyNotInteractive } from '../../src/cli/terminal.js';

describe('terminal detection', () => {
  test('ASCII when asked, or when the locale is not UTF-8 (LC_ALL, then LC_CTYPE, then LANG)', () => {
    expect(detectTerminal({}, { LANG: 'en_US.UTF-8', TERM: 'xterm' }).ascii).toBe(false);
    expect(detectTerminal({ ascii: true }, { LANG: 'en_US.UTF-8' }).ascii).toBe(true);
    expect(detectTerminal({}, { LANG: 'C', TERM: 'xterm' }).ascii).toBe(true);
    expect(detectTerminal({}, {}).ascii).toBe(true);
    expect(detectTerminal({}, { LANG: 'en_US.UTF-8', LC_ALL: 'C' }).ascii).toBe(true);
    expect(detectTerminal({}, { LANG: 'C', LC_CTYPE: 'de_DE.utf8' }).ascii).toBe(false);
    expect(localeIsUtf8({ LC_ALL: 'fr_FR.UTF8' })).toBe(true);
  });

  test('vt100, vt220, the Linux console and other legacy terminals: ASCII even with a UTF-8 locale, unless NASCONSOLE_UTF8=1 says otherwise', () => {
    for (const TERM of ['vt100', 'vt220', 'vt102', 'linux', 'cons25', 'ansi']) {
      expect(detectTerminal({}, { TERM, LANG: 'en_US.ISO-8859-1' }).ascii).toBe(true);
      expect(detectTerminal({}, { TERM, LANG: 'en_US.UTF-8' }).ascii).toBe(true);
      expect(detectTerminal({}, { TERM, LANG: 'en_US.UTF-8', NASCONSOLE_UTF8: '1' }).ascii).toBe(false);
      expect(detectTerminal({}, { TERM, LANG: 'C', NASCONSOLE_UTF8: '1' }).ascii).toBe(true);
    }
    expect(detectTerminal({}, { TERM: 'xterm-256color', LANG: 'C.UTF-8' }).ascii).toBe(false);
  });

  test('a real vt100 gets attributes switched off with a reset only; xterm and the Linux console need not', () => {
    expect(detectTerminal({}, { TERM: 'vt100' }).basicAttributes).toBe(true);
    expect(detectTerminal({}, { TERM: 'linux' }).basicAttributes).toBe(false);
    expect(detectTerminal({}, { TERM: 'xterm' }).basicAttributes).toBe(false);
  });

  test('no colour with NO_COLOR (when not empty), --no-color, or a monochrome TERM', () => {
    expect(detectTerminal({}, { TERM: 'xterm-256color' }).color).toBe(true);
    expect(detectTerminal({}, { TERM: 'xterm', NO_COLOR: '1' }).color).toBe(false);
    expect(detectTerminal({}, { TERM: 'xterm', NO_COLOR: '' }).color).toBe(true);
    expect(detectTerminal({ noColor: true }, { TERM: 'xterm' }).color).toBe(false);
    expect(detectTerminal({}, { TERM: 'vt100' }).color).toBe(false);
    expect(detectTerminal({}, { TERM: 'linux' }).color).toBe(true);
  });

  test('needs a TTY with raw mode on stdin and a TTY on stdout', () => {
    const tty = { isTTY: true, setRawMode: () => undefined } as unknown as NodeJS.ReadStream;
    const out = { isTTY: true } as NodeJS.WriteStream;
    expect(whyNotInteractive(tty, out)).toBeUndefined();
    expect(whyNotInteractive({ isTTY: false } as NodeJS.ReadStream, out)).toBe('standard input is not a terminal');
    expect(whyNotInteractive({ isTTY: true } as NodeJS.ReadStream, out)).toBe('the terminal does not support raw mode');
    expect(whyNotInteractive(tty, { isTTY: false } as NodeJS.WriteStream)).toBe('standard output is not a terminal');
  });
});
