import React, { createContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useStdin } from 'ink';
import { BRACKETED_PASTE_END, BRACKETED_PASTE_START, parseKey, splitKeySequences, type KeyPress } from './keyParser.js';

export interface KeyListener {
  readonly handler: { current: (key: KeyPress) => void };
  readonly active: { current: boolean };
}

export interface KeyboardContextValue {
  subscribe(listener: KeyListener): () => void;
  /** Claims the keyboard for text entry or a dialog; returns the release function. */
  capture(): () => void;
}

export const KeyboardContext = createContext<KeyboardContextValue | undefined>(undefined);

/** Longer runs of text that arrive in one read are taken for a paste (see `enqueue`). */
const MAX_TYPED_BURST = 4;

/** Like ncurses' ESCDELAY: how long a lone ESC waits for the rest of an arrow key. */
export const DEFAULT_ESCAPE_DELAY_MS = 50;

export interface KeyboardProviderProps {
  readonly children: ReactNode;
  readonly escapeDelayMs?: number;
}

/**
 * Reads Ink's raw input events once, completes key sequences split across reads, and hands
 * each key to every `useKeys` handler that was active when it arrived. Raw mode is only
 * requested where the stdin supports it, so a non-TTY stdin never makes Ink throw.
 */
export function KeyboardProvider({ children, escapeDelayMs = DEFAULT_ESCAPE_DELAY_MS }: KeyboardProviderProps) {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: events } = useStdin();
  const listeners = useRef(new Set<KeyListener>());
  const captures = useRef(0);

  const context = useMemo<KeyboardContextValue>(() => ({
    subscribe(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    capture() {
      captures.current++;
      let released = false;
      return () => {
        if (!released) captures.current--;
        released = true;
      };
    },
  }), []);

  useEffect(() => {
    if (!isRawModeSupported) return undefined;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);

  useEffect(() => {
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    let paste: string[] | undefined;
    const queue: string[] = [];
    let draining = false;

    const dispatch = (key: KeyPress) => {
      const event = { ...key, captured: captures.current > 0 };
      // Only handlers active on arrival: a dialog closed by this key must not pass it on.
      const receivers = [...listeners.current].filter((listener) => listener.active.current);
      for (const listener of receivers) listener.handler.current(event);
    };
    const deliver = (sequence: string) => {
      if (sequence === BRACKETED_PASTE_START) {
        paste = [];
      } else if (sequence === BRACKETED_PASTE_END) {
        const text = (paste ?? []).join('');
        paste = undefined;
        if (text) dispatch({ ...parseKey('x'), name: 'paste', text });
      } else if (paste) {
        paste.push(sequence);
      } else {
        dispatch(parseKey(sequence));
      }
    };
    // React renders a key's changes a macrotask later (Ink's renderer has no microtasks), so
    // keys that arrived together are handed out one at a time, each after the previous one's
    // changes are on screen: 'a' opening a form and 'x' typed into it in the same read.
    const drain = () => {
      const sequence = queue.shift();
      if (sequence === undefined) {
        draining = false;
        return;
      }
      deliver(sequence);
      setImmediate(() => setImmediate(drain));
    };
    const enqueue = (sequences: readonly string[]) => {
      for (const whole of sequences) {
        // Control characters (Tab, Enter, Backspace, Ctrl-keys) are keys of their own even when
        // they arrive in one read with text: "pw2<Tab><Enter>" typed fast is five keys.
        const parts = whole.startsWith('\u001B') || paste ? [whole] : whole.split(/([\u0000-\u001F\u007F])/).filter(Boolean);
        for (const sequence of parts) {
          // A short run of text is keys typed quickly (over a slow link they arrive together),
          // each one maybe a shortcut; a long run is a paste, kept whole so it cannot fire any.
          const chars = Array.from(sequence);
          if (!sequence.startsWith('\u001B') && !paste && chars.length > 1 && chars.length <= MAX_TYPED_BURST) queue.push(...chars);
          else queue.push(sequence);
        }
      }
      if (!draining && queue.length) {
        draining = true;
        drain();
      }
    };
    const flush = () => {
      timer = undefined;
      const sequence = pending;
      pending = '';
      if (sequence) enqueue([sequence]);
    };
    const onInput = (data: string) => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const { sequences, pending: rest } = splitKeySequences(pending + data);
      pending = rest;
      enqueue(sequences);
      if (pending && escapeDelayMs <= 0) flush();
      else if (pending) timer = setTimeout(flush, escapeDelayMs);
    };

    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      if (timer) clearTimeout(timer);
      queue.length = 0;
    };
  }, [events, escapeDelayMs]);

  return <KeyboardContext.Provider value={context}>{children}</KeyboardContext.Provider>;
}
