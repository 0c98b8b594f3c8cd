import React from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ConfirmDialog } from '../../src/widgets/ConfirmDialog.js';
import { keys, press, renderUi, stripAnsi, waitForFrame, withWidgets } from './ui.js';

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
