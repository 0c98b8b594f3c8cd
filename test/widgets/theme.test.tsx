import { vi } from 'vitest';

// chalk decides its colour level when first loaded, and a test's stdout is no terminal: force
// colours on, so that "no colour codes" below means the theme kept them out, not chalk.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

import React from 'react';
import { Box } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ConfirmDialog } from '../../src/widgets/ConfirmDialog.js';
import { Footer } from '../../src/widgets/Footer.js';
import { Form } from '../../src/widgets/Form.js';
import { HelpOverlay } from '../../src/widgets/HelpOverlay.js';
import { List } from '../../src/widgets/List.js';
import { StatusLine } from '../../src/widgets/StatusLine.js';
import { TabBar } from '../../src/widgets/TabBar.js';
import { displayText } from '../../src/widgets/text.js';
import { createTheme, type Theme } from '../../src/widgets/theme.js';
import { colourCodes, keys, press, renderUi, waitForFrame, withWidgets } from './ui.js';
import { nonAscii, stripAnsi } from '../../testing/text.js';

afterEach(cleanup);

const rows = [{ name: 'café-backup ☁', kind: 'S3' }, { name: 'evil\u001B]0;pwned\u0007name', kind: 'SFTP' }];

/** Every widget at once, with data that is not ASCII and data that holds control characters. */
function Gallery() {
  return (
    <Box flexDirection="column">
      <TabBar tabs={[{ id: 'a', key: '1', title: 'General' }, { id: 'b', key: '2', title: 'Clé' }]} activeId="a" width={80} />
      <List items={rows} columns={[{ header: 'Name', value: (row) => row.name, width: 12 }, { header: 'Kind', value: (row) => row.kind }]} width={80} height={3} />
      <Form
        width={80}
        height={12}
        isActive={false}
        initialValues={{ name: 'naïve', secret: 'pässword' }}
        fields={[
          { kind: 'text', name: 'name', label: 'Name', help: 'Wörds' },
          { kind: 'secret', name: 'secret', label: 'Secret' },
          { kind: 'boolean', name: 'on', label: 'On' },
          { kind: 'choice', name: 'pick', label: 'Pick', choices: [{ value: 'x', label: 'Ëx' }] },
          { kind: 'text', name: 'more', label: 'More', advanced: true },
        ]}
        messages={{ name: { error: 'Wrong ✗', warning: 'Careful…' } }}
        onSubmit={() => undefined}
        onCancel={() => undefined}
      />
      <ConfirmDialog message="Sûre?" isActive={false} onAnswer={() => undefined} />
      <StatusLine width={80} status={{ kind: 'busy', text: 'Working' }} />
      <StatusLine width={20} status={{ kind: 'error', text: 'A long error message that gets cut' }} />
      <Footer width={80} hints={[{ keys: '↑/↓', label: 'move' }]} pinned={[{ keys: '?', label: 'help' }]} />
      <HelpOverlay title="Keys" sections={[{ title: 'Screen', hints: [{ keys: 'a', label: 'ädd' }] }]} width={80} height={6} isActive={false} onClose={() => undefined} />
    </Box>
  );
}

const themes: Record<string, Theme> = {
  asciiNoColour: createTheme({ ascii: true, color: false }),
  ascii: createTheme({ ascii: true, color: true }),
  noColour: createTheme({ ascii: false, color: false }),
  full: createTheme({ ascii: false, color: true }),
};

describe('theme', () => {
  test('ASCII mode draws nothing above 0x7E: borders, markers, spinner, data, truncation', async () => {
    for (const theme of [themes.asciiNoColour!, themes.ascii!]) {
      const ui = renderUi(withWidgets(<Gallery />, theme));
      await waitForFrame(ui, () => ui.frames.length > 3); // a few spinner frames
      expect(nonAscii(ui.allFrames())).toEqual([]);
      expect(ui.frame()).toContain('+----');
      cleanup();
    }
  });

  test('the no-colour theme emits no colour code, while the colour theme does', async () => {
    const plain = renderUi(withWidgets(<Gallery />, themes.noColour));
    expect(colourCodes(plain.allFrames())).toEqual([]);
    expect(plain.frame()).toContain('\u001B[7m'); // selection still visible: inverse video
    const coloured = renderUi(withWidgets(<Gallery />, themes.full));
    expect(colourCodes(coloured.allFrames()).length).toBeGreaterThan(0);
  });

  test('a control character in data never reaches the terminal', () => {
    const ui = renderUi(withWidgets(<Gallery />, themes.full));
    expect(ui.allFrames()).not.toContain('\u001B]0;');
    expect(ui.frame()).toContain('evil\\e]0;p'); // shown escaped, as the CLI prints it
    expect(displayText('a\u001B[2Jb\u009Bc\td', false)).toBe('a\\e[2Jb\\x9bc d');
  });

  test('the no-colour theme keeps the focus visible in a form', async () => {
    const ui = renderUi(withWidgets(
      <Form width={60} height={8} fields={[{ kind: 'text', name: 'a', label: 'A' }, { kind: 'boolean', name: 'b', label: 'B' }]} onSubmit={() => undefined} onCancel={() => undefined} />,
      themes.asciiNoColour,
    ));
    await press(ui, keys.tab);
    expect(stripAnsi(ui.frame())).toMatch(/^> B\s+\[ \]$/m);
    expect(colourCodes(ui.allFrames())).toEqual([]);
  });
});
