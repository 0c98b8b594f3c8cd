import { printable } from '../common/printable.js';

/**
 * What a scripted command prints: JSON for scripts with --json, text for people. Names and
 * paths come from outside (uploads, rclone.conf files, remote servers): at this boundary every
 * control character is escaped, in text (`\e`, `\x07`) and in JSON (`\u001b`, also for the C1
 * and direction-changing characters that JSON.stringify would pass through).
 */
export function emit(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? safeJson(data) + '\n' : printableLines(text()) + '\n');
}

/** Each line escaped on its own: the line breaks of a listing are ours, the rest is data. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

export function safeJson(data: unknown): string {
  return JSON.stringify(data, null, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Left-aligned columns for text listings. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) => row.map((cell) => printable(cell ?? '')));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
