import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../testing/text.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { keys, press, type, waitForFrame, type Ui } from '../widgets/ui.js';
import { escape, mountScreens, screenText, useScreenServices } from './mount.js';

const tempDir = useTempDirs();
const open = useScreenServices();

/** The ASCII spinner's glyph beside the save's status line, when it shows. */
const spinnerOf = (frame: string) => /([-\\|/]) Saving the configuration/.exec(frame)?.[1];

/** Waits until the spinner has drawn `count` different glyphs, the save still under way. */
async function spinnerTurns(ui: Ui, count: number): Promise<Set<string>> {
  const glyphs = new Set<string>();
  await waitForFrame(ui, (frame) => {
    const glyph = spinnerOf(stripAnsi(frame));
    if (glyph) glyphs.add(glyph);
    return glyphs.size >= count;
  }, 10_000);
  return glyphs;
}

describe('General screen while a save works', () => {
  it('keeps the spinner turning and the keys working during a save with a passphrase; Esc cancels it and nothing is written', async () => {
    const services = open();
    const ui = await mountScreens(services);
    const out = tempDir();
    await press(ui, 's');
    await waitForFrame(ui, (f) => f.includes('Save to'));
    await press(ui, keys.ctrlU);
    await type(ui, out);
    await press(ui, keys.tab, keys.tab, keys.tab);
    await type(ui, 'a long passphrase');
    await press(ui, keys.tab);
    await type(ui, 'a long passphrase');
    await press(ui, keys.tab, keys.enter);

    // The age work factor (scrypt) takes a second or more: the spinner goes on meanwhile.
    expect((await spinnerTurns(ui, 3)).size).toBe(3);
    expect(screenText(ui)).toContain('(Esc cancels)');

    // Screen keys are read: another screen, and back to the save still under way.
    await press(ui, '2');
    await waitForFrame(ui, (f) => f.includes('No cloud credentials yet'));
    await press(ui, '1');
    await waitForFrame(ui, (f) => spinnerOf(f) !== undefined);

    await escape(ui);
    await waitForFrame(ui, (f) => f.includes('Save cancelled: nothing was written.'), 5000);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(services.paths.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
