/**
 * The screen contract: how a screen plugs into the console shell (src/screens/App.tsx).
 *
 * A screen is a React component listed in src/screens/registry.ts as a `ScreenDefinition`
 * ({ id, title, component }). The shell shows the screens as tabs 1-4 (also F2-F5; F1 is help) and
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
 *   - `useScreenBindings(bindings, active)`: the keys of what has the keyboard now (a list, a
 *     view, a form), as one table (src/widgets/bindings.ts) that both dispatches the keys and
 *     is shown: the footer shows those without `footer: false`; F1 (or `?` where it is not
 *     text) opens a help overlay listing all of them and the shell's keys. The part of a
 *     screen that is active reports.
 *   - `useScreenKeys(hints, active)`: hints alone, for keys a widget reads itself.
 *   - `useScreenDirty(dirty)`: unsaved changes; `q` and Ctrl-C then ask before quitting.
 *   - `useScreenCapturesText(capturing)`: a text input of the screen's own has focus, so
 *     1-4, ?, q are text, not shortcuts. A `Form` does this by itself for its text fields.
 *   - `useScreenStatus()`: the status line above the footer: `busy(text)` shows a spinner
 *     while long work runs, then `success`, `info`, `warning`, `error` or `clear`.
 *
 * Keys that belong to the shell (a screen never binds them): 1-4, F1-F5, ?, q, Ctrl-C.
 * Keys are consistent across screens: Tab/Shift-Tab and arrows move, Enter activates,
 * Esc goes back (a form asks before discarding changes), letters for the main actions
 * (a add, e edit, d delete, v verify, s save).
 */
import { createContext, createElement, useContext, useEffect, useMemo, useRef, type ComponentType, type ReactNode } from 'react';
import { bindingHints, type Binding, type KeyHint } from '../widgets/bindings.js';
import type { Status } from '../widgets/StatusLine.js';
import { useBindings } from '../widgets/use-bindings.js';
import { useCaptureKeys } from '../widgets/use-keys.js';
import type { AppServices } from './services.js';

export type { Binding, KeyHint } from '../widgets/bindings.js';
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
  /** The keys are a form's (its text fields take letters): the footer names the F-keys then. */
  readonly form?: boolean;
  readonly dirty: boolean;
  readonly status?: Status | undefined;
}

export interface ScreenStatusApi {
  /** Long work in the foreground: a spinner and this text until the next message. */
  busy(text: string): void;
  /** Work in the background: shown unless foreground work runs or a message was just said. */
  progress(text: string): void;
  info(text: string): void;
  success(text: string): void;
  warning(text: string): void;
  error(text: string): void;
  clear(): void;
}

/** What the status line of one screen shows now, as far as background progress must know. */
interface StatusLineState {
  busy: boolean;
  heldUntil: number;
}

interface ScreenHost {
  readonly active: boolean;
  readonly line: StatusLineState;
  report(patch: Partial<ScreenChrome>): void;
}

const ScreenHostContext = createContext<ScreenHost>({ active: true, line: { busy: false, heldUntil: 0 }, report: () => undefined });

/** Used by the shell: wraps one screen so that its hooks report to `report`. */
export function ScreenHostProvider(props: { active: boolean; report: (patch: Partial<ScreenChrome>) => void; children: ReactNode }) {
  const { active, report, children } = props;
  const line = useRef<StatusLineState>({ busy: false, heldUntil: 0 }).current;
  const value = useMemo(() => ({ active, report, line }), [active, report, line]);
  return createElement(ScreenHostContext.Provider, { value }, children);
}

/** The hints shown while `active` (the part of the screen that has the keyboard reports them). */
export function useScreenKeys(hints: readonly KeyHint[], active = true, options: { form?: boolean } = {}): void {
  const { report } = useContext(ScreenHostContext);
  const latest = useRef(hints);
  latest.current = hints;
  const form = options.form ?? false;
  const signature = hints.map((hint) => `${hint.keys}\u0000${hint.label}\u0000${hint.footer ?? true}`).join('\u0001');
  useEffect(() => {
    if (active) report({ hints: latest.current, form });
  }, [report, signature, active, form]);
}

/** One table of keys while `active`: dispatched, and shown in the footer and the help. */
export function useScreenBindings(bindings: readonly Binding[], active: boolean): void {
  useBindings(bindings, active);
  useScreenKeys(bindingHints(bindings), active);
}

/** Unsaved changes while mounted with `dirty`; none once unmounted (the form closed). */
export function useScreenDirty(dirty: boolean): void {
  const { report } = useContext(ScreenHostContext);
  useEffect(() => {
    report({ dirty });
    return () => report({ dirty: false });
  }, [report, dirty]);
}

export function useScreenCapturesText(capturing: boolean): void {
  const { active } = useContext(ScreenHostContext);
  useCaptureKeys(capturing && active);
}

/** How long a message stays before background progress may take the status line again. */
const HOLD_MESSAGE_MS = 4000;

export function useScreenStatus(): ScreenStatusApi {
  const { report, line } = useContext(ScreenHostContext);
  return useMemo(() => {
    const say = (kind: Status['kind']) => (text: string) => {
      line.busy = kind === 'busy';
      line.heldUntil = kind === 'busy' ? 0 : Date.now() + HOLD_MESSAGE_MS;
      report({ status: { kind, text } });
    };
    return {
      busy: say('busy'),
      info: say('info'),
      success: say('success'),
      warning: say('warning'),
      error: say('error'),
      progress: (text: string) => {
        if (!line.busy && Date.now() >= line.heldUntil) report({ status: { kind: 'busy', text } });
      },
      clear: () => {
        line.busy = false;
        report({ status: undefined });
      },
    };
  }, [report, line]);
}
