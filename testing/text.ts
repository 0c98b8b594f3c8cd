/** What a terminal shows, for assertions: text without escape codes, characters above 0x7E. */

export const stripAnsi = (text: string): string => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

/** The distinct characters above 0x7E: a terminal in ASCII mode must draw none. */
export function nonAscii(text: string): string[] {
  return [...new Set(Array.from(text).filter((char) => char.charCodeAt(0) > 0x7e))];
}
