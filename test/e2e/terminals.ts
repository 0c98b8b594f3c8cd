/** The two terminals every journey runs in: a serial console and a roomy SSH session. */
export interface TerminalProfile {
  name: string;
  columns: number;
  rows: number;
  args: string[];
  env: Record<string, string>;
  /** Characters above 0x7E must never be drawn. */
  asciiOnly: boolean;
}

export const terminalProfiles: TerminalProfile[] = [
  { name: 'serial 80x24 vt100, --ascii, NO_COLOR', columns: 80, rows: 24, args: ['--ascii'], env: { TERM: 'vt100', NO_COLOR: '1', LANG: 'C' }, asciiOnly: true },
  { name: 'ssh 120x40 UTF-8', columns: 120, rows: 40, args: [], env: { TERM: 'xterm-256color', LANG: 'C.UTF-8' }, asciiOnly: false },
];
