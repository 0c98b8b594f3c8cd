import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface TaskQuestion<Q> {
  /** The question waiting for the user's answer, for the screen to show; undefined when none. */
  readonly asked: Q | undefined;
  /**
   * Asks from inside running work (the engine's callback: trust this certificate? the code?):
   * `question` is made with the function that answers it. The promise resolves with the
   * answer, or with `unanswered` when the screen goes away before anyone answered.
   */
  ask<A>(unanswered: A, question: (answer: (value: A) => void) => Q): Promise<A>;
}

/**
 * A question the engine asks in the middle of a task (`useTask`), shown by the screen until it
 * is answered. Work awaiting an answer never hangs: unmounting answers for the user.
 */
export function useTaskQuestion<Q>(): TaskQuestion<Q> {
  const [asked, setAsked] = useState<Q | undefined>(undefined);
  const giveUp = useRef<(() => void) | null>(null);
  useEffect(() => () => giveUp.current?.(), []);

  const ask = useCallback(<A,>(unanswered: A, question: (answer: (value: A) => void) => Q) => new Promise<A>((resolve) => {
    giveUp.current?.(); // one question at a time: an earlier one still open is left unanswered
    let settled = false;
    const abandon = () => settle(unanswered);
    const settle = (value: A) => {
      if (settled) return;
      settled = true;
      if (giveUp.current === abandon) giveUp.current = null;
      setAsked(undefined);
      resolve(value);
    };
    giveUp.current = abandon;
    setAsked(() => question(settle));
  }), []);

  return useMemo(() => ({ asked, ask }), [asked, ask]);
}
