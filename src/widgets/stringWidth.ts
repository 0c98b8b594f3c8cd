import { eastAsianWidth } from 'get-east-asian-width';
import realStringWidth, { type Options } from 'string-width';

/**
 * string-width, with a fast path for the text a console is made of. string-width segments
 * every non-ASCII string into graphemes and tests each against Unicode emoji regexes: tens of
 * microseconds a call, and its first call compiles those regexes (tens of milliseconds of the
 * first frame, in which Ink measures every box border). Text made only of code points that are
 * a grapheme each and whose width East Asian Width alone decides (Latin, box drawing, arrows,
 * Braille, kana, CJK ideographs, Hangul syllables, fullwidth forms) is measured with
 * get-east-asian-width, string-width's own table; anything else (emoji sequences, combining
 * marks, joiners, escape codes other than SGR) goes to string-width. A test checks both agree on every code
 * point of the fast path. The build hands this module to Ink in place of string-width.
 */
const ONE_GRAPHEME_EACH =
  /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2070-\u20CF\u2100-\u218B\u2190-\u23FF\u2500-\u27BF\u27C0-\u2BFF\u2800-\u28FF\u3001-\u3029\u3030-\u303F\u3041-\u3096\u30A0-\u30FF\u4E00-\u9FFF\uAC00-\uD7A3\uFF01-\uFF60\uFFE0-\uFFE6]*$/;

/** Whether each UTF-16 unit of `text` is a grapheme of its own, measured by East Asian Width alone. */
export function isOneGraphemeEach(text: string): boolean {
  return ONE_GRAPHEME_EACH.test(text);
}

// Created on first use: the first Intl.Segmenter loads ICU's break rules (tens of ms), which
// most screens (ASCII, box drawing, CJK: see isOneGraphemeEach) never need.
let segmenter: Intl.Segmenter | undefined;

/** The graphemes of `text`: its UTF-16 units themselves when each is one (no segmenter then). */
export function* graphemesOf(text: string): Iterable<string> {
  if (isOneGraphemeEach(text)) {
    yield* text;
    return;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(text)) yield segment;
}

/** Colours and attributes (SGR) take no cell; string-width strips them too. */
const SGR = /\u001B\[[0-9;]*m/g;

export default function stringWidth(text: string, options?: Options): number {
  const plain = text.includes('\u001B') ? text.replace(SGR, '') : text;
  if (options === undefined && ONE_GRAPHEME_EACH.test(plain)) {
    let width = 0;
    for (let index = 0; index < plain.length; index++) {
      const code = plain.charCodeAt(index);
      width += code < 0x7f ? 1 : eastAsianWidth(code);
    }
    return width;
  }
  return realStringWidth(text, options);
}
