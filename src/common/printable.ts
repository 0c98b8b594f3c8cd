/**
 * Names and paths come from users, uploaded databases, rclone.conf files and remote servers.
 * Printed as they are, an escape sequence in a name rewrites the terminal (moves the cursor,
 * hides a line, changes the title) and a right-to-left override reverses what a line seems to
 * say. Everything printed that we did not write ourselves goes through `printable`.
 */

// C0 controls, DEL, C1 controls, and the bidirectional formatting characters.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e' };

/** The text with every control character shown as an escape (`\e`, `\n`, `\x07`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

/** Whether the text has a character that `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text);
}

/** JSON.stringify for messages: quoted, with control characters escaped as JSON escapes them. */
export function quoted(text: string): string {
  return printable(JSON.stringify(text));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
