import { useContext, useLayoutEffect, useRef } from 'react';
import { KeyboardContext, type KeyboardContextValue } from './KeyboardProvider.js';
import type { KeyPress } from './keyParser.js';

function useKeyboard(): KeyboardContextValue {
  const keyboard = useContext(KeyboardContext);
  if (!keyboard) throw new Error('useKeys needs a <KeyboardProvider> (or <WidgetProviders>) above it');
  return keyboard;
}

/**
 * Calls `handler` for every key while `isActive`. Unlike Ink's `useInput` it sees F-keys,
 * bracketed pastes and arrow keys whose bytes arrived split. The latest handler is always
 * used, so it may close over state freely.
 */
export function useKeys(handler: (key: KeyPress) => void, options: { isActive?: boolean } = {}): void {
  const keyboard = useKeyboard();
  const isActive = options.isActive ?? true;
  const handlerRef = useRef(handler);
  const activeRef = useRef(isActive);
  handlerRef.current = handler;
  activeRef.current = isActive;

  // A layout effect: subscribed in the same commit that made the widget active, before the next key.
  useLayoutEffect(() => {
    if (!isActive) return undefined;
    return keyboard.subscribe({ handler: handlerRef, active: activeRef });
  }, [keyboard, isActive]);
}

/**
 * While `isCapturing`, keys are text (or a dialog's answer), so the shell's one-key shortcuts
 * (q, ?, 1-4) stand aside: a focused text field, an open confirm dialog.
 */
export function useCaptureKeys(isCapturing: boolean): void {
  const keyboard = useKeyboard();
  useLayoutEffect(() => (isCapturing ? keyboard.capture() : undefined), [keyboard, isCapturing]);
}
