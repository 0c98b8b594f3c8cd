import { describe, expect, test } from 'vitest';
import { parseKey, splitKeySequences } from '../../src/widgets/keyParser.js';

describe('key sequences', () => {
  test('reads arrows, pages and Home/End as xterm, vt100 (SS3) and rxvt send them', () => {
    expect(['\u001B[A', '\u001BOA'].map((s) => parseKey(s).name)).toEqual(['up', 'up']);
    expect(['\u001B[5~', '\u001B[6~', '\u001B[H', '\u001B[F', '\u001B[1~', '\u001B[4~'].map((s) => parseKey(s).name))
      .toEqual(['pageup', 'pagedown', 'home', 'end', 'home', 'end']);
  });

  test('reads F1-F5 from vt100/vt220 (PF1-PF4, F6 on), xterm, the Linux console and modified xterm keys', () => {
    for (const [sequence, name] of [
      ['\u001BOP', 'f1'], ['\u001BOQ', 'f2'], ['\u001BOR', 'f3'], ['\u001BOS', 'f4'], ['\u001B[11~', 'f1'], ['\u001B[12~', 'f2'], ['\u001B[14~', 'f4'],
      ['\u001B[[A', 'f1'], ['\u001B[[B', 'f2'], ['\u001B[[D', 'f4'], ['\u001B[[E', 'f5'], ['\u001B[1;2P', 'f1'], ['\u001B[15~', 'f5'], ['\u001B[17~', 'f6'],
    ] as const) {
      expect(parseKey(sequence).name, JSON.stringify(sequence)).toBe(name);
    }
  });

  test('tells control letters, Enter, Tab, Shift-Tab, Backspace and Escape apart', () => {
    expect(parseKey('\u0012')).toMatchObject({ name: 'char', ctrl: true, text: 'r' });
    expect(parseKey('\u0003')).toMatchObject({ name: 'char', ctrl: true, text: 'c' });
    expect(parseKey('\r').name).toBe('return');
    expect(parseKey('\t').name).toBe('tab');
    expect(parseKey('\u001B[Z')).toMatchObject({ name: 'backtab', shift: true });
    expect(parseKey('\u007F').name).toBe('backspace');
    expect(parseKey('\b').name).toBe('backspace');
    expect(parseKey('\u001B').name).toBe('escape');
    expect(parseKey('\u001Bx')).toMatchObject({ name: 'char', meta: true, text: 'x' });
    expect(parseKey('\u001B[1;5A')).toMatchObject({ name: 'up', ctrl: true });
  });

  test('keeps pasted text whole', () => {
    expect(parseKey('hunter2 and more')).toMatchObject({ name: 'char', text: 'hunter2 and more', ctrl: false });
  });

  test('holds back a sequence cut short so the next read can complete it', () => {
    expect(splitKeySequences('\u001B')).toEqual({ sequences: [], pending: '\u001B' });
    expect(splitKeySequences('\u001B[')).toEqual({ sequences: [], pending: '\u001B[' });
    expect(splitKeySequences('ab\u001B[1;')).toEqual({ sequences: ['ab'], pending: '\u001B[1;' });
    expect(splitKeySequences('\u001BO')).toEqual({ sequences: [], pending: '\u001BO' });
    expect(splitKeySequences('\u001B' + '[B')).toEqual({ sequences: ['\u001B[B'], pending: '' });
  });

  test('splits a burst of keys into one sequence each', () => {
    expect(splitKeySequences('\u001B[A\u001B[Bxy\u001BOP\u001B\u001B[C').sequences)
      .toEqual(['\u001B[A', '\u001B[B', 'xy', '\u001BOP', '\u001B\u001B[C']);
  });
});
