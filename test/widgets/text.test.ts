import { describe, expect, it } from 'vitest';
import { cellWidth, chunkText, displayText, fitText, padText, wrapText } from '../../src/widgets/text.js';

describe('displayText', () => {
  it('shows control and direction-changing characters escaped, never raw', () => {
    expect(displayText('\x1b[2Jred\x07 evil\u202etxt.exe', false)).toBe('\\e[2Jred\\x07 evil\\u202etxt.exe');
    expect(displayText('caf\u00e9\ttab', true)).toBe('caf? tab');
  });
});

describe('wrapText', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapText('Leave blank to use the default port 21.', 16, 3, '~')).toEqual(['Leave blank to', 'use the default', 'port 21.']);
  });

  it('splits a word longer than a line', () => {
    expect(wrapText('AAAAC3NzaC1lZDI1NTE5AAAA end', 10, 5, '~')).toEqual(['AAAAC3NzaC', '1lZDI1NTE5', 'AAAA end']);
  });

  it('keeps paragraphs and their indentation', () => {
    expect(wrapText('Failed:\n  connection refused by the server', 16)).toEqual(['Failed:', '  connection', 'refused by the', 'server']);
  });

  it('marks the cut after the last allowed line', () => {
    const lines = wrapText('one two three four five six seven eight', 10, 2, '~');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('~')).toBe(true);
    expect(lines.every((line) => line.length <= 10)).toBe(true);
  });
});

describe('wide characters', () => {
  it('take two cells when measured, fitted, padded, wrapped and cut', () => {
    expect(cellWidth('名前')).toBe(4);
    expect(cellWidth('🙂 ok')).toBe(5);
    expect(cellWidth('e\u0301')).toBe(1);
    expect(padText('名前', 6, '~')).toBe('名前  ');
    expect(fitText('日本語の名前', 7, '~')).toBe('日本語~');
    expect(cellWidth(padText('日本語の名前', 7, '~'))).toBe(7); // never half a wide character: a space fills in
    expect(wrapText('名前 名前名前', 6)).toEqual(['名前', '名前名', '前']);
    expect(chunkText('ab名前cd', 3)).toEqual(['ab', '名', '前c', 'd']);
  });
});
