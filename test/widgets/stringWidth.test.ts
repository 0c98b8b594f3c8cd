import { describe, expect, it } from 'vitest';
import realStringWidth from 'string-width';
import stringWidth from '../../src/widgets/stringWidth.js';

describe('string width', () => {
  it('agrees with string-width on every code point its fast path measures', () => {
    const disagreements: string[] = [];
    for (let code = 0x20; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      // only what the fast path takes: the rest is string-width itself
      if (stringWidth(char) !== realStringWidth(char)) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('measures emoji sequences, combining marks and escape codes as string-width does', () => {
    for (const text of ['🙂', '👩‍💻 dev', 'e\u0301cole', '\u001B[7m名前\u001B[27m', '☺\uFE0F', '1\uFE0F\u20E3', '한국어', 'ｶﾀｶﾅ', '╭──›…•↑⠋✗']) {
      expect([text, stringWidth(text)]).toEqual([text, realStringWidth(text)]);
    }
  });
});
