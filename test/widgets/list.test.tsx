import React, { useState } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { List, type ListColumn } from '../../src/widgets/List.js';
import { createTheme } from '../../src/widgets/theme.js';
import { keys, press, renderUi, withWidgets } from './ui.js';
import { stripAnsi } from '../../testing/text.js';

afterEach(cleanup);

interface Row { id: string; name: string; kind: string }
const rows = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: `id${i}`, name: `item-${i}`, kind: i % 2 ? 'SFTP' : 'S3' }));
const columns: ListColumn<Row>[] = [{ header: 'Name', value: (row) => row.name, width: 20 }, { header: 'Kind', value: (row) => row.kind }];

/** The selected row: the one drawn after the pointer. */
const selected = (frame: string) => /[›>](item-\d+)/.exec(stripAnsi(frame))?.[1];

function Harness({ items, height = 10 }: { items: Row[]; height?: number }) {
  const [submitted, setSubmitted] = useState('');
  return (
    <>
      <List items={items} columns={columns} width={60} height={height} getKey={(row) => row.id} onSubmit={(row) => setSubmitted(row.name)} />
      <Text>{`submitted:${submitted}`}</Text>
    </>
  );
}

describe('List', () => {
  test('renders only the visible rows of 10,000', () => {
    const ui = renderUi(withWidgets(<Harness items={rows(10_000)} />));
    const lines = stripAnsi(ui.frame()).split('\n');
    expect(lines.filter((line) => line.includes('item-'))).toHaveLength(9);
    expect(lines[0]).toMatch(/Name\s+Kind\s+1-9\/10000$/);
  });

  test('arrows, PgDn/PgUp and Home/End move the selection and scroll the window', async () => {
    const ui = renderUi(withWidgets(<Harness items={rows(10_000)} />));
    expect(selected(ui.frame())).toBe('item-0');
    await press(ui, keys.down, keys.down);
    expect(selected(ui.frame())).toBe('item-2');
    await press(ui, keys.up);
    expect(selected(ui.frame())).toBe('item-1');
    await press(ui, keys.pageDown);
    expect(selected(ui.frame())).toBe('item-9');
    expect(stripAnsi(ui.frame())).toContain('2-10/10000');
    await press(ui, keys.end);
    expect(selected(ui.frame())).toBe('item-9999');
    expect(stripAnsi(ui.frame())).toContain('9992-10000/10000');
    await press(ui, keys.down, keys.pageUp);
    expect(selected(ui.frame())).toBe('item-9991');
    await press(ui, keys.home, keys.up);
    expect(selected(ui.frame())).toBe('item-0');
  });

  test('a key read in the same read as an arrow acts on the row the arrow moved to', async () => {
    const ui = renderUi(withWidgets(<Harness items={rows(5)} />));
    await press(ui);
    ui.stdin.write(`${keys.down}${keys.down}${keys.enter}`);
    await press(ui);
    expect(ui.frame()).toContain('submitted:item-2');
  });

  test('Enter submits the selected item', async () => {
    const ui = renderUi(withWidgets(<Harness items={rows(5)} />));
    await press(ui, keys.down, keys.down, keys.enter);
    expect(ui.frame()).toContain('submitted:item-2');
  });

  test('the selection stays visible without colour: a pointer and inverse video', () => {
    const ui = renderUi(withWidgets(<Harness items={rows(3)} />, createTheme({ ascii: true, color: false })));
    expect(ui.frame()).toContain('\u001B[7m>\u001B[27mitem-0');
  });

  test('keeps the selection on the same item when items change, and clamps when it is gone', async () => {
    const ui = renderUi(withWidgets(<Harness items={rows(5)} />));
    await press(ui, keys.down, keys.down);
    ui.rerender(withWidgets(<Harness items={[{ id: 'new', name: 'item-99', kind: 'S3' }, ...rows(5)]} />));
    await press(ui);
    expect(selected(ui.frame())).toBe('item-2');
    ui.rerender(withWidgets(<Harness items={rows(1)} />));
    await press(ui);
    expect(selected(ui.frame())).toBe('item-0');
  });

  test('says so when empty, and ignores Enter', async () => {
    const ui = renderUi(withWidgets(<Harness items={[]} />));
    await press(ui, keys.enter);
    expect(ui.frame()).toContain('Nothing here yet.');
    expect(ui.frame()).toContain('submitted:\n'.trim());
  });
});
