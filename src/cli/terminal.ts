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
  /** The terminal knows only SGR 0/1/4/5/7 (a real vt100): attributes go off with a reset. */
  readonly basicAttributes: boolean;
}

/** Terminals that predate colour and UTF-8; their own TERM says so. */
const LEGACY_TERMS = /^(vt52|vt100|vt102|vt220|vt320|vt420|vt520|dumb|linux|ansi|cons25|wy\d+)\b/;
const MONOCHROME_TERMS = /^(vt52|vt100|vt102|vt220|vt320|vt420|vt520|dumb|wy\d+)\b/;

/** The locale that decides the character set, by POSIX precedence: LC_ALL, LC_CTYPE, LANG. */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/**
 * ASCII when asked (`--ascii`), without a UTF-8 locale, or on a legacy TERM even with one: a
 * serial line to a vt100/vt220 inherits the host's UTF-8 locale but shows `›` as garbage, and
 * the Linux console's fonts hold few of our symbols. NASCONSOLE_UTF8=1 says the terminal is
 * set up for UTF-8 after all (a Linux console with a Unicode font).
 */
export function detectTerminal(request: TerminalRequest, env: NodeJS.ProcessEnv = process.env): TerminalProfile {
  const term = env.TERM ?? '';
  const utf8Anyway = env.NASCONSOLE_UTF8 === '1';
  const ascii = request.ascii === true || !localeIsUtf8(env) || (LEGACY_TERMS.test(term) && !utf8Anyway);
  // NO_COLOR (https://no-color.org): present and not empty. chalk does not read it.
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = request.noColor !== true && !noColorEnv && !MONOCHROME_TERMS.test(term);
  return { ascii, color, basicAttributes: MONOCHROME_TERMS.test(term) };
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
