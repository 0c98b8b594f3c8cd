import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackTar } from '../../src/engine/archive/tar.js';
import { createBackup, isScheduledBackupDue, lastBackupSlot, listBackups, nextBackupSlot, runScheduledBackupIfDue } from '../../src/engine/backups.js';
import { fileMode } from '../../src/engine/fsSafe.js';
import { SETTING_BACKUP_RETENTION } from '../../src/engine/store/settings.js';
import { fillStore, openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';
import { readFileSync } from 'node:fs';

const tempDir = useTempDirs();
const at = (text: string) => new Date(text); // local time, as the schedule is

describe('daily backup schedule', () => {
  it('belongs to the most recent 03:45 local time', () => {
    expect(lastBackupSlot(at('2026-11-24T03:44:59'))).toEqual(at('2026-11-23T03:45:00'));
    expect(lastBackupSlot(at('2026-11-24T03:45:00'))).toEqual(at('2026-11-24T03:45:00'));
    expect(nextBackupSlot(at('2026-11-24T10:00:00'))).toEqual(at('2026-11-25T03:45:00'));
  });

  it('runs once per slot, with the seed, and catches up a slot missed while the machine was off', async () => {
    const data = openTestStore(tempDir());
    fillStore(data);
    const first = await runScheduledBackupIfDue(data.store, data.paths, at('2026-11-24T09:00:00'));
    expect(first?.name).toBe('scheduled-2026-11-24.tar');
    expect(fileMode(first!.path)).toBe(0o600);
    const members = await unpackTar(readFileSync(first!.path));
    expect([...members.keys()].sort()).toEqual(['config.db', 'manifest.json', 'pool_keys.json', 'pwenc_secret']);
    expect(await runScheduledBackupIfDue(data.store, data.paths, at('2026-11-24T23:00:00'))).toBeNull();
    // Off from the 25th to the 27th at noon: the next run catches up with the latest slot.
    expect(isScheduledBackupDue(data.paths, at('2026-11-27T12:00:00'))).toBe(true);
    const caughtUp = await runScheduledBackupIfDue(data.store, data.paths, at('2026-11-27T12:00:00'));
    expect(caughtUp?.name).toBe('scheduled-2026-11-27.tar');
    expect(data.store.audit.list().some((entry) => entry.action === 'backup' && entry.record === 'scheduled-2026-11-27.tar')).toBe(true);
    data.store.close();
  });

  it('keeps only the newest N scheduled backups (a setting)', async () => {
    const data = openTestStore(tempDir());
    data.store.settings.set(SETTING_BACKUP_RETENTION, '3');
    for (let day = 1; day <= 5; day++) {
      const entry = await runScheduledBackupIfDue(data.store, data.paths, at(`2026-11-0${day}T12:00:00`));
      // Give each file the time of its slot, as if made on that day.
      utimesSync(entry!.path, at(`2026-11-0${day}T03:45:00`), at(`2026-11-0${day}T03:45:00`));
    }
    await createBackup(data.store, data.paths, 'pre-upload', at('2026-11-06T12:00:00'));
    const names = listBackups(data.paths).map((entry) => entry.name);
    expect(names.filter((name) => name.startsWith('scheduled-')).sort()).toEqual(['scheduled-2026-11-03.tar', 'scheduled-2026-11-04.tar', 'scheduled-2026-11-05.tar']);
    expect(names.filter((name) => name.startsWith('pre-upload-'))).toHaveLength(1);
    expect(readdirSync(join(data.paths.backups)).length).toBe(4);
    data.store.close();
  });
});
