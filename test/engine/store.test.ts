import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { openDataStore } from '../../src/engine/dataStore.js';
import { SCHEMA_VERSION } from '../../src/engine/store/index.js';
import { openTestStore } from '../helpers/dataStores.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

describe('store', () => {
  it('keeps attributes encrypted at rest and non-secret ones also in clear', () => {
    const data = openTestStore(tempDir());
    data.store.cloudCredentials.create('box', 'FTP', { host: 'ftp.example.com', user: 'nas', pass: 'hunter2-secret' });
    data.store.close();
    const raw = new Database(data.paths.database, { readonly: true });
    const row = raw.prepare('SELECT attributes, public_attributes FROM cloud_credentials').get() as { attributes: string; public_attributes: string };
    raw.close();
    expect(row.attributes.startsWith('$nc1$')).toBe(true);
    expect(row.attributes).not.toContain('hunter2');
    expect(JSON.parse(row.public_attributes)).toEqual({ host: 'ftp.example.com', user: 'nas' });
  });

  it('refuses duplicate names, with the name in the message', () => {
    const { store } = openTestStore(tempDir());
    store.keychain.create('key', 'SSH_KEY_PAIR', { private_key: 'x', public_key: 'y' });
    expect(() => store.keychain.create('key', 'SSH_KEY_PAIR', {})).toThrow('A keychain credential named "key" already exists.');
    expect(() => store.cloudCredentials.create('x'.repeat(121), 'FTP', {})).toThrow(/too long/);
    store.close();
  });

  it('audits every change without the secret', () => {
    const { store } = openTestStore(tempDir());
    const record = store.cloudCredentials.create('box', 'FTP', { host: 'h', user: 'u', pass: 'topsecret-pass' });
    store.cloudCredentials.update(record.id, { name: 'box2', attributes: { host: 'h', user: 'u', pass: 'other-secret' } });
    store.cloudCredentials.remove(record.id);
    const entries = store.audit.list();
    expect(entries.map((e) => [e.action, e.kind, e.record])).toEqual([
      ['delete', 'cloud credential', 'box2'],
      ['update', 'cloud credential', 'box2'],
      ['create', 'cloud credential', 'box'],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/topsecret|other-secret/);
    store.close();
  });

  it('refuses to open with a seed that does not match the database', () => {
    const dir = tempDir();
    const first = openTestStore(dir);
    first.store.cloudCredentials.create('box', 'FTP', { pass: 'p' });
    first.store.close();
    writeFileSync(first.paths.secret, Buffer.alloc(32, 1));
    expect(() => openDataStore(dir)).toThrow(/does not match this configuration database/);
  });

  it('refuses a database from a newer nasconsole', () => {
    const dir = tempDir();
    const first = openTestStore(dir);
    first.store.db.pragma('user_version = 42');
    first.store.close();
    expect(() => openDataStore(dir)).toThrow(`This configuration database has schema version 42, newer than this nasconsole supports (${SCHEMA_VERSION}): upgrade nasconsole.`);
  });
});
