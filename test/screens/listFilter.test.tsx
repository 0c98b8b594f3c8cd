import { describe, expect, test } from 'vitest';
import { createBackup } from '../../src/engine/backups.js';
import { stripAnsi } from '../../testing/text.js';
import { keys, press, type, waitForFrame } from '../widgets/ui.js';
import { burst, escape, mountScreens, screenText, useScreenServices, type TestAppServices } from './mount.js';

// `/` on a list: it narrows as typed, counts, Esc clears, and keys after it act on the row shown.

const services = useScreenServices();

/** Credentials of three providers, in name order: alpha-ftp-00.., beta-http-00.., gamma-s3-00... */
function seed(app: TestAppServices, perProvider: number): void {
  const store = app.store();
  store.db.transaction(() => {
    for (let i = 0; i < perProvider; i++) {
      const n = String(i).padStart(2, '0');
      store.cloudCredentials.create(`alpha-ftp-${n}`, 'FTP', { host: 'ftp.example.com', user: 'u', pass: `p-${i}` });
      store.cloudCredentials.create(`beta-http-${n}`, 'HTTP', { url: 'https://example.com/' });
      store.cloudCredentials.create(`gamma-${n}`, 'S3', { access_key_id: `AKIA${n}`, secret_access_key: `secret-${n}` });
    }
  })();
}
const names = (app: TestAppServices) => app.store().cloudCredentials.list().map((credential) => credential.name);
/** The names in the list's rows (a row starts with the pointer or a space). */
const shownNames = (frame: string) => [...frame.matchAll(/^[ >›]((?:alpha-ftp|beta-http|gamma)-\d\d)/gm)].map((match) => match[1]);
const mountCloud = (app: TestAppServices) => mountScreens(app, { screens: ['cloud-credentials'], ready: 'a add' });

describe('the / filter of a list', () => {
  test('narrows as typed on what the columns show (the provider too), counts the matches, and Esc clears it', async () => {
    const app = services();
    seed(app, 4);
    const ui = await mountCloud(app);
    await press(ui, '/');
    await type(ui, 'S3');
    await waitForFrame(ui, (frame) => stripAnsi(frame).includes('/S3'));
    expect(screenText(ui)).toMatch(/\/S3 {3}4 of 12/);
    expect(shownNames(screenText(ui))).toEqual(['gamma-00', 'gamma-01', 'gamma-02', 'gamma-03']);
    await type(ui, '-');
    expect(shownNames(screenText(ui))).toEqual([]);
    expect(screenText(ui)).toContain('Nothing matches the filter.');
    await press(ui, keys.backspace, keys.backspace, keys.backspace);
    await type(ui, 'HTTP-0');
    expect(screenText(ui)).toMatch(/\/HTTP-0 {3}4 of 12/); // case-insensitive: the names say "http"
    await escape(ui);
    expect(shownNames(screenText(ui))).toHaveLength(12);
    expect(screenText(ui)).toMatch(/Name\s+Provider\s+Last verify/);
  });

  test('letters typed into the filter are text, not the screen\'s keys nor the shell\'s', async () => {
    const app = services();
    seed(app, 2);
    const ui = await mountCloud(app);
    await press(ui, '/');
    await type(ui, 'aq2d?');
    expect(screenText(ui)).toContain('/aq2d?');
    expect(screenText(ui)).not.toContain('choose the provider');
    expect(names(app)).toHaveLength(6);
  });

  test('/gam Enter Down d in one burst deletes the second match, the row shown selected', async () => {
    const app = services();
    seed(app, 3);
    const ui = await mountCloud(app);
    // A short run of text is keys (a longer one would be a paste, which is never a shortcut).
    await burst(ui, '/gam', keys.enter, keys.down, 'd');
    await waitForFrame(ui, (frame) => frame.includes('Delete cloud credential'));
    expect(screenText(ui)).toContain('Delete "gamma-01"');
    await press(ui, 'y');
    await waitForFrame(ui, (frame) => frame.includes('Deleted gamma-01.'));
    expect(names(app)).not.toContain('gamma-01');
    expect(names(app)).toHaveLength(8);
    // The filter stays after the delete: the rows shown are still the matches.
    expect(shownNames(screenText(ui))).toEqual(['gamma-00', 'gamma-02']);
  });

  test('Enter on a filtered list opens the row shown selected, and Esc after it clears the filter first', async () => {
    const app = services();
    seed(app, 3);
    const ui = await mountCloud(app);
    await press(ui, '/');
    await type(ui, 'http-02');
    await burst(ui, keys.enter, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('beta-http-02') && !stripAnsi(frame).includes('/http'));
    expect(screenText(ui)).toMatch(/HTTP/);
    expect(screenText(ui)).not.toContain('alpha-ftp');
    await escape(ui); // back to the filtered list
    await waitForFrame(ui, (frame) => stripAnsi(frame).includes('/http-02  1 of 9'));
    await escape(ui); // clears the filter; the selection stays on its row
    await waitForFrame(ui, (frame) => shownNames(stripAnsi(frame)).length === 9);
    expect(screenText(ui)).toMatch(/[>›]beta-http-02/);
  });
});

describe('type-ahead in the provider picker', () => {
  test('s selects S3, s again SFTP, then Enter opens the SFTP form', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await press(ui, 'a');
    await waitForFrame(ui, (frame) => frame.includes('choose the provider'));
    await press(ui, 's');
    expect(screenText(ui)).toMatch(/[>›]Amazon S3/);
    await press(ui, 's');
    expect(screenText(ui)).toMatch(/[>›]SFTP/);
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => /Add .*SFTP/.test(frame));
  });

  test('letters typed quickly in a row search a prefix: "mi" goes to Microsoft, past Mega', async () => {
    const app = services();
    const ui = await mountCloud(app);
    await press(ui, 'a');
    await waitForFrame(ui, (frame) => frame.includes('choose the provider'));
    await burst(ui, 'm', 'i');
    expect(screenText(ui)).toMatch(/[>›]Microsoft Azure Blob Storage/);
  });
});

describe('the / filter on the General screen\'s lists', () => {
  test('the backups list filters by kind, and Enter restores the backup shown selected', async () => {
    const app = services();
    await createBackup(app.store(), app.paths, 'scheduled', new Date('2026-11-01T03:45:00Z'));
    await createBackup(app.store(), app.paths, 'pre-upload', new Date('2026-11-02T10:00:00Z'));
    await createBackup(app.store(), app.paths, 'scheduled', new Date('2026-11-03T03:45:00Z'));
    const ui = await mountScreens(app, { screens: ['general'] });
    await press(ui, 'b');
    await waitForFrame(ui, (frame) => frame.includes('Backups (newest first)'));
    await burst(ui, '/pre', keys.enter);
    await waitForFrame(ui, (frame) => stripAnsi(frame).includes('/pre  1 of 3'));
    expect(screenText(ui)).not.toContain('scheduled-');
    await press(ui, keys.enter);
    await waitForFrame(ui, (frame) => frame.includes('Upload configuration'));
    expect(screenText(ui)).toContain('pre-upload-20261102');
  });
});
