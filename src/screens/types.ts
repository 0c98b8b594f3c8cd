/**
 * The screen contract: how a screen plugs into the console shell (src/screens/App.tsx).
 *
 * A screen is a React component listed in src/screens/registry.ts as a `ScreenDefinition`
 * ({ id, title, component }). The shell shows the screens as tabs 1-4 (also F1-F4) and
 * renders each one with `ScreenProps`:
 *   - `services`: the `AppServices` (./services.ts) given to `runConsole`, passed through
 *                 untouched.
 *   - `active`:   true while this screen has the keyboard: its tab is selected and no shell
 *                 overlay (help, quit question) is open. Every screen stays mounted, hidden
 *                 when not selected, so switching screens loses nothing typed. An inactive
 *                 screen must handle no key: give `active` to every widget's `isActive` and
 *                 to every `useKeys` (src/widgets/use-keys.ts) it calls.
 *   - `size`:     the content area in cells: below the tab bar, above the status line and
 *                 the footer. 80x24 gives { columns: 80, rows: 20 }. It changes on resize.
 *
 * Hooks a screen calls (they are harmless outside the shell, e.g. in a test):
 *   - `useScreenKeys(hints)`: the screen's keys. The footer shows those without
 *     `footer: false`; `?` opens a help overlay listing all of them and the shell's keys.
 *   - `useScreenDirty(dirty)`: unsaved changes; `q` and Ctrl-C then ask before quitting.
 *   - `useScreenCapturesText(capturing)`: a text input of the screen's own has focus, so
 *     1-4, ?, q are text, not shortcuts. A `Form` does this by itself for its text fields.
 *   - `useScreenStatus()`: the status line above the footer: `busy(text)` shows a spinner
 *     while long work runs, then `success`, `info`, `warning`, `error` or `clear`.
 *
 * Keys that belong to the shell (a screen never binds them): 1-4, F1-F4, ?, q, Ctrl-C.
 * Keys are consistent across screens: Tab/Shift-Tab and arrows move, Enter activates,
 * Esc goes back (a form asks before discarding changes), letters for the main actions
 * (a add, e edit, d delete, v verify, s save).
 */
import { createContext, createElement, useContext, useEffect, useMemo, useRef, type ComponentType, type ReactNode } from 'react';
import type { KeyHint } from '../widgets/keyHints.js';
import type { Status } from '../widgets/StatusLine.js';
import { useCaptureKeys } from '../widgets/use-keys.js';
import type { AppServices } from './services.js';

export type { KeyHint } from '../widgets/keyHints.js';
export type { Status, StatusKind } from '../widgets/StatusLine.js';

/** The engine's objects given to every screen: defined in ./services.ts, re-exported here. */
export type { AppServices } from './services.js';

export interface ScreenSize {
  readonly columns: number;
  readonly rows: number;
}

export interface ScreenProps<Services = AppServices> {
  readonly services: Services;
  readonly active: boolean;
  readonly size: ScreenSize;
}

export interface ScreenDefinition<Services = AppServices> {
  /** Stable id, e.g. 'general'. */
  readonly id: string;
  /** Tab title, e.g. 'Cloud Credentials'. */
  readonly title: string;
  readonly component: ComponentType<ScreenProps<Services>>;
}

/** What a screen tells the shell about itself. */
export interface ScreenChrome {
  readonly hints: readonly KeyHint[];
  readonly dirty: boolean;
  readonly status?: Status | undefined;
}

export interface ScreenStatusApi {
  busy(text: string): void;
  info(text: string): void;
  success(text: string): void;
  warning(text: string): void;
  error(text: string): void;
  clear(): void;
}

interface ScreenHost {
  readonly active: boolean;
  report(patch: Partial<ScreenChrome>): void;
}

const ScreenHostContext = createContext<ScreenHost>({ active: true, report: () => undefined });

/** Used by the shell: wraps one screen so that its hooks report to `report`. */
export function ScreenHostProvider(props: { active: boolean; report: (patch: Partial<ScreenChrome>) => void; children: ReactNode }) {
  const { active, report, children } = props;
  const value = useMemo(() => ({ active, report }), [active, report]);
  return createElement(ScreenHostContext.Provider, { value }, children);
}

export function useScreenKeys(hints: readonly KeyHint[]): void {
  const { report } = useContext(ScreenHostContext);
  const latest = useRef(hints);
  latest.current = hints;
  const signature = hints.map((hint) => `${hint.keys}\u0000${hint.label}\u0000${hint.footer ?? true}`).join('\u0001');
  useEffect(() => report({ hints: latest.current }), [report, signature]);
}

export function useScreenDirty(dirty: boolean): void {
  const { report } = useContext(ScreenHostContext);
  useEffect(() => report({ dirty }), [report, dirty]);
}

export function useScreenCapturesText(capturing: boolean): void {
  const { active } = useContext(ScreenHostContext);
  useCaptureKeys(capturing && active);
}

export function useScreenStatus(): ScreenStatusApi {
  const { report } = useContext(ScreenHostContext);
  return useMemo(() => {
    const show = (kind: Status['kind']) => (text: string) => report({ status: { kind, text } });
    return {
      busy: show('busy'),
      info: show('info'),
      success: show('success'),
      warning: show('warning'),
      error: show('error'),
      clear: () => report({ status: undefined }),
    };
  }, [report]);
}
