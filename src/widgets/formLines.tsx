import React, { type ReactNode } from 'react';
import { Text } from 'ink';
import { Inverse } from './Inverse.js';
import { isSecretField, type FieldMessage, type FormField, type FormValue } from './formTypes.js';
import type { FormRow } from './use-form-state.js';
import { caretPosition } from './textEdit.js';
import { displayText, fitText, padText, wrapText } from './text.js';
import type { Theme } from './theme.js';

/** One terminal line of a form, tagged with the row it belongs to (for scrolling). */
export interface FormLine {
  readonly key: string;
  readonly rowId: string;
  readonly node: ReactNode;
}

export interface RowContext {
  readonly theme: Theme;
  readonly width: number;
  readonly labelWidth: number;
  readonly focused: boolean;
  readonly active: boolean;
  readonly cursor: number;
  readonly revealed: boolean;
  readonly submitLabel: string;
}

/** `width` cells of `chars` around the caret, the caret cell shown inverse when focused. */
function caretView(chars: string[], cursor: number, width: number, focused: boolean): ReactNode {
  if (!focused) return chars.slice(0, width).join('');
  const start = Math.max(0, cursor - width + 1);
  const visible = chars.slice(start, start + width);
  const at = cursor - start;
  return (
    <>
      {visible.slice(0, at).join('')}
      <Inverse>{visible[at] ?? ' '}</Inverse>
      {visible.slice(at + 1).join('')}
    </>
  );
}

function fieldValue(field: FormField, value: FormValue | undefined, context: RowContext, width: number): ReactNode {
  const { theme, focused, cursor, revealed } = context;
  if (field.kind === 'boolean') return value === true ? theme.symbols.checked : theme.symbols.unchecked;
  if (field.kind === 'choice') {
    const label = field.choices.find((choice) => choice.value === value)?.label ?? String(value ?? '');
    const shown = fitText(displayText(label, theme.ascii), width - 4, theme.symbols.ellipsis);
    return focused ? `${theme.symbols.choiceLeft} ${shown} ${theme.symbols.choiceRight}` : shown;
  }
  const text = typeof value === 'string' ? value : '';
  const keeps = field.kind === 'secret' && field.keepExisting && text === '';
  const placeholder = keeps ? '(unchanged; type to replace)' : field.kind !== 'secret' && field.kind !== 'multiline' ? field.placeholder : undefined;
  if (!text && placeholder && !focused) return <Text color={theme.colors.muted}>{fitText(placeholder, width, theme.symbols.ellipsis)}</Text>;
  // A secret is drawn as one mask character per character: its text never reaches the screen.
  const masked = isSecretField(field) && !revealed;
  const chars = masked ? Array.from(text, () => theme.symbols.mask) : Array.from(displayText(text, theme.ascii));
  return caretView(chars, cursor, width, focused);
}

function multilineLines(field: Extract<FormField, { kind: 'multiline' }>, text: string, context: RowContext, id: string): FormLine[] {
  const { theme, focused, cursor, revealed, width } = context;
  const lines = text.split('\n');
  if (field.secret && !revealed) {
    const summary = text ? `[hidden: ${lines.length} line${lines.length === 1 ? '' : 's'}] Ctrl-R reveals` : field.keepExisting ? '(unchanged; paste to replace)' : '(empty; paste here)';
    return [{ key: `${id}:hidden`, rowId: id, node: <Text color={theme.colors.muted}>{fitText(`    ${summary}`, width, theme.symbols.ellipsis)}</Text> }];
  }
  const rows = Math.max(1, field.rows ?? 4);
  const caret = caretPosition(text, cursor);
  const top = focused ? Math.max(0, Math.min(caret.line - rows + 1, lines.length - rows)) : 0;
  const inner = Math.max(4, width - 6);
  return Array.from({ length: rows }, (_, offset) => {
    const index = top + offset;
    const line = Array.from(displayText(lines[index] ?? '', theme.ascii));
    const body = index < lines.length ? caretView(line, caret.column, inner, focused && index === caret.line) : '';
    return { key: `${id}:${offset}`, rowId: id, node: <Text>{'    | '}{body}</Text> };
  });
}

const MESSAGE_LINES = 3;

function messageLines(id: string, message: FieldMessage | undefined, context: RowContext): FormLine[] {
  const { theme, width, labelWidth } = context;
  const indent = ' '.repeat(Math.min(labelWidth + 3, Math.floor(width / 3)));
  const room = width - indent.length - 2;
  // A message explains what to fix: it wraps (up to three lines) rather than lose its end.
  const line = (kind: 'error' | 'warning', text: string | undefined): FormLine[] =>
    text
      ? wrapText(displayText(text, theme.ascii), room, MESSAGE_LINES, theme.symbols.ellipsis).map((part, index) => ({
          key: `${id}:${kind}:${index}`,
          rowId: id,
          node: <Text color={theme.colors[kind]}>{`${indent}${index === 0 ? theme.symbols[kind] : ' '} ${part}`}</Text>,
        }))
      : [];
  return [...line('error', message?.error), ...line('warning', message?.warning)];
}

/** The lines of one row: label and value, then multi-line content and messages. */
export function rowLines(row: FormRow, value: FormValue | undefined, message: FieldMessage | undefined, context: RowContext): FormLine[] {
  const { theme, focused, active, width, labelWidth, submitLabel } = context;
  const pointer = focused && active ? theme.symbols.pointer : ' ';
  if (row.kind === 'submit') {
    return [
      { key: 'submit:gap', rowId: row.id, node: <Text> </Text> },
      { key: 'submit', rowId: row.id, node: <Text>{`${pointer} `}<Inverse enabled={focused}>{`[ ${displayText(submitLabel, theme.ascii)} ]`}</Inverse></Text> },
    ];
  }
  if (row.kind === 'advanced') {
    const symbol = row.open ? theme.symbols.unfolded : theme.symbols.folded;
    const title = displayText(`${row.group} (${row.count})`, theme.ascii);
    return [{ key: row.id, rowId: row.id, node: <Text>{`${pointer} `}<Inverse enabled={focused}>{`${symbol} ${title}`}</Inverse></Text> }];
  }
  const { field } = row;
  const labelText = displayText(field.label, theme.ascii);
  // A toggle's value takes three cells: a label longer than the label column may use the room beside it.
  const labelRoom = field.kind === 'boolean' ? Math.min(Math.max(labelWidth, labelText.length), width - 6) : labelWidth;
  const label = padText(labelText, labelRoom, theme.symbols.ellipsis);
  const head = <Text bold={focused} color={focused ? theme.colors.accent : undefined}>{label}</Text>;
  if (field.kind === 'multiline') {
    const text = typeof value === 'string' ? value : '';
    const count = text ? `(${text.split('\n').length} lines)` : '';
    return [
      { key: row.id, rowId: row.id, node: <Text>{`${pointer} `}{head} <Text color={theme.colors.muted}>{count}</Text></Text> },
      ...multilineLines(field, text, context, row.id),
      ...messageLines(row.id, message, context),
    ];
  }
  const valueWidth = Math.max(4, width - labelWidth - 3);
  return [
    { key: row.id, rowId: row.id, node: <Text>{`${pointer} `}{head} {fieldValue(field, value, context, valueWidth)}</Text> },
    ...messageLines(row.id, message, context),
  ];
}
