import React, { type ReactNode } from 'react';
import { Transform } from 'ink';

// Written directly rather than through chalk: chalk drops every attribute when it thinks the
// terminal has no colour (`--no-color` in argv, a non-TTY stdout), and the selection and the
// text caret must stay visible with colours off. Inverse video is an attribute, not a colour.
const INVERSE_ON = '\u001B[7m';
const INVERSE_OFF = '\u001B[27m';

const inverse = (line: string) => (line ? INVERSE_ON + line + INVERSE_OFF : line);

/** Inverse video around its text, e.g. the selected row or the caret of a text field. */
export function Inverse({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  if (!enabled) return <>{children}</>;
  return <Transform transform={inverse}>{children}</Transform>;
}
