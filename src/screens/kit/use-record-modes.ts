import { useCallback, useMemo, useState } from 'react';
import type { ConfirmDialogProps } from '../../widgets/index.js';

/** A yes/no question about the list (delete this?), asked under it. */
export interface Question {
  readonly title: string;
  readonly message: string;
  readonly yesLabel: string;
  readonly noLabel: string;
  readonly onYes: () => void;
  /** Default: nothing more (the screen is back where the question was asked). */
  readonly onNo?: () => void;
}

export interface RecordModes<P> {
  /** The panels opened, the first from the list; all stay mounted (hidden) under the last. */
  readonly stack: readonly P[];
  /** What shows over the list (a view, a form), or undefined: the list itself. */
  readonly panel: P | undefined;
  /** A question under the list, over whatever panel it was asked from. */
  readonly question: Question | undefined;
  /** Opens a panel; `back()` returns to where this was opened from. */
  open(panel: P): void;
  /** In place of the panel shown (after a save, the view of what was saved). */
  swap(panel: P): void;
  /** Back to where the panel was opened from (Esc). */
  back(): void;
  /** Back to the list. */
  home(): void;
  ask(question: Question): void;
  /** The question answered: it goes, and the screen is where it was asked. */
  answered(): void;
}

/** Where a record screen is: the list, or a stack of panels opened from it, and a question. */
export function useRecordModes<P>(onMove: () => void): RecordModes<P> {
  const [stack, setStack] = useState<readonly P[]>([]);
  const [question, setQuestion] = useState<Question | undefined>(undefined);
  const move = useCallback((next: (current: readonly P[]) => readonly P[]) => {
    setQuestion(undefined);
    setStack(next);
    onMove();
  }, [onMove]);
  return useMemo(() => ({
    stack,
    panel: stack[stack.length - 1],
    question,
    open: (panel: P) => move((current) => [...current, panel]),
    swap: (panel: P) => move((current) => [...current.slice(0, -1), panel]),
    back: () => move((current) => current.slice(0, -1)),
    home: () => move(() => []),
    ask: (next: Question) => setQuestion(next),
    answered: () => setQuestion(undefined),
  }), [stack, question, move]);
}

/** The question as a dialog (under a list or a panel): an answer closes it, then does what it says. */
export function questionDialog(modes: Pick<RecordModes<unknown>, 'question' | 'answered'>, isActive: boolean): Omit<ConfirmDialogProps, 'width'> | undefined {
  const { question } = modes;
  if (!question) return undefined;
  const onAnswer = (yes: boolean) => {
    modes.answered();
    if (yes) question.onYes();
    else question.onNo?.();
  };
  return { title: question.title, message: question.message, yesLabel: question.yesLabel, noLabel: question.noLabel, isActive, onAnswer };
}
