import type { CheckResult } from '../../engine/store/index.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-24 10:21", local time. */
export function localTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The list's column: "valid 11-24 10:21", "INVALID 11-24 10:21" (stands out without colour), "never". */
export function lastCheckCell(check: CheckResult | null): string {
  if (!check) return 'never';
  return `${check.ok ? 'valid' : 'INVALID'} ${localTime(check.at).slice(5)}`;
}

/** The view's line: the verdict, when, and why it failed. */
export function lastCheckLine(check: CheckResult | null): string {
  if (!check) return 'never verified';
  return `${check.ok ? 'valid' : 'invalid'} (${localTime(check.at)})${check.message ? `: ${check.message}` : ''}`;
}

