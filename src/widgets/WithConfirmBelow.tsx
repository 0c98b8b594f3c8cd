import React, { type ReactNode } from 'react';
import { Box } from 'ink';
import { ConfirmDialog, confirmDialogRows, type ConfirmDialogProps } from './ConfirmDialog.js';

export interface WithConfirmBelowProps {
  readonly width: number;
  readonly height: number;
  /** Hidden content stays mounted (display none), so a list keeps its selection. */
  readonly visible?: boolean;
  /** A yes/no question about the content (delete this?), shown under it while set. */
  readonly confirm?: Omit<ConfirmDialogProps, 'width'> | undefined;
  /** The content, given the rows left to it. */
  readonly children: (rows: number) => ReactNode;
}

const MAX_DIALOG_WIDTH = 76;

/** The rows left to the content above the question (all of them without one). */
export function rowsAboveConfirm(width: number, height: number, confirm: Pick<ConfirmDialogProps, 'message' | 'title'> | undefined): number {
  return confirm ? Math.max(2, height - confirmDialogRows(confirm, Math.min(width, MAX_DIALOG_WIDTH))) : height;
}

/** Content (a list) with a question under it: the content gives up exactly the rows the dialog needs. */
export function WithConfirmBelow({ width, height, visible = true, confirm, children }: WithConfirmBelowProps) {
  const dialogWidth = Math.min(width, MAX_DIALOG_WIDTH);
  const rows = rowsAboveConfirm(width, height, confirm);
  return (
    <Box display={visible ? 'flex' : 'none'} flexDirection="column" width={width} height={height}>
      {children(rows)}
      {confirm ? <ConfirmDialog {...confirm} width={dialogWidth} /> : null}
    </Box>
  );
}
