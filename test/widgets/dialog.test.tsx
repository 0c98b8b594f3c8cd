import React from 'react';
import { Box, Text } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ConfirmDialog } from '../../src/widgets/ConfirmDialog.js';
import { WithConfirmBelow } from '../../src/widgets/WithConfirmBelow.js';
import { keys, press, renderUi, waitForFrame, withWidgets } from './ui.js';
import { stripAnsi } from '../../testing/text.js';

afterEach(cleanup);

function mount(defaultAnswer?: boolean) {
  const answers: boolean[] = [];
  const ui = renderUi(withWidgets(
    <ConfirmDialog message="Delete the credential backup-s3?" {...(defaultAnswer === undefined ? {} : { defaultAnswer })} onAnswer={(yes) => answers.push(yes)} />,
  ));
  return { ui, answers };
}

describe('ConfirmDialog', () => {
  test('y and n answer at once, in either case', async () => {
    const { ui, answers } = mount();
    expect(stripAnsi(ui.frame())).toContain('Delete the credential backup-s3?');
    await press(ui, 'y', 'N', 'Y', 'n');
    expect(answers).toEqual([true, false, true, false]);
  });

  test('Enter gives the default answer, which is no unless told otherwise', async () => {
    const no = mount();
    await press(no.ui, keys.enter);
    expect(no.answers).toEqual([false]);
    const yes = mount(true);
    await press(yes.ui, keys.enter);
    expect(yes.answers).toEqual([true]);
  });

  test('arrows move between the buttons, Enter picks the focused one', async () => {
    const { ui, answers } = mount();
    expect(stripAnsi(ui.frame())).toContain('›[ No (n) ]');
    await press(ui, keys.left);
    expect(stripAnsi(ui.frame())).toContain('›[ Yes (y) ]');
    await press(ui, keys.enter);
    expect(answers).toEqual([true]);
  });

  test('Esc means no, and other keys are ignored', async () => {
    const { ui, answers } = mount();
    await press(ui, 'x', '1', 'q');
    expect(answers).toEqual([]);
    await press(ui, keys.escape);
    await waitForFrame(ui, () => answers.length === 1);
    expect(answers).toEqual([false]);
  });
});

describe('content with a question under it', () => {
  test('the content gives up exactly the rows the dialog takes, however the message wraps', () => {
    const message = 'Delete "offsite" and the 2 SSH connections that use it? This cannot be undone, and the remote keeps its authorized_keys line.';
    for (const width of [40, 80]) {
      let given = 0;
      const ui = renderUi(
        withWidgets(
          <WithConfirmBelow width={width} height={20} confirm={{ title: 'Delete SSH keypair', message, onAnswer: () => undefined }}>
            {(rows) => {
              given = rows;
              return <Box height={rows} flexDirection="column"><Text>list</Text></Box>;
            }}
          </WithConfirmBelow>,
        ),
        { columns: width, rows: 24 },
      );
      const lines = ui.frame().split('\n');
      expect(lines).toHaveLength(20);
      expect(lines[given]).toMatch(/^[+╭]/); // the dialog's top border follows the content directly
      expect(lines.at(-1)).toMatch(/^[+╰]/);
      ui.unmount();
    }
  });
});
