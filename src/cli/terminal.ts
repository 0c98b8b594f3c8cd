/**
 * What the terminal can show, decided once at start: the console has to work on a serial
 * line (vt100/vt220, C locale, no colour), over SSH from a phone, and in a modern emulator.
 */

export interface TerminalRequest {
  /** `--ascii` */
  readonly ascii?: boolean | undefined;
  /** `--no-color` */
  readonly noColor?: boolean | undefined;
}

export interface TerminalProfile {
  /** Draw nothing above 0x7E: ASCII borders, markers and spinner. */
  readonly ascii: boolean;
  /** Emit colour codes (attributes such as inverse video are used either way). */
  readonly color: boolean;
}

/** Terminals that predate colour and UTF-8; their own TERM says so. */
const LEGACY_TERMS = /^(vt52|vt100|vt102|vt220|vt320|dumb|linux)\b/;
const MONOCHROME_TERMS = /^(vt52|vt100|vt102|vt220|vt320|dumb)\b/;

/** The locale that decides the character set, by POSIX precedence: LC_ALL, LC_CTYPE, LANG. */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

export function detectTerminal(request: TerminalRequest, env: NodeJS.ProcessEnv = process.env): TerminalProfile {
  const term = env.TERM ?? '';
  const utf8 = localeIsUtf8(env);
  // Without a UTF-8 locale the terminal cannot be trusted with UTF-8, whatever TERM says;
  // a vt100/vt220/linux TERM with a UTF-8 locale is a modern emulator or console set up for it.
  const ascii = request.ascii === true || !utf8 || (LEGACY_TERMS.test(term) && !utf8);
  // NO_COLOR (https://no-color.org): present and not empty. chalk does not read it.
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = request.noColor !== true && !noColorEnv && !MONOCHROME_TERMS.test(term);
  return { ascii, color };
}

/**
 * Why the full-screen console cannot run here, or undefined when it can: it needs a TTY on
 * both ends and raw mode to read single keys.
 */
export function whyNotInteractive(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): string | undefined {
  if (!stdin.isTTY) return 'standard input is not a terminal';
  if (typeof stdin.setRawMode !== 'function') return 'the terminal does not support raw mode';
  if (!stdout.isTTY) return 'standard output is not a terminal';
  return undefined;
}
